// Indexes of who wrote what that both workloads' aborted and intermediate read checks use
// (elle/txn.clj failed-write-indices and intermediate-write-indices): per key and value, the
// failed transaction that wrote it, or the transaction that wrote it and then overwrote it.
import { valueKey, type ValueKey } from '../value-key.js';
import type { Mop, MopF, Txn } from './transactions.js';

/** Anomaly type → cases. */
export type Cases = Map<string, unknown[]>;

/** key → value → transaction. */
export type WriteIndex = Map<ValueKey, Map<ValueKey, Txn>>;

export function nested<V>(outer: Map<ValueKey, Map<ValueKey, V>>, k: ValueKey): Map<ValueKey, V> {
  let inner = outer.get(k);
  if (inner === undefined) outer.set(k, (inner = new Map()));
  return inner;
}

/** A micro-op as results.json shows it. */
export const mopData = (m: Mop): unknown[] => [m.f, m.key, m.value];

/** Every value a failed transaction wrote (appended), by key. */
export function failedWrites(txns: readonly Txn[], write: MopF): WriteIndex {
  const failed: WriteIndex = new Map();
  for (const t of txns) if (t.type === 'fail') for (const m of t.mops) if (m.f === write) nested(failed, m.k).set(valueKey(m.value), t);
  return failed;
}

/** Each key's values that a transaction wrote and then wrote over itself (request and completion). */
export function intermediateWrites(txns: readonly Txn[], write: MopF): WriteIndex {
  const im: WriteIndex = new Map();
  for (const t of txns) {
    for (const mops of [t.invokeMops, t.mops]) {
      const last = new Map<ValueKey, unknown>();
      for (const m of mops) {
        if (m.f !== write) continue;
        if (last.has(m.k)) nested(im, m.k).set(valueKey(last.get(m.k)), t);
        last.set(m.k, m.value);
      }
    }
  }
  return im;
}
