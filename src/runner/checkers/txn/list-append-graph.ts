// Dependencies between list-append transactions (elle/list_append.clj ww-graph, wr-graph,
// rw-graph, over ok and info transactions). Each key's version order comes from its longest
// read. An append depends (ww) on the append just before it in that order, or, when it was
// never read, on the last element the order has; a read depends (wr) on the append of its last
// element; and every transaction that read the state an append overwrote has an
// anti-dependency (rw) on the appender. No transaction depends on itself.
import { valueKey, type ValueKey } from '../value-key.js';
import { appendOrders, readList, sortedValues, type AppendOrder } from './append-order.js';
import type { Step, StepExplainer } from './explanation.js';
import { createEdgeSet, link, RW, WR, WW, type EdgeSet } from './graph.js';
import { source } from './list-append-anomalies.js';
import { nested } from './write-index.js';
import { isPossible, mopIndex, type Mop, type Txn } from './transactions.js';

/** The initial, empty state of a key: what a read of [] or null observed. */
const INIT: ValueKey = '\u0000init';

export interface Inference {
  edges: EdgeSet;
  /** The order in which Elle's combined explainer tries the data relations. */
  priority: readonly number[];
  explain: StepExplainer;
}

interface Indexes {
  orders: Map<ValueKey, AppendOrder>;
  /** key → element → the (ok or info) transaction that appended it. */
  writers: Map<ValueKey, Map<ValueKey, Txn>>;
  /** key → last element read (or INIT) → transactions that read that state. */
  readers: Map<ValueKey, Map<ValueKey, Txn[]>>;
}

export function inferListAppend(txns: readonly Txn[]): Inference {
  const possible = txns.filter(isPossible);
  const ix = indexes(possible);
  const edges = createEdgeSet(txns.length);
  for (const t of possible) {
    t.mops.forEach((m) => {
      if (m.f === 'append') {
        const prev = previousElement(ix, m);
        const writer = prev === INIT ? undefined : ix.writers.get(m.k)?.get(prev);
        if (writer && writer !== t) link(edges, writer.id, t.id, WW);
        for (const r of ix.readers.get(m.k)?.get(prev) ?? []) if (r !== t) link(edges, r.id, t.id, RW);
        return;
      }
      const writer = readWriter(ix, m, t);
      if (writer && writer !== t) link(edges, writer.id, t.id, WR);
    });
  }
  return { edges, priority: [WW, WR, RW], explain: (a, b, rel) => explainStep(ix, a, b, rel) };
}

function indexes(possible: readonly Txn[]): Indexes {
  const writers = new Map<ValueKey, Map<ValueKey, Txn>>();
  const readers = new Map<ValueKey, Map<ValueKey, Txn[]>>();
  for (const t of possible) {
    for (const m of t.mops) {
      if (m.f === 'append') {
        nested(writers, m.k).set(valueKey(m.value), t);
        continue;
      }
      // An info read's null is the request's placeholder, not an observation.
      if (t.type === 'info' && (m.value === null || m.value === undefined)) continue;
      const list = readList(m, t.op.index);
      const state = list.length === 0 ? INIT : valueKey(list[list.length - 1]);
      const byState = nested(readers, m.k);
      const sharing = byState.get(state);
      if (sharing) sharing.push(t);
      else byState.set(state, [t]);
    }
  }
  return { orders: appendOrders(sortedValues(possible.map(source))), writers, readers };
}

/** The element appended just before this one, or the order's last when it was never read. */
function previousElement(ix: Indexes, m: Mop): ValueKey {
  const order = ix.orders.get(m.k);
  if (order === undefined) return INIT;
  const at = order.position.get(valueKey(m.value));
  if (at === undefined) return order.values.length === 0 ? INIT : valueKey(order.values[order.values.length - 1]);
  return at > 0 ? valueKey(order.values[at - 1]) : INIT;
}

/** The element behind a ValueKey, for explanations (null for the initial state). */
function elementOf(ix: Indexes, m: Mop, prev: ValueKey): unknown {
  if (prev === INIT) return null;
  const order = ix.orders.get(m.k)!;
  return order.values[order.position.get(prev)!];
}

function readWriter(ix: Indexes, m: Mop, t: Txn): Txn | undefined {
  const list = readList(m, t.op.index);
  return list.length === 0 ? undefined : ix.writers.get(m.k)?.get(valueKey(list[list.length - 1]));
}

/** Why b depends on a by `rel`: the first of b's micro-ops that makes it so (Elle's explainers). */
function explainStep(ix: Indexes, a: Txn, b: Txn, rel: number): Step {
  for (const [i, m] of b.mops.entries()) {
    if (rel === WR && m.f === 'r' && readWriter(ix, m, b) === a) {
      const list = readList(m, b.op.index);
      const last = list[list.length - 1];
      return { type: 'wr', key: m.key, value: last, 'a-mop-index': mopIndex(a.mops, 'append', m.k, valueKey(last)), 'b-mop-index': i };
    }
    if (m.f !== 'append' || rel === WR) continue;
    const prev = previousElement(ix, m);
    const value = elementOf(ix, m, prev);
    if (rel === WW && prev !== INIT && ix.writers.get(m.k)?.get(prev) === a) {
      return { type: 'ww', key: m.key, value, "value'": m.value, 'a-mop-index': mopIndex(a.mops, 'append', m.k, prev), 'b-mop-index': i };
    }
    if (rel === RW && (ix.readers.get(m.k)?.get(prev) ?? []).includes(a)) {
      const aMop = a.mops.findIndex((x) => x.f === 'r' && x.k === m.k && lastState(x, a) === prev);
      return { type: 'rw', key: m.key, value, "value'": m.value, 'a-mop-index': aMop < 0 ? null : aMop, 'b-mop-index': i };
    }
  }
  throw new Error(`cannot explain why op ${b.op.index} depends on op ${a.op.index}`);
}

function lastState(m: Mop, t: Txn): ValueKey {
  const list = readList(m, t.op.index);
  return list.length === 0 ? INIT : valueKey(list[list.length - 1]);
}
