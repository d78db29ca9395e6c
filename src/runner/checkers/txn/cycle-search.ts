// Finding a cycle of one anomaly type inside one strongly connected component. Each edge is
// taken as the relation Elle's explainer would name it, so a cycle found here is classified as
// the type searched for. The search is a breadth-first search over (vertex, path state), where
// the state records what the type requires (a wr edge seen, a process/realtime edge seen, how
// many rw edges, whether the last edge was rw, whether two rw edges touched). It starts from
// every edge of the type's rarest required kind, a → b, and looks for the shortest way from b
// back to a; the components of the relations the path may use prune starts and steps that can
// never get back to a. A shortest walk that repeats a vertex is cut into simple cycles and the
// one of the right type kept; should none be, a depth-first search over simple paths among
// the walk's vertices decides.
import type { CycleSpec } from './cycle-anomaly.js';
import { classifyCycle } from './cycle-anomaly.js';
import { RW, WR, WW, type Csr } from './graph.js';
import { components } from './scc.js';

/** A component's own graph: `rel` holds every edge's explained relation (one bit). */
export type LocalGraph = Csr;

export interface FoundCycle {
  /** Local vertices in order; the cycle closes from the last back to the first. */
  vertices: number[];
  /** rels[i]: the edge from vertices[i] to the next. */
  rels: number[];
}

/** Throws when the search has used up its time. */
export interface Deadline {
  tick(): void;
}

const WR_SEEN = 1;
const VAR_SEEN = 2;
const LAST_RW = 4;
const ADJACENT = 8;
const RW_SHIFT = 4;

/** Dense numbers for the states a type can reach, so the visited table is no bigger than needed. */
function stateIndex(mask: number): { index: Int8Array; size: number } {
  const index = new Int8Array(64).fill(-1);
  let size = 0;
  for (let s = 0; s < 64; s++) if ((s & ~mask) === 0) index[s] = size++;
  return { index, size };
}

function stateMask(spec: CycleSpec): number {
  let m = 0;
  if (spec.needWr) m |= WR_SEEN;
  if (spec.variant) m |= VAR_SEEN;
  if (spec.rw === 'nonadjacent' || spec.rw === 'legal') m |= LAST_RW;
  if (spec.needAdjacent) m |= ADJACENT;
  if (spec.rw !== 'none') m |= 3 << RW_SHIFT;
  return m;
}

/** The path state after taking an edge explained as `rel`, or -1 if the type forbids it. */
function step(spec: CycleSpec, s: number, rel: number): number {
  if (rel === RW) {
    const count = (s >> RW_SHIFT) & 3;
    const counted = (s & ~(3 << RW_SHIFT)) | (Math.min(2, count + 1) << RW_SHIFT);
    switch (spec.rw) {
      case 'none':
        return -1;
      case 'single':
        return count >= 1 ? -1 : counted | LAST_RW;
      case 'nonadjacent':
        return s & LAST_RW ? -1 : counted | LAST_RW;
      case 'legal':
        return counted | LAST_RW | (s & LAST_RW ? ADJACENT : 0);
    }
  }
  if ((rel & spec.allowed) === 0) return -1;
  return (s & ~LAST_RW) | (rel === WR ? WR_SEEN : 0) | (rel === spec.variant ? VAR_SEEN : 0);
}

/** Whether a path that started with an rw edge (when the type has any) closes validly. */
function accepts(spec: CycleSpec, s: number): boolean {
  const count = (s >> RW_SHIFT) & 3;
  if (spec.needWr && !(s & WR_SEEN)) return false;
  if (spec.variant && !(s & VAR_SEEN)) return false;
  switch (spec.rw) {
    case 'none':
      return true;
    case 'single':
      return count === 1;
    case 'nonadjacent':
      return count >= 2 && !(s & LAST_RW);
    case 'legal':
      return count >= 2 && (s & (ADJACENT | LAST_RW)) !== 0;
  }
}

/** The kind of edge every cycle of the type has, which the search starts from. */
function startRel(spec: CycleSpec): number {
  if (spec.rw !== 'none') return RW;
  if (spec.needWr) return WR;
  return spec.variant || WW;
}

/** Relations the rest of the path (after the first edge) may use. */
function pathRels(spec: CycleSpec): number {
  return spec.rw === 'nonadjacent' || spec.rw === 'legal' ? spec.allowed | RW : spec.allowed;
}

export function findCycle(g: LocalGraph, spec: CycleSpec, deadline: Deadline): FoundCycle | undefined {
  const { comp } = components(g, pathRels(spec));
  const first = startRel(spec);
  const mask = stateMask(spec);
  const search = createSearch(g, spec, mask, comp, deadline);
  for (let a = 0; a < g.n; a++) {
    for (let e = g.start[a]; e < g.start[a + 1]; e++) {
      const b = g.to[e];
      if (g.rel[e] !== first || comp[b] < comp[a]) continue;
      const s0 = step(spec, 0, first) & mask;
      if (b === a) {
        if (accepts(spec, s0)) return { vertices: [a], rels: [first] };
        continue;
      }
      const walk = search(a, b, s0);
      const cycle = walk && simpleCycleOfType(g, spec, walk, deadline);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/** A breadth-first search from b (in state s0) back to a; the closed walk a, b, … or undefined. */
function createSearch(g: LocalGraph, spec: CycleSpec, mask: number, comp: Int32Array, deadline: Deadline) {
  const states = stateIndex(mask);
  const seen = new Int32Array(g.n * states.size);
  let generation = 0;
  return (a: number, b: number, s0: number): FoundCycle | undefined => {
    generation++;
    const qv = [b];
    const qs = [s0];
    const parent = [-1];
    const via = [startRel(spec)];
    seen[b * states.size + states.index[s0]] = generation;
    for (let head = 0; head < qv.length; head++) {
      deadline.tick();
      const v = qv[head];
      for (let e = g.start[v]; e < g.start[v + 1]; e++) {
        const w = g.to[e];
        if (comp[w] < comp[a]) continue;
        const s = step(spec, qs[head], g.rel[e]);
        if (s < 0) continue;
        const ns = s & mask;
        if (w === a) {
          if (accepts(spec, ns)) return unwind(qv, parent, via, head, a, g.rel[e]);
          continue;
        }
        const key = w * states.size + states.index[ns];
        if (seen[key] === generation) continue;
        seen[key] = generation;
        qv.push(w);
        qs.push(ns);
        parent.push(head);
        via.push(g.rel[e]);
      }
    }
    return undefined;
  };
}

function unwind(qv: number[], parent: number[], via: number[], last: number, a: number, closing: number): FoundCycle {
  const vertices: number[] = [];
  const rels: number[] = [closing];
  for (let i = last; i >= 0; i = parent[i]) {
    vertices.push(qv[i]);
    rels.push(via[i]);
  }
  vertices.push(a);
  return { vertices: vertices.reverse(), rels: rels.reverse() };
}

/** The walk itself when simple; else a simple cycle of the type carved out of it, if any. */
function simpleCycleOfType(g: LocalGraph, spec: CycleSpec, walk: FoundCycle, deadline: Deadline): FoundCycle | undefined {
  let current = walk;
  for (;;) {
    const at = new Map<number, number>();
    let split: [number, number] | undefined;
    for (let i = 0; i < current.vertices.length && !split; i++) {
      const j = at.get(current.vertices[i]);
      if (j !== undefined) split = [j, i];
      at.set(current.vertices[i], i);
    }
    if (!split) return current;
    const [i, j] = split;
    const inner = { vertices: current.vertices.slice(i, j), rels: current.rels.slice(i, j) };
    const outer = {
      vertices: [...current.vertices.slice(0, i), ...current.vertices.slice(j)],
      rels: [...current.rels.slice(0, i), ...current.rels.slice(j)],
    };
    const next = [inner, outer].find((c) => classifyCycle(c.rels) === spec.type);
    if (!next) return simplePathSearch(g, spec, new Set(current.vertices), deadline);
    current = next;
  }
}

/** Depth-first over simple paths among `within`: the last resort for a walk that would not split. */
function simplePathSearch(g: LocalGraph, spec: CycleSpec, within: Set<number>, deadline: Deadline): FoundCycle | undefined {
  const mask = stateMask(spec);
  const first = startRel(spec);
  const onPath = new Set<number>();
  const vertices: number[] = [];
  const rels: number[] = [];
  const extend = (a: number, v: number, s: number): boolean => {
    deadline.tick();
    for (let e = g.start[v]; e < g.start[v + 1]; e++) {
      const w = g.to[e];
      const ns = step(spec, s, g.rel[e]);
      if (!within.has(w) || ns < 0) continue;
      rels.push(g.rel[e]);
      if (w === a && accepts(spec, ns & mask)) return true;
      if (w !== a && !onPath.has(w)) {
        onPath.add(w);
        vertices.push(w);
        if (extend(a, w, ns & mask)) return true;
        onPath.delete(w);
        vertices.pop();
      }
      rels.pop();
    }
    return false;
  };
  for (const a of within) {
    for (let e = g.start[a]; e < g.start[a + 1]; e++) {
      const b = g.to[e];
      if (g.rel[e] !== first || !within.has(b) || b === a) continue;
      vertices.splice(0, vertices.length, a, b);
      rels.splice(0, rels.length, first);
      onPath.clear();
      onPath.add(a).add(b);
      if (extend(a, b, step(spec, 0, first) & mask)) return { vertices, rels };
    }
  }
  return undefined;
}
