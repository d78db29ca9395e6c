// A binary min-heap of entries ordered by (time, seq): the network's per-recipient queues and
// the virtual clock's timers. seq breaks ties, so equal times keep insertion order.

export interface Keyed {
  time: number;
  seq: number;
}

function before(a: Keyed, b: Keyed): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export function heapPush<T extends Keyed>(heap: T[], entry: T): void {
  let i = heap.length;
  heap.push(entry);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(entry, heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = entry;
}

export function heapPop<T extends Keyed>(heap: T[]): T | undefined {
  if (heap.length === 0) return undefined;
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length > 0) siftDown(heap, 0, last);
  return top;
}

/** Restores heap order after entries were removed in place. */
export function heapify<T extends Keyed>(heap: T[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i, heap[i]);
}

function siftDown<T extends Keyed>(heap: T[], start: number, entry: T): void {
  const n = heap.length;
  let i = start;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && before(heap[child + 1], heap[child])) child++;
    if (!before(heap[child], entry)) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = entry;
}
