// Strongly connected components by Tarjan's algorithm, iterative (a history of 20,000
// transactions would overflow the call stack), over the edges of a CSR graph whose relation
// bits meet a mask. Components come out in completion order: every edge between two of them
// points from a later component to an earlier one, so comp[v] ≥ comp[w] whenever w is
// reachable from v, which the cycle search uses to prune.
import type { Csr } from './graph.js';

export interface Components {
  /** Component number of each vertex, in completion (reverse topological) order. */
  readonly comp: Int32Array;
  readonly members: number[][];
}

export function components(g: Csr, mask: number): Components {
  const { n, start, to, rel } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callV = new Int32Array(n);
  const callE = new Int32Array(n);
  const comp = new Int32Array(n);
  const members: number[][] = [];
  let counter = 0;
  let sp = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let top = 0;
    const enter = (v: number): void => {
      index[v] = low[v] = counter++;
      stack[sp++] = v;
      onStack[v] = 1;
      callV[top] = v;
      callE[top] = start[v];
    };
    enter(root);
    while (top >= 0) {
      const v = callV[top];
      const e = callE[top];
      if (e < start[v + 1]) {
        callE[top] = e + 1;
        if ((rel[e] & mask) === 0) continue;
        const w = to[e];
        if (index[w] === -1) {
          top++;
          enter(w);
        } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      if (low[v] === index[v]) {
        const c: number[] = [];
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = members.length;
          c.push(w);
        } while (w !== v);
        members.push(c);
      }
      top--;
      if (top >= 0 && low[v] < low[callV[top]]) low[callV[top]] = low[v];
    }
  }
  return { comp, members };
}

/** Whether v has an edge to itself among the masked relations. */
export function hasSelfLoop(g: Csr, v: number, mask: number): boolean {
  for (let e = g.start[v]; e < g.start[v + 1]; e++) if (g.to[e] === v && (g.rel[e] & mask) !== 0) return true;
  return false;
}
