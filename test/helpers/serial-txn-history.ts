// Transaction histories that are correct by construction, for the txn checker's property tests
// and its bench: transactions drawn as Elle's generator draws them (elle/txn.clj wr-txns: a
// pool of keys, the last position hottest, values 1, 2, 3, … per key, a key retired for a fresh
// one once it has had its writes), executed one at a time on an in-memory database, and given
// overlapping invocation and completion times around their place in that serial order, so real
// time and each process's order agree with it. Some transactions fail (never applied) and some
// end indeterminate (applied or not). Anomalies are then planted on fresh keys.
import { createRandom, randomInt, type Random } from '../../src/runner/base/random.js';
import type { MopArray, TxnSpec } from './txn-history.js';

export type TxnWorkload = 'list-append' | 'rw-register';

export interface SerialHistoryOptions {
  seed: number;
  txns: number;
  workload: TxnWorkload;
  keyCount?: number;
  maxTxnLength?: number;
  maxWritesPerKey?: number;
  /** Share of transactions that fail / end as info. */
  failRate?: number;
  infoRate?: number;
  /** How far (ms) invocation and completion may stray from the serialization point. */
  spread?: number;
}

/** Milliseconds between consecutive serialization points. */
export const gapMs = 10;

export function serialTxnHistory(o: SerialHistoryOptions): TxnSpec[] {
  const random = createRandom(o.seed);
  const draw = createTxnDrawer(random, o.keyCount ?? 10, o.maxTxnLength ?? 4, o.maxWritesPerKey ?? 16);
  const db = new Map<number, unknown>();
  const timed: Omit<TxnSpec, 'p'>[] = [];
  const spread = o.spread ?? 25;
  for (let i = 0; i < o.txns; i++) {
    const request = draw().map(([f, k, v]): MopArray => [f === 'w' && o.workload === 'list-append' ? 'append' : f, k, v]);
    const roll = random();
    const type = roll < (o.failRate ?? 0.05) ? 'fail' : roll < (o.failRate ?? 0.05) + (o.infoRate ?? 0.05) ? 'info' : 'ok';
    const applied = type === 'ok' || (type === 'info' && random() < 0.5);
    const txn = applied ? execute(db, request, o.workload) : request;
    const at = i * gapMs;
    timed.push({ start: at - random() * spread, end: at + random() * spread, type, txn });
  }
  return assignProcesses(timed);
}

/** Elle's wr-txns: a stream of transactions over a pool of integer keys. */
function createTxnDrawer(random: Random, keyCount: number, maxLength: number, maxWrites: number): () => MopArray[] {
  const pool = Array.from({ length: keyCount }, (_, i) => i);
  const written = new Map<number, number>();
  // rand-key, exponential base 2: position i is drawn with probability 2^(i+1) / (2^(n+1) - 2).
  const scale = 2 * (2 ** keyCount - 1);
  const pick = (): number => pool[Math.min(keyCount - 1, Math.floor(Math.log2(random() * scale + 2) - 1))];
  return () => {
    const txn: MopArray[] = [];
    const length = randomInt(random, 1, maxLength);
    while (txn.length < length) {
      const f = random() < 0.5 ? 'r' : 'w';
      const k = pick();
      if (f === 'r') {
        txn.push(['r', k, null]);
        continue;
      }
      const v = (written.get(k) ?? 0) + 1;
      if (v > maxWrites) {
        pool[pool.indexOf(k)] = Math.max(...pool) + 1;
        continue;
      }
      written.set(k, v);
      txn.push(['w', k, v]);
    }
    return txn;
  };
}

/** Applies a transaction to the database and returns it completed (reads filled in). */
function execute(db: Map<number, unknown>, request: MopArray[], workload: TxnWorkload): MopArray[] {
  return request.map(([f, k, v]): MopArray => {
    const key = k as number;
    if (f === 'r') {
      const current = db.get(key);
      return ['r', k, current === undefined ? null : Array.isArray(current) ? [...current] : current];
    }
    db.set(key, workload === 'list-append' ? [...((db.get(key) as unknown[]) ?? []), v] : v);
    return [f, k, v];
  });
}

/** Each transaction on the lowest-numbered process that is idle when it is invoked. */
function assignProcesses(timed: Omit<TxnSpec, 'p'>[]): TxnSpec[] {
  const busyUntil: number[] = [];
  return [...timed]
    .sort((a, b) => a.start - b.start)
    .map((t) => {
      let p = busyUntil.findIndex((until) => until < t.start);
      if (p < 0) p = busyUntil.length;
      busyUntil[p] = t.end!;
      return { ...t, p };
    });
}

/** Last completion time of a history, to place planted transactions within or after it. */
export function lastTime(specs: readonly TxnSpec[]): number {
  return Math.max(0, ...specs.map((s) => s.end ?? s.start));
}
