import { describe, expect, it } from 'vitest';
import { createRealClock } from '../../../src/runner/base/runner-clock.js';

describe('real clock', () => {
  it('fires timers and honours cancel', async () => {
    const clock = createRealClock();
    const start = clock.now();
    const log: string[] = [];
    const cancel = clock.setTimer(1, () => log.push('cancelled'));
    cancel();
    await new Promise<void>((resolve) =>
      clock.setTimer(5, () => {
        log.push('fired');
        resolve();
      }),
    );
    expect(log).toEqual(['fired']);
    expect(clock.now()).toBeGreaterThan(start);
  });

  it('runs soon() callbacks in order, after the current stack', async () => {
    const clock = createRealClock();
    const log: number[] = [];
    const done = new Promise<void>((resolve) => {
      clock.soon(() => log.push(1));
      clock.soon(() => {
        log.push(2);
        resolve();
      });
    });
    log.push(0);
    await done;
    expect(log).toEqual([0, 1, 2]);
  });
});
