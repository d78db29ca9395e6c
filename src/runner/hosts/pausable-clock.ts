// A node's clock in the simulation that can be stopped like a process under SIGSTOP: while it is
// paused, timers that come due wait, and they all run, in order, the moment it resumes.
import type { Clock } from '../../maelstrom/clock.js';

export interface PausableClock extends Clock {
  pause(): void;
  /** Runs whatever came due while paused (through `soon`, outside the caller's stack). */
  resume(soon: (fn: () => void) => void): void;
}

export function createPausableClock(base: Clock): PausableClock {
  let paused = false;
  let held: (() => void)[] = [];
  return {
    now: () => base.now(),
    setTimer(delayMs, fn) {
      return base.setTimer(delayMs, () => {
        if (paused) held.push(fn);
        else fn();
      });
    },
    pause() {
      paused = true;
    },
    resume(soon) {
      paused = false;
      const due = held;
      held = [];
      if (due.length > 0) soon(() => due.forEach((fn) => fn()));
    },
  };
}
