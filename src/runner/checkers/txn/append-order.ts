// The version order of a list-append key (elle/list_append.clj sorted-values, append-index,
// incompatible-orders): every read of a key shows a prefix of the one order in which its
// elements were appended, so the distinct non-empty reads sorted by length must each be a
// prefix of the next, and the longest gives the order. A key appended exactly once and never
// read non-empty has the order [that element].
import { valueKey, valuesEqual, type ValueKey } from '../value-key.js';
import { TxnHistoryError, type Mop } from './transactions.js';

export interface KeyReads {
  key: unknown;
  /** Distinct non-empty values read, shortest first. */
  values: unknown[][];
}

export interface AppendOrder {
  key: unknown;
  /** The elements in append order, each once. */
  values: unknown[];
  position: Map<ValueKey, number>;
}

export interface Source {
  readonly mops: readonly Mop[];
  /** The op index, for the error a malformed read gets. */
  readonly index: number;
}

/** A list-append read's value as a list; null reads (and info reads) are empty. */
export function readList(m: Mop, index: number): unknown[] {
  if (m.value === null || m.value === undefined) return [];
  if (!Array.isArray(m.value)) throw new TxnHistoryError(`op ${index}: read of key ${JSON.stringify(m.key)} returned ${JSON.stringify(m.value)}, not a list`);
  return m.value;
}

export function sortedValues(sources: Iterable<Source>): Map<ValueKey, KeyReads> {
  const reads = new Map<ValueKey, { key: unknown; seen: Set<ValueKey>; values: unknown[][] }>();
  const appends = new Map<ValueKey, { key: unknown; value: unknown; count: number }>();
  for (const { mops, index } of sources) {
    for (const m of mops) {
      if (m.f === 'append') {
        const a = appends.get(m.k);
        if (a) a.count++;
        else appends.set(m.k, { key: m.key, value: m.value, count: 1 });
        continue;
      }
      const list = readList(m, index);
      if (list.length === 0) continue;
      const entry = reads.get(m.k) ?? { key: m.key, seen: new Set<ValueKey>(), values: [] };
      reads.set(m.k, entry);
      const vk = listKey(list);
      if (!entry.seen.has(vk)) {
        entry.seen.add(vk);
        entry.values.push(list);
      }
    }
  }
  const out = new Map<ValueKey, KeyReads>();
  for (const [k, a] of appends) if (a.count === 1) out.set(k, { key: a.key, values: [[a.value]] });
  for (const [k, r] of reads) out.set(k, { key: r.key, values: [...r.values].sort((x, y) => x.length - y.length) });
  return out;
}

/** valueKey for a read, with a cheaper text for the usual list of plain numbers. */
function listKey(list: readonly unknown[]): ValueKey {
  return list.every((e) => typeof e === 'number') ? `n${list.join(',')}` : valueKey(list);
}

export function isPrefix(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length <= b.length && a.every((x, i) => valuesEqual(x, b[i]));
}

export interface IncompatibleOrder {
  key: unknown;
  values: [unknown[], unknown[]];
}

/** Per key, the first two consecutive reads where the shorter is not a prefix of the longer. */
export function incompatibleOrders(sorted: Map<ValueKey, KeyReads>): IncompatibleOrder[] {
  const cases: IncompatibleOrder[] = [];
  for (const { key, values } of sorted.values()) {
    for (let i = 0; i + 1 < values.length; i++) {
      if (!isPrefix(values[i], values[i + 1])) {
        cases.push({ key, values: [values[i], values[i + 1]] });
        break;
      }
    }
  }
  return cases;
}

/** Each key's order: its longest read, each element once. */
export function appendOrders(sorted: Map<ValueKey, KeyReads>): Map<ValueKey, AppendOrder> {
  const out = new Map<ValueKey, AppendOrder>();
  for (const [k, { key, values }] of sorted) {
    const longest = values[values.length - 1];
    const position = new Map<ValueKey, number>();
    const order: unknown[] = [];
    for (const e of longest) {
      const ek = valueKey(e);
      if (position.has(ek)) continue;
      position.set(ek, order.length);
      order.push(e);
    }
    out.set(k, { key, values: order, position });
  }
  return out;
}
