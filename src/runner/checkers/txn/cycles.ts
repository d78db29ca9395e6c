// Cycle analysis of a whole dependency graph (elle/txn.clj cycles and cycle-cases-in-scc): the
// strongly connected components of the full graph, and in each, first cycle existence per
// model, then a typed search for each cycle anomaly in Elle's order, skipping types the
// existence checks rule out and types implied by one already found. A component's typed search
// has a time budget (1 s, as in Elle); when it runs out the component reports
// cycle-search-timeout, whatever it found so far, and one cycle found by depth-first search.
import { allImpliedAnomalies } from './consistency-model.js';
import { classifyCycle, cycleSpecs } from './cycle-anomaly.js';
import { cycleExistsCases, impossibleCycleTypes } from './cycle-exists.js';
import { findCycle, type Deadline, type FoundCycle, type LocalGraph } from './cycle-search.js';
import { ALL_RELS, explainedRel, PROCESS, REALTIME, type Csr } from './graph.js';
import { components } from './scc.js';
import type { CycleCase, StepExplainer } from './explanation.js';
import { explainCycle } from './explanation.js';
import type { Txn } from './transactions.js';

export interface CycleSearchOptions {
  /** Per component; Elle's cycle-search-timeout, 1000 ms by default. */
  budgetMs: number;
  /** Milliseconds; performance.now unless a test drives it. */
  now: () => number;
}

export interface CycleAnalysis {
  /** Anomaly type → cases, cycle-exists and cycle-search-timeout included. */
  anomalies: Map<string, unknown[]>;
  /** Vertex sets (Txn ids) of the components with more than one transaction. */
  sccs: number[][];
}

class SearchTimeout extends Error {}

export function analyzeCycles(g: Csr, txns: readonly Txn[], priority: readonly number[], explain: StepExplainer, options: CycleSearchOptions): CycleAnalysis {
  const anomalies = new Map<string, unknown[]>();
  const sccs = components(g, ALL_RELS)
    .members.filter((c) => c.length > 1)
    .map((c) => c.sort((a, b) => a - b))
    .sort((a, b) => a[0] - b[0]);
  const local = new Int32Array(g.n).fill(-1);
  for (const scc of sccs) {
    const { bits, named } = localGraphs(g, scc, local, priority);
    const cases = componentCases(bits, named, scc, txns, explain, options);
    for (const c of cases) anomalies.set(c.type, [...(anomalies.get(c.type) ?? []), c]);
    for (const v of scc) local[v] = -1;
  }
  return { anomalies, sccs };
}

/** The component's graph twice: with relation bits, and with each edge's explained relation. */
function localGraphs(g: Csr, scc: readonly number[], local: Int32Array, priority: readonly number[]): { bits: Csr; named: LocalGraph } {
  scc.forEach((v, i) => (local[v] = i));
  const start = new Int32Array(scc.length + 1);
  const to: number[] = [];
  const rel: number[] = [];
  scc.forEach((v, i) => {
    for (let e = g.start[v]; e < g.start[v + 1]; e++) {
      const w = local[g.to[e]];
      if (w < 0) continue;
      to.push(w);
      rel.push(g.rel[e]);
    }
    start[i + 1] = to.length;
  });
  const toArray = Int32Array.from(to);
  const bits = { n: scc.length, start, to: toArray, rel: Uint8Array.from(rel) };
  // Elle's combined explainer tries the workload's data explainers, then real time or process.
  const order = [...priority, PROCESS, REALTIME];
  const named = { n: scc.length, start, to: toArray, rel: Uint8Array.from(rel, (r) => explainedRel(r, order)) };
  return { bits, named };
}

type Case = { readonly type: string };

function componentCases(
  bits: Csr,
  named: LocalGraph,
  scc: readonly number[],
  txns: readonly Txn[],
  explain: StepExplainer,
  options: CycleSearchOptions,
): Case[] {
  const exists = cycleExistsCases(bits, (v) => txns[scc[v]].op.index);
  const skip = impossibleCycleTypes(exists);
  const searched: string[] = [];
  const found: CycleCase[] = [];
  const deadline = createDeadline(options);
  const toCase = (c: FoundCycle): CycleCase =>
    explainCycle(
      c.vertices.map((v) => txns[scc[v]]),
      c.rels,
      explain,
    );
  try {
    for (const spec of cycleSpecs) {
      if (skip.has(spec.type)) continue;
      searched.push(spec.type);
      if (spec.predicate) continue;
      const cycle = findCycle(named, spec, deadline);
      if (cycle === undefined) continue;
      if (classifyCycle(cycle.rels) !== spec.type) throw new Error(`cycle search for ${spec.type} found a ${classifyCycle(cycle.rels)}`);
      found.push(toCase(cycle));
      for (const t of allImpliedAnomalies([spec.type])) skip.add(t);
    }
  } catch (e) {
    if (!(e instanceof SearchTimeout)) throw e;
    const types = new Set(found.map((c) => c.type));
    const timeout = {
      type: 'cycle-search-timeout',
      'anomaly-spec-type': searched.at(-1),
      'does-not-contain': searched.slice(0, -1).filter((t) => !types.has(t)),
      'scc-size': scc.length,
    };
    return [timeout, toCase(fallbackCycle(named)), ...exists, ...found];
  }
  return [...exists, ...found];
}

function createDeadline({ budgetMs, now }: CycleSearchOptions): Deadline {
  const end = now() + budgetMs;
  let ticks = 0;
  return {
    tick() {
      // The clock is read on the first step and every 256th after.
      if ((ticks++ & 255) === 0 && now() > end) throw new SearchTimeout();
    },
  };
}

/** Some cycle of a strongly connected graph: follow the first way out until the path closes. */
function fallbackCycle(g: LocalGraph): FoundCycle {
  const position = new Map<number, number>([[0, 0]]);
  const path = [0];
  for (;;) {
    const v = path[path.length - 1];
    let next = -1;
    for (let e = g.start[v]; e < g.start[v + 1]; e++) {
      const at = position.get(g.to[e]);
      if (at !== undefined) {
        const vertices = path.slice(at);
        return { vertices, rels: vertices.map((x, i) => edgeRel(g, x, vertices[(i + 1) % vertices.length])) };
      }
      if (next < 0) next = g.to[e];
    }
    position.set(next, path.length);
    path.push(next);
  }
}

function edgeRel(g: LocalGraph, from: number, to: number): number {
  for (let e = g.start[from]; e < g.start[from + 1]; e++) if (g.to[e] === to) return g.rel[e];
  throw new Error(`no edge ${from} → ${to}`);
}
