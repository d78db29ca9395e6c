// Dependencies between rw-register transactions (elle/rw_register.clj with :wfr-keys? true, as
// Maelstrom runs it). Only committed (ok) transactions' external reads and writes take part.
// wr: the one transaction that finally wrote k = v precedes every transaction whose first
// access of k read v. Versions of each key are ordered only by what can be inferred: the
// initial nil precedes every value read or written (by ok or info transactions), and a
// transaction that read v and then wrote v' puts v before v' (writes follow reads), unless that
// inference makes some key's versions cyclic, in which case it is dropped for every key and
// the cycles are reported as cyclic-versions. Each version edge v → v' then orders the writers
// of v before the writers of v' (ww) and the readers of v before them (rw). Blind writes can
// never be ordered, so G0 is found only among writes that each followed a read of their key.
import { compareValues, valueKey, valuesEqual, type ValueKey } from '../value-key.js';
import type { Step } from './explanation.js';
import { createEdgeSet, link, linkAllToAll, RW, WR, WW, type EdgeSet } from './graph.js';
import { nested, type Cases } from './write-index.js';
import type { Inference } from './list-append-graph.js';
import { components } from './scc.js';
import { extReads, extWrites, isOk, mopIndex, TxnHistoryError, type ExtValue, type Txn } from './transactions.js';

/** key → value → the values it precedes, with the values themselves. */
type VersionGraph = Map<ValueKey, { key: unknown; values: Map<ValueKey, unknown>; next: Map<ValueKey, Set<ValueKey>> }>;

export function inferRegister(txns: readonly Txn[]): Inference & { anomalies: Cases } {
  const ext = txns.map((t) => ({ reads: extReads(t.mops), writes: extWrites(t.mops) }));
  const ok = txns.filter(isOk);
  const readIndex = extIndex(ok, (t) => ext[t.id].reads);
  const writeIndex = extIndex(ok, (t) => ext[t.id].writes);
  const edges = createEdgeSet(txns.length);
  addWrEdges(edges, readIndex, writeIndex);
  const anomalies: Cases = new Map();
  const initial = createVersions();
  for (const t of txns) {
    if (t.type !== 'ok' && t.type !== 'info') continue;
    for (const w of ext[t.id].writes.values()) if (w.value !== null) precede(initial, w.key, null, w.value);
    if (t.type === 'ok') for (const r of ext[t.id].reads.values()) if (r.value !== null) precede(initial, r.key, null, r.value);
  }
  const withWfr = copyVersions(initial);
  for (const t of ok) {
    for (const [k, r] of ext[t.id].reads) {
      const w = ext[t.id].writes.get(k);
      // Elle's if-let: a write of nil (or false) infers nothing.
      if (r.value !== null && w !== undefined && w.value !== null && w.value !== false) precede(withWfr, r.key, r.value, w.value);
    }
  }
  const cyclic = cyclicVersions(withWfr);
  if (cyclic.length > 0) anomalies.set('cyclic-versions', cyclic);
  const versions = cyclic.length > 0 ? initial : withWfr;
  addVersionEdges(edges, versions, readIndex, writeIndex);
  const explain = (a: Txn, b: Txn, rel: number): Step => explainStep(versions, ext[a.id], ext[b.id], a, b, rel);
  return { edges, priority: [WR, WW, RW], explain, anomalies };
}

type ExtIndex = Map<ValueKey, Map<ValueKey, Txn[]>>;

function extIndex(ok: readonly Txn[], pick: (t: Txn) => Map<ValueKey, ExtValue>): ExtIndex {
  const index: ExtIndex = new Map();
  for (const t of ok) {
    for (const [k, e] of pick(t)) {
      const byValue = nested(index, k);
      const vk = valueKey(e.value);
      const list = byValue.get(vk);
      if (list) list.push(t);
      else byValue.set(vk, [t]);
    }
  }
  return index;
}

function addWrEdges(edges: EdgeSet, readIndex: ExtIndex, writeIndex: ExtIndex): void {
  for (const [k, byValue] of readIndex) {
    for (const [vk, readers] of byValue) {
      const writers = writeIndex.get(k)?.get(vk) ?? [];
      if (writers.length === 0) continue;
      if (writers.length > 1) {
        throw new TxnHistoryError(
          `Key ${JSON.stringify(readers[0].mops.find((m) => m.k === k)?.key)} had value written by more than one op: ${writers.map((w) => w.op.index).join(', ')}`,
        );
      }
      for (const r of readers) link(edges, writers[0].id, r.id, WR);
    }
  }
}

function createVersions(): VersionGraph {
  return new Map();
}

function precede(g: VersionGraph, key: unknown, from: unknown, to: unknown): void {
  const k = valueKey(key);
  let entry = g.get(k);
  if (entry === undefined) g.set(k, (entry = { key, values: new Map(), next: new Map() }));
  const [fk, tk] = [valueKey(from), valueKey(to)];
  entry.values.set(fk, from);
  entry.values.set(tk, to);
  const next = entry.next.get(fk) ?? new Set<ValueKey>();
  entry.next.set(fk, next.add(tk));
}

function copyVersions(g: VersionGraph): VersionGraph {
  const copy: VersionGraph = new Map();
  for (const [k, e] of g) copy.set(k, { key: e.key, values: new Map(e.values), next: new Map([...e.next].map(([v, s]) => [v, new Set(s)])) });
  return copy;
}

/** Per key, the sets of values that precede one another in a circle. */
function cyclicVersions(g: VersionGraph): unknown[] {
  const cases: unknown[] = [];
  for (const { key, values, next } of g.values()) {
    const ids = [...values.keys()];
    const at = new Map(ids.map((v, i) => [v, i]));
    const start = new Int32Array(ids.length + 1);
    const to: number[] = [];
    ids.forEach((v, i) => {
      for (const w of next.get(v) ?? []) to.push(at.get(w)!);
      start[i + 1] = to.length;
    });
    const csr = { n: ids.length, start, to: Int32Array.from(to), rel: new Uint8Array(to.length).fill(1) };
    const sccs = components(csr, 1)
      .members.filter((c) => c.length > 1)
      .map((c) => c.map((i) => values.get(ids[i])).sort(compareValues))
      .sort((a, b) => compareValues(a[0], b[0]));
    for (const scc of sccs) cases.push({ key, scc, sources: ['initial-state', 'wfr-keys'] });
  }
  return cases;
}

function addVersionEdges(edges: EdgeSet, versions: VersionGraph, readIndex: ExtIndex, writeIndex: ExtIndex): void {
  const ids = (list: Txn[] | undefined): number[] => (list ?? []).map((t) => t.id);
  for (const [k, { next }] of versions) {
    for (const [v1, tos] of next) {
      for (const v2 of tos) {
        const v2Writes = ids(writeIndex.get(k)?.get(v2));
        linkAllToAll(edges, ids(writeIndex.get(k)?.get(v1)), v2Writes, WW);
        linkAllToAll(edges, ids(readIndex.get(k)?.get(v1)), v2Writes, RW);
      }
    }
  }
}

interface ExtOps {
  reads: Map<ValueKey, ExtValue>;
  writes: Map<ValueKey, ExtValue>;
}

/** Why b depends on a (Elle's WRExplainer, WWExplainer and RWExplainer for registers). */
function explainStep(versions: VersionGraph, a: ExtOps, b: ExtOps, ta: Txn, tb: Txn, rel: number): Step {
  const from = rel === RW ? a.reads : a.writes;
  for (const [k, x] of from) {
    const y = rel === WR ? b.reads.get(k) : b.writes.get(k);
    if (y === undefined) continue;
    const vk = valueKey(x.value);
    if (rel === WR) {
      if (!valuesEqual(x.value, y.value)) continue;
      return { type: 'wr', key: x.key, value: x.value, 'a-mop-index': mopIndex(ta.mops, 'w', k, vk), 'b-mop-index': mopIndex(tb.mops, 'r', k, vk) };
    }
    if (!versions.get(k)?.next.get(vk)?.has(valueKey(y.value))) continue;
    return {
      type: rel === WW ? 'ww' : 'rw',
      key: x.key,
      value: x.value,
      "value'": y.value,
      'a-mop-index': mopIndex(ta.mops, rel === WW ? 'w' : 'r', k, vk),
      'b-mop-index': mopIndex(tb.mops, 'w', k, valueKey(y.value)),
    };
  }
  throw new Error(`cannot explain why op ${tb.op.index} depends on op ${ta.op.index}`);
}
