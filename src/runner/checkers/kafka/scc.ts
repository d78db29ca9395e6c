// Strongly connected components of a directed graph in compressed adjacency form (Tarjan's
// algorithm, iterative so a long chain cannot overflow the stack). Linear in vertices + edges.

export interface Digraph {
  /** Vertices are 0 … size-1. */
  size: number;
  /** Edges of v are targets[starts[v] … starts[v + 1]). */
  starts: Int32Array;
  targets: Int32Array;
}

/** Builds the compressed form from parallel edge lists. */
export function digraph(size: number, from: readonly number[], to: readonly number[]): Digraph {
  const starts = new Int32Array(size + 1);
  for (const f of from) starts[f + 1]++;
  for (let v = 0; v < size; v++) starts[v + 1] += starts[v];
  const fill = starts.slice(0, size);
  const targets = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) targets[fill[from[e]]++] = to[e];
  return { size, starts, targets };
}

/** The component of each vertex (numbered in the order Tarjan closes them). */
export function components(g: Digraph): Int32Array {
  const { size, starts, targets } = g;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const component = new Int32Array(size).fill(-1);
  const onStack = new Uint8Array(size);
  const stack: number[] = [];
  const calls: number[] = [];
  const cursor = new Int32Array(size);
  let next = 0;
  let count = 0;
  for (let root = 0; root < size; root++) {
    if (index[root] >= 0) continue;
    calls.push(root);
    index[root] = low[root] = next++;
    cursor[root] = starts[root];
    stack.push(root);
    onStack[root] = 1;
    while (calls.length > 0) {
      const v = calls[calls.length - 1];
      if (cursor[v] < starts[v + 1]) {
        const w = targets[cursor[v]++];
        if (index[w] < 0) {
          index[w] = low[w] = next++;
          cursor[w] = starts[w];
          stack.push(w);
          onStack[w] = 1;
          calls.push(w);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      calls.pop();
      if (calls.length > 0) {
        const parent = calls[calls.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] !== index[v]) continue;
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component[w] = count;
      } while (w !== v);
      count++;
    }
  }
  return component;
}
