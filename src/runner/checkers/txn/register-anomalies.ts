// The rw-register anomalies found without cycles (elle/rw_register.clj): ok reads of a value a
// failed transaction wrote (G1a), of a value another transaction overwrote before it ended
// (G1b), reads that contradict the transaction's own previous write or read of the key
// (internal), and lost updates. Elle also refuses a history whose keys are of mixed types.
import { JsonFloat } from '../../base/exact-json.js';
import { valueKey, type ValueKey } from '../value-key.js';
import { lostUpdateCases } from './lost-update.js';
import { isOk, TxnHistoryError, type Txn } from './transactions.js';
import { failedWrites, intermediateWrites, mopData, type Cases, type WriteIndex } from './write-index.js';

export function registerAnomalies(txns: readonly Txn[]): Cases {
  const cases: Cases = new Map();
  const put = (type: string, found: unknown[]): void => {
    if (found.length > 0) cases.set(type, found);
  };
  const ok = txns.filter(isOk);
  put(
    'internal',
    ok.flatMap((t) => internalCase(t) ?? []),
  );
  put('G1a', readsOfWrites(ok, failedWrites(txns, 'w')));
  put('G1b', readsOfWrites(ok, intermediateWrites(txns, 'w')));
  put('lost-update', lostUpdateCases(txns, 'w'));
  return cases;
}

/** Elle's assert-type-sanity, for keys: one type throughout (a long, a double, a string, …). */
export function verifyKeyTypes(txns: readonly Txn[]): void {
  const types = new Set<string>();
  for (const t of txns) for (const mops of [t.invokeMops, t.mops]) for (const m of mops) types.add(javaType(m.key));
  if (types.size > 1) throw new TxnHistoryError(`History includes a mix of different types for transaction keys: ${[...types].join(', ')}`);
}

function javaType(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'double';
  if (typeof v === 'bigint') return v >= -(2n ** 63n) && v < 2n ** 63n ? 'long' : 'bigint';
  if (v instanceof JsonFloat) return 'double';
  if (Array.isArray(v)) return 'vector';
  return typeof v;
}

function internalCase(t: Txn): unknown {
  const state = new Map<ValueKey, unknown>();
  for (const m of t.mops) {
    if (m.f === 'w') {
      state.set(m.k, m.value);
      continue;
    }
    const s = state.get(m.k);
    // Clojure's truthiness: an expectation of nil (or false) is no expectation.
    if (s !== undefined && s !== null && s !== false && valueKey(s) !== valueKey(m.value)) return { op: t.op, mop: mopData(m), expected: s };
    state.set(m.k, m.value);
  }
  return undefined;
}

/** ok reads (any, not only the first of a key) of a value in `writes`, by another transaction. */
function readsOfWrites(ok: readonly Txn[], writes: WriteIndex): unknown[] {
  const found: unknown[] = [];
  for (const t of ok) {
    for (const m of t.mops) {
      if (m.f !== 'r') continue;
      const writer = writes.get(m.k)?.get(valueKey(m.value));
      if (writer && writer !== t) found.push({ op: t.op, mop: mopData(m), writer: writer.op });
    }
  }
  return found;
}
