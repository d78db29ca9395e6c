import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/runner/sim/virtual-clock.js';

describe('virtual clock', () => {
  it('runs timers by time, then by insertion order', () => {
    const clock = createVirtualClock();
    const log: string[] = [];
    clock.setTimer(10, () => log.push('a@10'));
    clock.setTimer(5, () => log.push('b@5'));
    clock.setTimer(10, () => log.push('c@10'));
    clock.setTimer(0, () => log.push('d@0'));
    clock.runUntil(100);
    expect(log).toEqual(['d@0', 'b@5', 'a@10', 'c@10']);
  });

  it('runs timers set for the current time from within a timer after it, in insertion order', () => {
    const clock = createVirtualClock();
    const log: string[] = [];
    clock.setTimer(1, () => {
      log.push('outer');
      clock.setTimer(0, () => log.push('first'));
      clock.setTimer(-5, () => log.push('second'));
      log.push('outer end');
    });
    clock.setTimer(1, () => log.push('sibling'));
    clock.runUntil(1);
    expect(log).toEqual(['outer', 'outer end', 'sibling', 'first', 'second']);
  });

  it('reports the timer time as now inside the callback and starts at startMs', () => {
    const clock = createVirtualClock(1000);
    const seen: number[] = [];
    clock.setTimer(2.5, () => seen.push(clock.now()));
    expect(clock.now()).toBe(1000);
    clock.runUntil(2000);
    expect(seen).toEqual([1002.5]);
    expect(clock.now()).toBe(2000);
  });

  it('runUntil is inclusive and leaves later timers pending', () => {
    const clock = createVirtualClock();
    const log: number[] = [];
    for (const t of [5, 10, 15]) clock.setTimer(t, () => log.push(t));
    clock.runUntil(10);
    expect(log).toEqual([5, 10]);
    expect(clock.pending()).toBe(1);
    expect(clock.now()).toBe(10);
  });

  it('cancel prevents the run, is idempotent, and keeps pending() exact', () => {
    const clock = createVirtualClock();
    const log: number[] = [];
    const cancel = clock.setTimer(5, () => log.push(5));
    clock.setTimer(6, () => log.push(6));
    expect(clock.pending()).toBe(2);
    cancel();
    cancel();
    expect(clock.pending()).toBe(1);
    clock.runUntil(10);
    expect(log).toEqual([6]);
    expect(clock.pending()).toBe(0);
  });

  it('a timer can cancel a later one', () => {
    const clock = createVirtualClock();
    const log: string[] = [];
    const cancelLater = clock.setTimer(2, () => log.push('later'));
    clock.setTimer(1, () => cancelLater());
    clock.runUntil(5);
    expect(log).toEqual([]);
  });

  it('runs what is left correctly after mass cancellation (lazy purge)', () => {
    const clock = createVirtualClock();
    const log: number[] = [];
    const cancels: (() => void)[] = [];
    for (let k = 0; k < 10_000; k++) cancels.push(clock.setTimer(k % 97, () => log.push(k)));
    cancels.forEach((cancel, k) => {
      if (k % 10 !== 0) cancel();
    });
    expect(clock.pending()).toBe(1000);
    clock.runUntil(1000);
    const expected = Array.from({ length: 1000 }, (_, i) => i * 10).sort((a, b) => (a % 97) - (b % 97) || a - b);
    expect(log).toEqual(expected);
  });

  it('matches a sorted reference for random schedules with cancellations', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean())), (specs) => {
        const clock = createVirtualClock();
        const log: number[] = [];
        const cancels = specs.map(([delay], k) => clock.setTimer(delay, () => log.push(k)));
        for (const [k, [, cancelled]] of specs.entries()) if (cancelled) cancels[k]();
        clock.runUntil(100);
        const expected = specs
          .map(([delay, cancelled], k) => ({ delay, cancelled, k }))
          .filter((s) => !s.cancelled)
          .sort((a, b) => a.delay - b.delay || a.k - b.k)
          .map((s) => s.k);
        expect(log).toEqual(expected);
      }),
    );
  });

  it('runWhile stops as soon as the condition holds', () => {
    const clock = createVirtualClock();
    let count = 0;
    for (let t = 1; t <= 10; t++) clock.setTimer(t, () => count++);
    expect(clock.runWhile(() => count >= 3)).toBe(true);
    expect(count).toBe(3);
    expect(clock.now()).toBe(3);
  });

  it('runWhile returns false when timers run out, and honours an absolute limit', () => {
    const clock = createVirtualClock();
    let count = 0;
    clock.setTimer(1, () => count++);
    clock.setTimer(50, () => count++);
    expect(clock.runWhile(() => count >= 5, 20)).toBe(false);
    expect(count).toBe(1);
    expect(clock.now()).toBe(20);
    expect(clock.runWhile(() => count >= 5)).toBe(false);
    expect(count).toBe(2);
    expect(clock.now()).toBe(50);
  });

  it('refuses to be run from inside a timer', () => {
    const clock = createVirtualClock();
    clock.setTimer(1, () => clock.runUntil(5));
    expect(() => clock.runUntil(2)).toThrow(/inside a timer/);
    // the clock stays usable after the failure
    let ran = false;
    clock.setTimer(1, () => (ran = true));
    clock.runUntil(10);
    expect(ran).toBe(true);
  });

  it('handles a million timers (chains re-arming themselves, as a simulation does)', () => {
    const clock = createVirtualClock();
    let fired = 0;
    let last = -1;
    let ordered = true;
    const chains = 1000;
    for (let c = 0; c < chains; c++) {
      const arm = (remaining: number) =>
        clock.setTimer(1 + ((c * 7919 + remaining) % 13), () => {
          if (clock.now() < last) ordered = false;
          last = clock.now();
          fired++;
          if (remaining > 1) arm(remaining - 1);
        });
      arm(1000);
    }
    clock.runUntil(Infinity);
    expect(fired).toBe(1_000_000);
    expect(ordered).toBe(true);
    expect(clock.pending()).toBe(0);
    expect(clock.now()).toBe(last); // draining with Infinity does not jump the clock to Infinity
  });
});
