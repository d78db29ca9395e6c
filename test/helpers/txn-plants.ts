// Anomalies to plant in a random transaction history, on keys no other transaction uses:
// each a few transactions that have the anomaly, the weakest model that forbids it, and (when
// only real-time or process order reveals it) a model under which the history stays valid.
// Shared by the txn checker's property tests and its bench.
import { lastTime } from './serial-txn-history.js';
import type { MopArray, TxnSpec } from './txn-history.js';

const X = 1_000_000;
const Y = 1_000_001;
const Z = 1_000_002;
const W = 1_000_003;

export type PlantTxn = Omit<TxnSpec, 'start'> & { start?: number };

/** A planted anomaly: transactions on fresh keys, with times relative to where they go. */
export interface Plant {
  /** Caught as this type under `model`. */
  type: string;
  model: string;
  /** A model under which the same history stays valid, when only an order reveals the anomaly. */
  validUnder?: string;
  txns: PlantTxn[];
}

/** Transactions overlapping one another (nothing orders them in real time). */
const together = (...txns: MopArray[][]): PlantTxn[] => txns.map((txn, i) => ({ p: 5000 + i, start: i * 0.1, end: 30, txn }));
/** Transactions one after another on one process. */
const inTurn = (...txns: MopArray[][]): PlantTxn[] => txns.map((txn, i) => ({ p: 5000, start: i * 3, end: i * 3 + 1, txn }));
const failed = (txn: MopArray[]): PlantTxn => ({ p: 5100, start: 0, end: 20, type: 'fail', txn });

const ap = (k: number, v: number): MopArray => ['append', k, v];
const lr = (k: number, v: number[]): MopArray => ['r', k, v];
const rw = (k: number, v: number | null): MopArray => ['r', k, v];
const w = (k: number, v: number): MopArray => ['w', k, v];

export const appendPlants: Plant[] = [
  { type: 'G0', model: 'read-uncommitted', txns: together([ap(X, 1), ap(Y, 1)], [ap(X, 2), ap(Y, 2)], [lr(X, [1, 2]), lr(Y, [2, 1])]) },
  { type: 'G1a', model: 'read-committed', txns: [failed([ap(X, 1)]), ...together([lr(X, [1])])] },
  { type: 'G1b', model: 'read-committed', txns: together([ap(X, 1), ap(X, 2)], [lr(X, [1])]) },
  { type: 'G1c', model: 'read-committed', txns: together([ap(X, 1), lr(Y, [1])], [ap(Y, 1), lr(X, [1])]) },
  { type: 'G-single-item', model: 'snapshot-isolation', txns: together([lr(X, []), lr(Y, [1])], [ap(X, 1), ap(Y, 1)], [lr(X, [1])]) },
  {
    type: 'G-nonadjacent-item',
    model: 'snapshot-isolation',
    txns: together([lr(X, []), lr(W, [1])], [ap(X, 1), ap(Y, 1)], [lr(Y, [1]), lr(Z, [])], [ap(Z, 1), ap(W, 1)], [lr(X, [1]), lr(Z, [1])]),
  },
  {
    type: 'G2-item',
    model: 'serializable',
    validUnder: 'snapshot-isolation',
    txns: together([lr(X, []), ap(Y, 1)], [lr(Y, []), ap(X, 1)], [lr(X, [1]), lr(Y, [1])]),
  },
  { type: 'internal', model: 'snapshot-isolation', validUnder: 'read-committed', txns: together([ap(X, 1), lr(X, [])], [lr(X, [1])]) },
  { type: 'future-read', model: 'read-committed', txns: together([lr(X, [1]), ap(X, 1)], [lr(X, [1])]) },
  { type: 'lost-update', model: 'repeatable-read', txns: together([lr(X, []), ap(X, 1)], [lr(X, []), ap(X, 2)], [lr(X, [1, 2])]) },
  { type: 'dirty-update', model: 'read-committed', txns: [failed([ap(X, 1)]), ...together([ap(X, 2)], [lr(X, [1, 2])])] },
  { type: 'duplicate-elements', model: 'read-uncommitted', txns: together([ap(X, 1)], [lr(X, [1, 1])]) },
  { type: 'incompatible-order', model: 'read-committed', txns: together([ap(X, 1)], [ap(X, 2)], [lr(X, [1, 2])], [lr(X, [2, 1])]) },
  { type: 'G0-realtime', model: 'strict-serializable', validUnder: 'serializable', txns: inTurn([ap(X, 1)], [ap(X, 2)], [lr(X, [2, 1])]) },
  { type: 'G1c-realtime', model: 'strict-serializable', validUnder: 'serializable', txns: inTurn([lr(X, [1])], [ap(X, 1)]) },
  { type: 'G-single-item-realtime', model: 'strict-serializable', validUnder: 'serializable', txns: inTurn([ap(X, 1)], [lr(X, [])], [lr(X, [1])]) },
  { type: 'G-single-item-process', model: 'strong-session-serializable', validUnder: 'serializable', txns: inTurn([ap(X, 1)], [lr(X, [])], [lr(X, [1])]) },
  { type: 'G1c-process', model: 'strong-session-read-committed', validUnder: 'read-committed', txns: inTurn([lr(X, [1])], [ap(X, 1)]) },
];

export const registerPlants: Plant[] = [
  { type: 'G1a', model: 'read-committed', txns: [failed([w(X, 1)]), ...together([rw(X, 1)])] },
  { type: 'G1b', model: 'read-committed', txns: together([w(X, 1), w(X, 2)], [rw(X, 1)]) },
  { type: 'G1c', model: 'read-committed', txns: together([w(X, 1), rw(Y, 1)], [w(Y, 1), rw(X, 1)]) },
  { type: 'G-single-item', model: 'snapshot-isolation', txns: together([rw(X, null), rw(Y, 1)], [w(X, 1), w(Y, 1)]) },
  { type: 'G2-item', model: 'serializable', validUnder: 'snapshot-isolation', txns: together([rw(X, null), w(Y, 1)], [rw(Y, null), w(X, 1)]) },
  { type: 'internal', model: 'snapshot-isolation', validUnder: 'read-committed', txns: together([w(X, 1), rw(X, 2)], [rw(X, 1)]) },
  { type: 'lost-update', model: 'repeatable-read', txns: together([rw(X, null), w(X, 1)], [rw(X, null), w(X, 2)]) },
  { type: 'cyclic-versions', model: 'read-uncommitted', txns: together([rw(X, 1), w(X, 2)], [rw(X, 2), w(X, 1)]) },
  { type: 'G-single-item-realtime', model: 'strict-serializable', validUnder: 'serializable', txns: inTurn([w(X, 1)], [rw(X, null)]) },
  { type: 'G-single-item-process', model: 'strong-session-serializable', validUnder: 'serializable', txns: inTurn([w(X, 1)], [rw(X, null)]) },
];

/**
 * The random history with the plant placed at a random moment within it (`where` in 0..1).
 * Instance i of a plant moves to keys and processes of its own, so many fit in one history.
 */
export function planted(specs: TxnSpec[], plant: Plant, where: number, instance = 0): TxnSpec[] {
  const at = where * lastTime(specs);
  const moved = plant.txns.map((t) => ({
    ...t,
    p: t.p + 200 * instance,
    txn: t.txn.map(([f, k, v]): MopArray => [f, (k as number) + 10 * instance, v]),
    start: at + (t.start ?? 0),
    end: at + (t.end ?? (t.start ?? 0) + 1),
  }));
  return [...specs, ...moved];
}
