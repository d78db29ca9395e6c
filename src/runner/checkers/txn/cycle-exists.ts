// Cycle existence per consistency model (elle/txn.clj cycle-exists-specs): a model that holds
// leaves a certain subgraph acyclic, so a strongly connected component of that subgraph (or a
// vertex with an edge to itself) is proof the model fails, found in linear time. Snapshot
// isolation's subgraphs extend each data path by one rw step (A ∪ A;B). Stronger models are
// skipped once a weaker one fails; the models that do hold tell the typed search which cycle
// types cannot exist.
import { allImpossibleModels, anomaliesProhibitedBy, friendlyModelName } from './consistency-model.js';
import { cycleTypes } from './cycle-anomaly.js';
import { PROCESS, REALTIME, RW, WR, WW, type Csr } from './graph.js';
import { components, hasSelfLoop } from './scc.js';

interface ExistsSpec {
  readonly model: string;
  /** Relations of the subgraph, or of its first part when `then` extends it. */
  readonly rels: number;
  /** Snapshot isolation: the relations of the one extra step. */
  readonly then?: number;
  /** Elle's subgraph description, predicate relations included, as it prints it. */
  readonly subgraph: unknown[];
}

/** The relations of a subgraph by Elle's names (its predicate twins included, as it prints them). */
function names(rels: number, rwp = true): string[] {
  const out: string[] = [];
  if (rels & WW) out.push('ww', 'wwp');
  if (rels & WR) out.push('wr', 'wrp');
  if (rels & RW) out.push(...(rwp ? ['rw', 'rwp'] : ['rw']));
  if (rels & PROCESS) out.push('process');
  if (rels & REALTIME) out.push('realtime');
  return out;
}
const plain = (model: string, rels: number, rwp = true): ExistsSpec => ({ model, rels, subgraph: ['union', ...names(rels, rwp)] });
const extended = (model: string, rels: number): ExistsSpec => ({
  model,
  rels,
  // biome-ignore lint/suspicious/noThenProperty: a spec field (Elle's :then), never awaited
  then: RW,
  subgraph: ['extension', ['union', ...names(rels)], ['union', 'rw', 'rwp']],
});

const specs: readonly ExistsSpec[] = [
  plain('PL-1', WW),
  plain('PL-2', WW | WR),
  extended('PL-SI', WW | WR),
  plain('PL-2.99', WW | WR | RW, false),
  plain('PL-3', WW | WR | RW),
  plain('strong-session-PL-1', WW | PROCESS),
  plain('strong-session-PL-2', WW | WR | PROCESS),
  extended('strong-session-snapshot-isolation', WW | WR | PROCESS),
  plain('strong-session-serializable', WW | WR | RW | PROCESS),
  plain('strong-PL-1', WW | REALTIME),
  plain('strong-PL-2', WW | WR | REALTIME),
  extended('strong-snapshot-isolation', WW | WR | REALTIME),
  plain('PL-SS', WW | WR | RW | REALTIME),
];

export const cycleExistsTypes: ReadonlySet<string> = new Set(specs.map((s) => `${s.model}-cycle-exists`));

export interface CycleExistsCase {
  type: string;
  not: string;
  subgraph: unknown[];
  'scc-size': number;
  scc: number[];
}

/** One case per model whose subgraph of `g` (relation bits, not explanations) has a cycle. */
export function cycleExistsCases(g: Csr, opIndex: (v: number) => number): CycleExistsCase[] {
  const cases: CycleExistsCase[] = [];
  const skip = new Set<string>();
  for (const spec of specs) {
    if (skip.has(spec.model)) continue;
    const sub = spec.then === undefined ? g : extension(g, spec.rels, spec.then);
    const mask = spec.then === undefined ? spec.rels : 1;
    const smallest = components(sub, mask)
      .members.filter((c) => c.length > 1 || hasSelfLoop(sub, c[0], mask))
      .reduce<number[] | undefined>((best, c) => (best === undefined || c.length < best.length ? c : best), undefined);
    if (smallest === undefined) continue;
    cases.push({
      type: `${spec.model}-cycle-exists`,
      not: friendlyModelName(spec.model),
      subgraph: spec.subgraph,
      'scc-size': smallest.length,
      scc: smallest.map(opIndex).sort((a, b) => a - b),
    });
    for (const m of allImpossibleModels([spec.model])) skip.add(m);
  }
  return cases;
}

/** Cycle types that cannot occur because the models forbidding them have acyclic subgraphs. */
export function impossibleCycleTypes(cases: readonly CycleExistsCase[]): Set<string> {
  const impossible = allImpossibleModels(cases.map((c) => c.not));
  const possible = specs.map((s) => s.model).filter((m) => !impossible.has(m));
  const prohibited = anomaliesProhibitedBy(possible);
  return new Set([...cycleTypes].filter((t) => prohibited.has(t)));
}

/** A ∪ A;B over the edges of `g`: every `a` edge, and every `a` edge followed by a `b` edge. */
function extension(g: Csr, a: number, b: number): Csr {
  const start = new Int32Array(g.n + 1);
  const to: number[] = [];
  for (let x = 0; x < g.n; x++) {
    const targets = new Set<number>();
    for (let e = g.start[x]; e < g.start[x + 1]; e++) {
      if ((g.rel[e] & a) === 0) continue;
      const y = g.to[e];
      targets.add(y);
      for (let f = g.start[y]; f < g.start[y + 1]; f++) if (g.rel[f] & b) targets.add(g.to[f]);
    }
    for (const t of targets) to.push(t);
    start[x + 1] = to.length;
  }
  return { n: g.n, start, to: Int32Array.from(to), rel: new Uint8Array(to.length).fill(1) };
}
