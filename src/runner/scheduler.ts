// Clocks for the runner: a virtual clock (a deterministic timer heap, for in-process simulation)
// and the real clock (performance.now + setTimeout, for spawned processes).
import type { Clock } from '../maelstrom/clock.js';

export interface VirtualClock extends Clock {
  /** Runs due timers in (time, insertion order) until none are left or `untilMs` (absolute,
   *  inclusive) is reached; then the clock reads max(now, untilMs), or with untilMs = Infinity
   *  the time of the last timer run. */
  runUntil(untilMs: number): void;
  /** Runs timers until `condition()` is true or no timer is left; returns whether it held.
   *  `limitMs` is an absolute time on this clock: timers after it do not run and the clock
   *  then reads limitMs (the wait consumed the time, as a real wait would). */
  runWhile(condition: () => boolean, limitMs?: number): boolean;
  /** Timers scheduled and neither run nor cancelled. */
  pending(): number;
}

/** An entry ordered by (time, seq); seq breaks ties so equal times keep insertion order. */
export interface Keyed {
  time: number;
  seq: number;
}

function before(a: Keyed, b: Keyed): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

// A binary min-heap over a plain array, shared with the network's per-recipient queues.
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

function heapify<T extends Keyed>(heap: T[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i, heap[i]);
}

interface Timer extends Keyed {
  /** null once cancelled: cancellation is lazy, the entry is skipped when it surfaces. */
  fn: (() => void) | null;
}

export function createVirtualClock(startMs = 0): VirtualClock {
  let now = startMs;
  let seq = 0;
  let live = 0;
  let cancelled = 0;
  let running = false;
  const heap: Timer[] = [];

  // Most timers in a run are RPC timeouts cancelled by their reply; purge them once they
  // outnumber the live ones so the heap does not grow with the run's length.
  function purgeIfMostlyCancelled(): void {
    if (cancelled < 1024 || cancelled * 2 < heap.length) return;
    let kept = 0;
    for (const timer of heap) if (timer.fn !== null) heap[kept++] = timer;
    heap.length = kept;
    cancelled = 0;
    heapify(heap);
  }

  // The next live timer, with cancelled ones at the top discarded.
  function peekLive(): Timer | undefined {
    while (heap.length > 0 && heap[0].fn === null) {
      heapPop(heap);
      cancelled--;
    }
    return heap[0];
  }

  function runNext(): void {
    const timer = heapPop(heap)!;
    const fn = timer.fn!;
    timer.fn = null;
    live--;
    now = timer.time;
    fn();
  }

  function guard<R>(body: () => R): R {
    // A nested run from inside a timer would run later timers before the current one ends.
    if (running) throw new Error('virtual clock: runUntil/runWhile called from inside a timer');
    running = true;
    try {
      return body();
    } finally {
      running = false;
    }
  }

  return {
    now: () => now,
    setTimer(delayMs, fn) {
      if (delayMs === Infinity) throw new RangeError('virtual clock: infinite timer delay');
      const timer: Timer = { time: now + (delayMs > 0 ? delayMs : 0), seq: seq++, fn };
      heapPush(heap, timer);
      live++;
      return () => {
        if (timer.fn === null) return;
        timer.fn = null;
        live--;
        cancelled++;
        purgeIfMostlyCancelled();
      };
    },
    runUntil(untilMs) {
      guard(() => {
        for (let next = peekLive(); next !== undefined && next.time <= untilMs; next = peekLive()) {
          runNext();
        }
        // runUntil(Infinity) drains the queue; the clock stays at the last timer's time.
        if (untilMs > now && untilMs !== Infinity) now = untilMs;
      });
    },
    runWhile(condition, limitMs = Infinity) {
      return guard(() => {
        while (!condition()) {
          const next = peekLive();
          if (next === undefined || next.time > limitMs) {
            if (limitMs !== Infinity && limitMs > now) now = limitMs;
            return condition();
          }
          runNext();
        }
        return true;
      });
    },
    pending: () => live,
  };
}

// Node turns larger delays into 1 ms.
const maxTimeoutMs = 2 ** 31 - 1;

/** Wall-clock time. Timers are not unref'd: a pending runner timer keeps the process alive. */
export function createRealClock(): Clock {
  return {
    now: () => performance.now(),
    setTimer(delayMs, fn) {
      const handle = setTimeout(fn, Math.min(maxTimeoutMs, Math.max(0, delayMs)));
      return () => clearTimeout(handle);
    },
  };
}
