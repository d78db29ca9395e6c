// Properties of the txn checkers over random histories: a history produced by a serial
// execution (with real time and process order consistent with it) is valid under every model
// Elle knows; the same history with an anomaly planted on fresh keys is caught, under the
// weakest model that forbids it, as that anomaly, and where only real-time or process order
// reveals the anomaly, the model without that order still calls the history valid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allModels, canonicalModelName, checkListAppend, checkTxnRwRegister, type TxnResult } from '../../../../src/runner/checkers/txn/index.js';
import { lastTime, serialTxnHistory, type TxnWorkload } from '../../../helpers/serial-txn-history.js';
import { txnHistory, type MopArray, type TxnSpec } from '../../../helpers/txn-history.js';

const checkers: Record<TxnWorkload, (ops: ReturnType<typeof txnHistory>, models: string[]) => TxnResult> = {
  'list-append': (ops, models) => checkListAppend(ops, { consistencyModels: models }),
  'rw-register': (ops, models) => checkTxnRwRegister(ops, { consistencyModels: models }),
};

const histories = fc.record({
  seed: fc.integer(),
  txns: fc.integer({ min: 30, max: 90 }),
  keyCount: fc.integer({ min: 2, max: 6 }),
  maxTxnLength: fc.integer({ min: 1, max: 4 }),
  maxWritesPerKey: fc.integer({ min: 2, max: 16 }),
});

describe.each(['list-append', 'rw-register'] as const)('%s: serial executions', (workload) => {
  it('are valid under every consistency model', () => {
    // One name per model: the friendly names are aliases of canonical ones.
    const models = [...new Set([...allModels].map(canonicalModelName))];
    fc.assert(
      fc.property(histories, (h) => {
        const ops = txnHistory(serialTxnHistory({ ...h, workload }));
        for (const m of models) expect(checkers[workload](ops, [m]), `${m}, seed ${h.seed}`).toMatchObject({ 'valid?': true });
      }),
      { numRuns: 8 },
    );
  });

  it('are valid under strict serializability however hot the keys and long the transactions', () => {
    fc.assert(
      fc.property(histories, (h) => {
        const ops = txnHistory(serialTxnHistory({ ...h, txns: 200, workload, failRate: 0.1, infoRate: 0.1 }));
        expect(checkers[workload](ops, ['strict-serializable'])).toMatchObject({ 'valid?': true });
      }),
      { numRuns: 20 },
    );
  });
});

const X = 1_000_000;
const Y = 1_000_001;
const Z = 1_000_002;
const W = 1_000_003;

type PlantTxn = Omit<TxnSpec, 'start'> & { start?: number };

/** A planted anomaly: transactions on fresh keys, with times relative to where they go. */
interface Plant {
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

const appendPlants: Plant[] = [
  { type: 'G0', model: 'read-uncommitted', txns: together([ap(X, 1), ap(Y, 1)], [ap(X, 2), ap(Y, 2)], [lr(X, [1, 2]), lr(Y, [2, 1])]) },
  { type: 'G1a', model: 'read-committed', txns: [failed([ap(X, 1)]), ...together([lr(X, [1])])] },
  { type: 'G1b', model: 'read-committed', txns: together([ap(X, 1), ap(X, 2)], [lr(X, [1])]) },
  { type: 'G1c', model: 'read-committed', txns: together([ap(X, 1), lr(Y, [1])], [ap(Y, 1), lr(X, [1])]) },
  { type: 'G-single-item', model: 'snapshot-isolation', txns: together([lr(X, []), lr(Y, [1])], [ap(X, 1), ap(Y, 1)], [lr(X, [1])]) },
  { type: 'G-nonadjacent-item', model: 'snapshot-isolation', txns: together([lr(X, []), lr(W, [1])], [ap(X, 1), ap(Y, 1)], [lr(Y, [1]), lr(Z, [])], [ap(Z, 1), ap(W, 1)], [lr(X, [1]), lr(Z, [1])]) },
  { type: 'G2-item', model: 'serializable', validUnder: 'snapshot-isolation', txns: together([lr(X, []), ap(Y, 1)], [lr(Y, []), ap(X, 1)], [lr(X, [1]), lr(Y, [1])]) },
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

const registerPlants: Plant[] = [
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

/** The random history with the plant placed at a random moment within it. */
function planted(specs: TxnSpec[], plant: Plant, where: number): TxnSpec[] {
  const at = where * lastTime(specs);
  return [...specs, ...plant.txns.map((t) => ({ ...t, start: at + (t.start ?? 0), end: at + (t.end ?? (t.start ?? 0) + 1) }))];
}

describe.each([
  ['list-append', appendPlants],
  ['rw-register', registerPlants],
] as const)('%s: planted anomalies', (workload, plants) => {
  it.each(plants.map((p) => [p.type, p]))('%s is caught as itself', (_, plant) => {
    fc.assert(
      fc.property(histories, fc.double({ min: 0, max: 1, noNaN: true }), (h, where) => {
        const ops = txnHistory(planted(serialTxnHistory({ ...h, workload }), plant, where));
        const r = checkers[workload](ops, [plant.model]);
        expect(r['valid?'], `seed ${h.seed}`).toBe(false);
        expect(r['anomaly-types'], `seed ${h.seed}`).toContain(plant.type);
        if (plant.validUnder) expect(checkers[workload](ops, [plant.validUnder]), `seed ${h.seed}`).toMatchObject({ 'valid?': true });
      }),
      { numRuns: 8 },
    );
  });
});
