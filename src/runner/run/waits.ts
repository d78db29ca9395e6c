// Waiting on the run's clock, with promises, so each phase of a run reads top to bottom. On real
// time these are plain timers. On the simulation's virtual clock nothing waits: the driver runs
// timers until one of these promises is settled (`woken`), then lets the awaiting phase go on
// before it runs more timers, so a run replays exactly from its seed.
import type { RunnerClock } from '../base/runner-clock.js';

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export interface Waits {
  sleep(ms: number): Promise<void>;
  /** Resolves at `atMs` on the clock, at once (without a timer) when that time has come. */
  sleepUntil(atMs: number): Promise<void>;
  /** A promise settled later by a callback (a reply, a timeout, a node's exit). */
  deferred<T>(): Deferred<T>;
  /** For the virtual driver: whether a promise was settled since the last call. */
  takeWoken(): boolean;
}

export function createWaits(clock: RunnerClock): Waits {
  let woken = false;
  const deferred = <T>(): Deferred<T> => {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return {
      promise,
      resolve(value) {
        woken = true;
        resolve(value);
      },
      reject(error) {
        woken = true;
        reject(error);
      },
    };
  };
  const sleepUntil = (atMs: number): Promise<void> => {
    if (atMs <= clock.now()) return Promise.resolve();
    const d = deferred<void>();
    clock.setTimer(atMs - clock.now(), () => d.resolve());
    return d.promise;
  };
  return {
    sleep: (ms) => sleepUntil(clock.now() + ms),
    sleepUntil,
    deferred,
    takeWoken() {
      const was = woken;
      woken = false;
      return was;
    },
  };
}
