// Elle's cycle search as Maelstrom's kafka checker runs it: a graph of sends and polls with a
// write-read edge from each send to every op that polled its message and realtime edges from
// each ok op to every op invoked after it completed (strict-serializable asks for them; ww edges
// are not inferred). Elle reports one cycle per strongly connected component. Here the realtime
// edges are not listed pairwise: a chain of invocation vertices in history order stands for
// them (an ok op links to the first invocation after it, each invocation to the next and to its
// own completion), which keeps reachability and so the components, in linear size.
//
// Maelstrom's ops either poll or send, never both, so every cycle passes through a poll that
// completed before the send it read from was invoked (follow the sends' invocation times around
// the cycle: they cannot all increase). Each component's cycle is therefore such a pair, the
// shortest cycle there is; a txn history (polls and sends in one op) falls back to a search.
import type { Op } from '../../records/history.js';
import { valueKey, valuesEqual } from '../value-key.js';
import { keepBy, type CaseList, type CycleCase, type CycleStep } from './cases.js';
import type { HistoryFacts } from './key-facts.js';
import { isTxnOp, opReads, opWrites } from './micro-ops.js';
import { components, digraph, type Digraph } from './scc.js';
import type { FutureRead } from './write-read.js';

export type CycleType = CycleCase['type'];

/** Maelstrom prints the 8 shortest cycles of each type. */
const shownCycles = 8;

export function findCycles(history: readonly Op[], facts: HistoryFacts, futureReads: readonly FutureRead[]): Map<CycleType, CaseList<CycleCase>> {
  const found = new Map<CycleType, CaseList<CycleCase>>();
  if (futureReads.length === 0 && !facts.mixed) return found;
  const n = history.length;
  const graph = realtimeGraph(history, facts);
  const component = components(graph);
  const real = new Int32Array(graph.size);
  for (let v = 0; v < n; v++) if (component[v] >= 0) real[component[v]]++;
  const add = (c: CycleCase): void => {
    let list = found.get(c.type);
    if (list === undefined) found.set(c.type, (list = keepBy<CycleCase>(shownCycles, (x) => x.steps.length, false)));
    list.add(c);
  };
  const reported = new Set<number>();
  for (const fr of futureReads) {
    const c = component[fr.reader];
    if (real[c] < 2 || reported.has(c)) continue;
    reported.add(c);
    add(futureReadCycle(history, facts, fr));
  }
  const parent = new Int32Array(graph.size).fill(-1);
  for (let v = 0; v < n; v++) {
    const c = component[v];
    if (real[c] < 2 || reported.has(c)) continue;
    reported.add(c);
    add(searchCycle(history, facts, graph, component, parent, v));
  }
  return found;
}

/** Vertices: history positions for completions, n + position for invocations (the chain). */
function realtimeGraph(history: readonly Op[], facts: HistoryFacts): Digraph {
  const n = history.length;
  const from: number[] = [];
  const to: number[] = [];
  const edge = (a: number, b: number): void => {
    from.push(a);
    to.push(b);
  };
  let previous = -1;
  let waiting: number[] = [];
  history.forEach((op, pos) => {
    if (op.process === 'nemesis' || !isTxnOp(op)) return;
    if (op.type === 'invoke') {
      const done = facts.completionOf[pos];
      if (done < 0) return;
      if (previous >= 0) edge(previous, n + pos);
      previous = n + pos;
      edge(n + pos, done);
      for (const a of waiting) edge(a, n + pos);
      waiting = [];
      return;
    }
    if (op.type === 'ok') waiting.push(pos);
    for (const [key, pairs] of opReads(op) ?? []) {
      const writers = facts.keys.get(key)!.writer;
      for (const p of pairs) {
        const w = writers.get(valueKey(p.value));
        if (w !== undefined && w !== pos) edge(w, pos);
      }
    }
  });
  return digraph(2 * n, from, to);
}

function futureReadCycle(history: readonly Op[], facts: HistoryFacts, fr: FutureRead): CycleCase {
  const reader = history[fr.reader];
  const writer = history[fr.writer];
  const steps: CycleStep[] = [
    { type: 'realtime', "a'": reader, b: history[facts.invocationOf[fr.writer]] },
    { type: 'wr', key: fr.key, value: fr.value, 'a-mop-index': sendMop(writer, fr.key, fr.value), 'b-mop-index': fr.mop },
  ];
  return { cycle: [reader, writer, reader], steps, type: 'G1c-realtime' };
}

function sendMop(op: Op, key: string, value: unknown): number {
  return (
    opWrites(op)
      ?.get(key)
      ?.find((p) => valuesEqual(p.value, value))?.mop ?? -1
  );
}

/**
 * Breadth-first, the shortest way from `start` back to itself inside its component. `parent`
 * is all -1 on entry and is left so (components are disjoint: each search pays for its own).
 */
function searchCycle(history: readonly Op[], facts: HistoryFacts, g: Digraph, component: Int32Array, parent: Int32Array, start: number): CycleCase {
  const queue = [start];
  let last = -1;
  for (let i = 0; i < queue.length && last < 0; i++) {
    const v = queue[i];
    for (let e = g.starts[v]; e < g.starts[v + 1]; e++) {
      const w = g.targets[e];
      if (component[w] !== component[start]) continue;
      if (w === start) {
        last = v;
        break;
      }
      if (parent[w] < 0) {
        parent[w] = v;
        queue.push(w);
      }
    }
  }
  const path = [start];
  for (let v = last; v !== start; v = parent[v]) path.push(v);
  path.push(start);
  path.reverse();
  for (const v of queue) parent[v] = -1;
  return explainPath(history, facts, path);
}

/** Names each hop between real vertices: through the invocation chain it is realtime, else wr. */
function explainPath(history: readonly Op[], facts: HistoryFacts, path: number[]): CycleCase {
  const n = history.length;
  const ops: number[] = [];
  const viaChain: boolean[] = [];
  let chained = false;
  for (const v of path) {
    if (v >= n) chained = true;
    else {
      if (ops.length > 0) viaChain.push(chained);
      ops.push(v);
      chained = false;
    }
  }
  const steps = viaChain.map((rt, i): CycleStep => {
    const [a, b] = [history[ops[i]], history[ops[i + 1]]];
    if (rt) return { type: 'realtime', "a'": a, b: history[facts.invocationOf[ops[i + 1]]] };
    const read = [...(opReads(b) ?? [])]
      .flatMap(([key, pairs]) => pairs.map((p) => ({ key, p })))
      .find(({ key, p }) => facts.keys.get(key)!.writer.get(valueKey(p.value)) === ops[i])!;
    return { type: 'wr', key: read.key, value: read.p.value, 'a-mop-index': sendMop(a, read.key, read.p.value), 'b-mop-index': read.p.mop };
  });
  return { cycle: ops.map((p) => history[p]), steps, type: steps.some((s) => s.type === 'realtime') ? 'G1c-realtime' : 'G1c' };
}
