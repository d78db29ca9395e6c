// The runner's clock: the node's Clock plus `soon`, a zero-delay callback without the 1 ms floor
// that Node puts under every timer (maelstrom-spec §3.2: due messages go out back to back). The
// real clock backs it with setImmediate, the virtual clock with a timer at the current time.
import type { Clock } from '../maelstrom/clock.js';

export interface RunnerClock extends Clock {
  /** Runs `fn` once the current call stack has unwound, before any later timer. */
  soon(fn: () => void): void;
}

// Node turns larger delays into 1 ms.
const maxTimeoutMs = 2 ** 31 - 1;

/** Wall-clock time. Timers are not unref'd: a pending runner timer keeps the process alive. */
export function createRealClock(): RunnerClock {
  return {
    now: () => performance.now(),
    setTimer(delayMs, fn) {
      const handle = setTimeout(fn, Math.min(maxTimeoutMs, Math.max(0, delayMs)));
      return () => clearTimeout(handle);
    },
    soon: (fn) => void setImmediate(fn),
  };
}
