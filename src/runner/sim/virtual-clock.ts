// The simulation's clock: a deterministic timer heap. Nothing waits in real time; the driver
// runs the due timers in (time, insertion) order, so a seed replays a run exactly.
import { heapify, heapPop, heapPush, type Keyed } from '../net/deadline-queue.js';
import type { RunnerClock } from '../runner-clock.js';

export interface VirtualClock extends RunnerClock {
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

  function setTimer(delayMs: number, fn: () => void): () => void {
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
  }

  return {
    now: () => now,
    setTimer,
    soon(fn) {
      setTimer(0, fn);
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
