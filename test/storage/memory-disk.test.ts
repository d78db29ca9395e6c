// The simulation's disk: a write is durable only once its delay has passed on the virtual
// clock; a crash loses exactly the writes still in flight; the delays follow the seed; one
// incarnation at a time.
import { expect, test } from 'vitest';
import { createRandom } from '../../src/runner/random.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';
import { createMemoryDisks, type UpdateLog } from '../../src/storage/index.js';

function setup(seed = 1) {
  const clock = createVirtualClock();
  const disks = createMemoryDisks({ clock, random: createRandom(seed), writeDelayMs: { min: 2, max: 10 } });
  const open = (handle = disks.forNode('n1')): { handle: typeof handle; log: UpdateLog } => {
    let log: UpdateLog | undefined;
    handle.open('n1').then((l) => void (log = l));
    clock.runWhile(() => log !== undefined);
    return { handle, log: log! };
  };
  const records = (): Uint8Array[] => {
    const { handle, log } = open();
    let out: Uint8Array[] = [];
    log.load().then((r) => void (out = r));
    handle.crash();
    return out;
  };
  return { clock, disks, open, records };
}

test('an append is durable only after its delay; a crash before that loses it and rejects', () => {
  const { clock, open, records } = setup();
  const { handle, log } = open();
  let kept = false;
  log.append(new Uint8Array([1])).then(() => void (kept = true));
  clock.runWhile(() => kept);
  let lost: unknown;
  log.append(new Uint8Array([2])).then(undefined, (e) => void (lost = e));
  clock.runUntil(clock.now() + 1); // less than the shortest delay
  handle.crash();
  expect(String(lost)).toMatch(/memory disk n1: the process was killed before this write was durable/);
  expect(records()).toEqual([new Uint8Array([1])]);
});

test('the same seed makes every write durable at the same virtual time', () => {
  const times = (seed: number): number[] => {
    const { clock, open } = setup(seed);
    const { log } = open();
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      log.append(new Uint8Array([i])).then(() => void at.push(clock.now()));
      clock.runWhile(() => at.length > i);
    }
    return at;
  };
  expect(times(3)).toEqual(times(3));
  expect(times(3)).not.toEqual(times(4));
});

test('a clean close makes queued writes durable at once; one incarnation at a time', () => {
  const { disks, open, records } = setup();
  const { log } = open();
  log.append(new Uint8Array([1]));
  log.append(new Uint8Array([2]));
  expect(() => disks.forNode('n1')).toThrow(/still open by an earlier incarnation/);
  log.close();
  expect(records()).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
});
