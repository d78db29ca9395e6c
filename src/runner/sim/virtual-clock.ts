// The simulation's clock: a deterministic timer heap. Nothing waits in real time; the driver
// runs the due timers in (time, insertion) order, so a seed replays a run exactly.
import { heapify, heapPop, heapPush, type Keyed } from '../net/deadline-queue.js';
import type { VirtualClock } from '../base/runner-clock.js';

export type { VirtualClock } from '../base/runner-clock.js';

interface Timer extends Keyed {
  /** null once cancelled: cancellation is lazy, the entry is skipped when it surfaces. */
  fn: (() => void) | null;
}

export function createVirtualClock(startMs = 0): VirtualClock {
  const clock = new TimerHeapClock(startMs);
  // Bound, so the methods can be passed around like a plain clock's.
  return {
    now: () => clock.now,
    setTimer: (delayMs, fn) => clock.setTimer(delayMs, fn),
    soon: (fn) => void clock.setTimer(0, fn),
    runUntil: (untilMs) => clock.guard(() => clock.runUntil(untilMs)),
    runWhile: (condition, limitMs = Infinity) => clock.guard(() => clock.runWhile(condition, limitMs)),
    pending: () => clock.live,
  };
}

class TimerHeapClock {
  now: number;
  live = 0;
  private seq = 0;
  private cancelled = 0;
  private running = false;
  private readonly heap: Timer[] = [];

  constructor(startMs: number) {
    this.now = startMs;
  }

  setTimer(delayMs: number, fn: () => void): () => void {
    if (delayMs === Infinity) throw new RangeError('virtual clock: infinite timer delay');
    const timer: Timer = { time: this.now + (delayMs > 0 ? delayMs : 0), seq: this.seq++, fn };
    heapPush(this.heap, timer);
    this.live++;
    return () => {
      if (timer.fn === null) return;
      timer.fn = null;
      this.live--;
      this.cancelled++;
      this.purgeIfMostlyCancelled();
    };
  }

  runUntil(untilMs: number): void {
    for (let next = this.peekLive(); next !== undefined && next.time <= untilMs; next = this.peekLive()) this.runNext();
    // runUntil(Infinity) drains the queue; the clock stays at the last timer's time.
    if (untilMs > this.now && untilMs !== Infinity) this.now = untilMs;
  }

  runWhile(condition: () => boolean, limitMs: number): boolean {
    while (!condition()) {
      const next = this.peekLive();
      if (next === undefined || next.time > limitMs) {
        if (limitMs !== Infinity && limitMs > this.now) this.now = limitMs;
        return condition();
      }
      this.runNext();
    }
    return true;
  }

  guard<R>(body: () => R): R {
    // A nested run from inside a timer would run later timers before the current one ends.
    if (this.running) throw new Error('virtual clock: runUntil/runWhile called from inside a timer');
    this.running = true;
    try {
      return body();
    } finally {
      this.running = false;
    }
  }

  // Most timers in a run are RPC timeouts cancelled by their reply; purge them once they
  // outnumber the live ones so the heap does not grow with the run's length.
  private purgeIfMostlyCancelled(): void {
    if (this.cancelled < 1024 || this.cancelled * 2 < this.heap.length) return;
    let kept = 0;
    for (const timer of this.heap) if (timer.fn !== null) this.heap[kept++] = timer;
    this.heap.length = kept;
    this.cancelled = 0;
    heapify(this.heap);
  }

  /** The next live timer, with cancelled ones at the top discarded. */
  private peekLive(): Timer | undefined {
    while (this.heap.length > 0 && this.heap[0].fn === null) {
      heapPop(this.heap);
      this.cancelled--;
    }
    return this.heap[0];
  }

  private runNext(): void {
    const timer = heapPop(this.heap)!;
    const fn = timer.fn!;
    timer.fn = null;
    this.live--;
    this.now = timer.time;
    fn();
  }
}
