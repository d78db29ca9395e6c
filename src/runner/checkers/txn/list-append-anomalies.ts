// The list-append anomalies found without cycles (elle/list_append.clj): aborted reads (G1a),
// intermediate reads (G1b), reads that contradict the transaction's own earlier reads and
// appends (internal), reads of the transaction's own later appends (future-read), committed
// appends after aborted ones in a key's order (dirty-update), elements read twice
// (duplicate-elements), reads no single order explains (incompatible-order) and lost updates.
import type { Op } from '../../records/history.js';
import { valueKey, valuesEqual, compareValues, type ValueKey } from '../value-key.js';
import { appendOrders, incompatibleOrders, readList, sortedValues, type Source } from './append-order.js';
import { lostUpdateCases } from './lost-update.js';
import { isOk, isPossible, TxnHistoryError, type Mop, type Txn } from './transactions.js';
import { failedWrites, intermediateWrites, mopData, nested, type Cases } from './write-index.js';

/** Elle refuses a history in which one element is appended to one key twice. */
export function verifyUniqueAppends(txns: readonly Txn[]): void {
  const seen = new Map<ValueKey, Set<ValueKey>>();
  for (const t of txns) {
    for (const m of t.invokeMops) {
      if (m.f !== 'append') continue;
      const values = seen.get(m.k) ?? new Set<ValueKey>();
      seen.set(m.k, values);
      const vk = valueKey(m.value);
      if (values.has(vk))
        throw new TxnHistoryError(
          `duplicate-appends: value ${JSON.stringify(m.value)} appended to key ${JSON.stringify(m.key)} multiple times (op ${t.invoke.index})`,
        );
      values.add(vk);
    }
  }
}

export function listAppendAnomalies(txns: readonly Txn[]): Cases {
  const cases: Cases = new Map();
  const put = (type: string, found: unknown[]): void => {
    if (found.length > 0) cases.set(type, found);
  };
  const ok = txns.filter(isOk);
  const possible = txns.filter(isPossible);
  put('G1a', abortedReads(txns, ok));
  put('G1b', intermediateReads(txns, ok));
  put(
    'internal',
    ok.flatMap((t) => internalCase(t) ?? []),
  );
  put(
    'future-read',
    ok.flatMap((t) => futureReadCase(t) ?? []),
  );
  put('dirty-update', dirtyUpdates(txns));
  put('duplicate-elements', duplicates(possible));
  put('incompatible-order', incompatibleOrders(sortedValues(possible.map(source))));
  put('lost-update', lostUpdateCases(possible, 'append'));
  return cases;
}

export const source = (t: Txn): Source => ({ mops: t.mops, index: t.op.index });

/** Every element an ok read saw that a failed transaction appended. */
function abortedReads(txns: readonly Txn[], ok: readonly Txn[]): unknown[] {
  const failed = failedWrites(txns, 'append');
  const found: unknown[] = [];
  for (const t of ok) {
    for (const m of t.mops) {
      const byElement = m.f === 'r' ? failed.get(m.k) : undefined;
      if (byElement === undefined) continue;
      for (const e of readList(m, t.op.index)) {
        const writer = byElement.get(valueKey(e));
        if (writer) found.push({ op: t.op, mop: mopData(m), writer: writer.op, element: e });
      }
    }
  }
  return found;
}

/** ok reads ending in an element that another transaction appended and then appended after. */
function intermediateReads(txns: readonly Txn[], ok: readonly Txn[]): unknown[] {
  const intermediate = intermediateWrites(txns, 'append');
  const found: unknown[] = [];
  for (const t of ok) {
    for (const m of t.mops) {
      if (m.f !== 'r') continue;
      const list = readList(m, t.op.index);
      if (list.length === 0) continue;
      const writer = intermediate.get(m.k)?.get(valueKey(list[list.length - 1]));
      if (writer && writer !== t) found.push({ op: t.op, mop: mopData(m), writer: writer.op, element: list[list.length - 1] });
    }
  }
  return found;
}

/** The expected state of a key inside a transaction: known, or known only at its end. */
type Expected = { unknownPrefix: boolean; list: unknown[] } | null;

/** The first read that contradicts what the transaction itself read or appended before. */
function internalCase(t: Txn): unknown {
  const state = new Map<ValueKey, Expected>();
  for (const m of t.mops) {
    const s = state.get(m.k);
    if (m.f === 'append') {
      state.set(
        m.k,
        s === undefined
          ? { unknownPrefix: true, list: [m.value] }
          : s === null
            ? { unknownPrefix: false, list: [m.value] }
            : { ...s, list: [...s.list, m.value] },
      );
      continue;
    }
    if (s && !consistent(s, m.value)) return { op: t.op, mop: mopData(m), expected: s.unknownPrefix ? ['...', ...s.list] : s.list };
    state.set(m.k, m.value === null || m.value === undefined ? null : { unknownPrefix: false, list: readList(m, t.op.index) });
  }
  return undefined;
}

function consistent(s: NonNullable<Expected>, read: unknown): boolean {
  const list = Array.isArray(read) ? read : null;
  if (!s.unknownPrefix) return list !== null && list.length === s.list.length && list.every((x, i) => valuesEqual(x, s.list[i]));
  const values = list ?? [];
  const offset = values.length - s.list.length;
  return offset >= 0 && s.list.every((x, i) => valuesEqual(x, values[offset + i]));
}

/** A read that saw an element the same transaction appends only later. */
function futureReadCase(t: Txn): unknown {
  const reads = new Map<ValueKey, Map<ValueKey, Mop>>();
  for (const m of t.mops) {
    if (m.f === 'append') {
      const read = reads.get(m.k)?.get(valueKey(m.value));
      if (read) return { op: t.op, mop: mopData(read), element: m.value };
      continue;
    }
    const seen = nested(reads, m.k);
    for (const e of readList(m, t.op.index)) if (!seen.has(valueKey(e))) seen.set(valueKey(e), m);
  }
  return undefined;
}

/**
 * In each key's order (from every read of the history), an element appended by a committed
 * transaction after one appended by an aborted transaction. An element no transaction
 * appended stops the analysis, as Elle's assertion does.
 */
function dirtyUpdates(txns: readonly Txn[]): unknown[] {
  const sources = txns.flatMap((t) =>
    t.type === 'pending' ? [{ mops: t.invokeMops, index: t.invoke.index }] : [{ mops: t.invokeMops, index: t.invoke.index }, source(t)],
  );
  const writers = new Map<ValueKey, Map<ValueKey, Txn>>();
  for (const t of txns) for (const m of t.mops) if (m.f === 'append') nested(writers, m.k).set(valueKey(m.value), t);
  const found: unknown[] = [];
  for (const [k, order] of appendOrders(sortedValues(sources))) {
    let t1: { type: string; op?: Op } = { type: 'ok' };
    let values: unknown[] = [];
    for (const v of order.values) {
      const t2 = writers.get(k)?.get(valueKey(v));
      if (t2 === undefined)
        throw new TxnHistoryError(`No transaction wrote ${JSON.stringify(order.key)} ${JSON.stringify(v)}: a read returned an element that was never appended`);
      const type2 = t2.type === 'pending' ? 'info' : t2.type;
      values = [...values, v];
      if (type2 === 'info') continue;
      if (type2 === 'ok' && t1.type === 'fail') found.push({ key: order.key, values, txns: [t1.op, '...', t2.op] });
      if (!(type2 === 'fail' && t1.type === 'fail')) {
        t1 = { type: type2, op: t2.op };
        values = [v];
      }
    }
  }
  return found;
}

/** Reads in which some element appears more than once. */
function duplicates(possible: readonly Txn[]): unknown[] {
  const found: unknown[] = [];
  for (const t of possible) {
    for (const m of t.mops) {
      if (m.f !== 'r') continue;
      const counts = new Map<ValueKey, { e: unknown; n: number }>();
      for (const e of readList(m, t.op.index)) {
        const c = counts.get(valueKey(e));
        if (c) c.n++;
        else counts.set(valueKey(e), { e, n: 1 });
      }
      const dups = [...counts.values()].filter((c) => c.n > 1).sort((a, b) => compareValues(a.e, b.e));
      if (dups.length > 0) found.push({ op: t.op, mop: mopData(m), duplicates: dups.map((d) => [d.e, d.n]) });
    }
  }
  return found;
}
