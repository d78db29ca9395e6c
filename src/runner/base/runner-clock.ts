// The runner's clocks: the node's Clock plus `soon`, a zero-delay callback without the 1 ms floor
// that Node puts under every timer (Maelstrom's net.clj delivers what is due back to back). The
// real clock backs it with setImmediate; the simulation's virtual clock (whose interface is here
// so the run's phases need nothing of sim/) with a timer at the current time.
import type { Clock } from '../../maelstrom/clock.js';

export interface RunnerClock extends Clock {
  /** Runs `fn` once the current call stack has unwound, before any later timer. */
  soon(fn: () => void): void;
}

/** The simulation's clock (sim/virtual-clock.ts): nothing waits; a driver runs its timers. */
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
