// Time as the node sees it. The node core never reads Date.now or calls setTimeout itself:
// the stdio entry point hands it the system clock, the simulation a virtual one.

export interface Clock {
  /** Milliseconds on this clock's own time line (only differences are meaningful). */
  now(): number;
  /** Runs `fn` once after `delayMs`; the returned function cancels it (idempotent). */
  setTimer(delayMs: number, fn: () => void): () => void;
}

/** Wall-clock time for real processes. Timers are unref'd so they never keep a node alive. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(delayMs, fn) {
    const handle = setTimeout(fn, Math.max(0, delayMs));
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
