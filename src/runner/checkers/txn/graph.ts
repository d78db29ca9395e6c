// The transaction dependency graph: vertices are transactions (Txn ids), an edge carries a
// set of relation bits (Elle's BitRels, without the predicate ones no workload here produces).
// Edges are gathered in a map while inference runs, then frozen into compressed rows (CSR) that
// the component and cycle searches walk without allocating.

export const WW = 1;
export const WR = 2;
export const RW = 4;
export const PROCESS = 8;
export const REALTIME = 16;
export const ALL_RELS = WW | WR | RW | PROCESS | REALTIME;

export type RelName = 'ww' | 'wr' | 'rw' | 'process' | 'realtime';
export const relName: Record<number, RelName> = { [WW]: 'ww', [WR]: 'wr', [RW]: 'rw', [PROCESS]: 'process', [REALTIME]: 'realtime' };

export interface EdgeSet {
  readonly n: number;
  /** from·n + to → relation bits. */
  readonly masks: Map<number, number>;
  /**
   * Vertices Elle's graph would hold: both ends of every link, including links it made and
   * then removed as self-edges (they decide whether the graph is empty).
   */
  readonly present: Uint8Array;
}

export function createEdgeSet(n: number): EdgeSet {
  return { n, masks: new Map(), present: new Uint8Array(n) };
}

export function link(g: EdgeSet, from: number, to: number, rel: number): void {
  const key = from * g.n + to;
  g.masks.set(key, (g.masks.get(key) ?? 0) | rel);
  g.present[from] = 1;
  g.present[to] = 1;
}

/** Elle's link-all-to-all followed by remove-self-edges: the ends stay vertices. */
export function linkAllToAll(g: EdgeSet, froms: readonly number[], tos: readonly number[], rel: number): void {
  if (froms.length === 0 || tos.length === 0) return;
  for (const a of froms) {
    g.present[a] = 1;
    for (const b of tos) if (a !== b) link(g, a, b, rel);
  }
  for (const b of tos) g.present[b] = 1;
}

export function vertexCount(g: EdgeSet): number {
  let c = 0;
  for (const p of g.present) c += p;
  return c;
}

/** Compressed rows: the edges out of v are start[v] .. start[v+1]-1, targets ascending. */
export interface Csr {
  readonly n: number;
  readonly start: Int32Array;
  readonly to: Int32Array;
  readonly rel: Uint8Array;
}

export function toCsr(g: EdgeSet): Csr {
  const { n } = g;
  const keys = Float64Array.from(g.masks.keys()).sort();
  const start = new Int32Array(n + 1);
  const to = new Int32Array(keys.length);
  const rel = new Uint8Array(keys.length);
  keys.forEach((key, i) => {
    const from = Math.floor(key / n);
    start[from + 1]++;
    to[i] = key - from * n;
    rel[i] = g.masks.get(key)!;
  });
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  return { n, start, to, rel };
}

/** The first relation of `rels` in `priority`: how Elle's combined explainer names an edge. */
export function explainedRel(rels: number, priority: readonly number[]): number {
  for (const r of priority) if (rels & r) return r;
  return 0;
}
