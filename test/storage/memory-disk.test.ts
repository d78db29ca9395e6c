// The simulation's disk: a write is durable only once its delay has passed on the virtual
// clock; a crash loses exactly the writes still in flight; the delays follow the seed; one
// incarnation at a time. With faults: a kill tears the write in flight or leaves zeros, a sync
// fails, by seed; every one is counted, and recovery keeps every acknowledged record.
import { describe, expect, test } from 'vitest';
import { createRandom } from '../../src/runner/base/random.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';
import { createMemoryDisks, type DiskFaults, type UpdateLog } from '../../src/storage/index.js';

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

describe('faults, by seed', () => {
  const faulty = (faults: DiskFaults, seed = 1) => {
    const clock = createVirtualClock();
    const disks = createMemoryDisks({ clock, random: createRandom(seed), writeDelayMs: { min: 2, max: 10 }, faults, faultRandom: createRandom(seed + 99) });
    const open = (warnings: string[] = []): { handle: ReturnType<typeof disks.forNode>; log: UpdateLog } => {
      const handle = disks.forNode('n1');
      let log: UpdateLog | undefined;
      let failure: unknown;
      handle.open('n1', { warn: (w) => warnings.push(w) }).then(
        (l) => void (log = l),
        (e) => void (failure = e),
      );
      clock.runWhile(() => log !== undefined || failure !== undefined);
      if (failure) throw failure;
      return { handle, log: log! };
    };
    /** Appends one record, waits until it is acknowledged (or fails); returns whether it was. */
    const append = (log: UpdateLog, value: number): boolean => {
      let outcome: boolean | undefined;
      log.append(new Uint8Array([value, value])).then(
        () => void (outcome = true),
        () => void (outcome = false),
      );
      clock.runWhile(() => outcome !== undefined);
      return outcome!;
    };
    return { clock, disks, open, append };
  };

  test('a kill tears the write in flight or leaves zeros; the next open cuts that tail and keeps it, every acknowledged record stays', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const { clock, disks, open, append } = faulty({ tornWrites: true, zeroedTails: true }, seed);
      const { handle, log } = open();
      for (let v = 1; v <= 3; v++) expect(append(log, v)).toBe(true);
      log.append(new Uint8Array([9, 9, 9, 9, 9, 9, 9]));
      clock.runUntil(clock.now() + 1); // shorter than any write: in flight at the kill
      handle.crash();
      const { torn, zeroed } = { torn: disks.faultCounts().tornWrites, zeroed: disks.faultCounts().zeroedTails };
      const warnings: string[] = [];
      const again = open(warnings).log;
      let records: Uint8Array[] = [];
      again.load().then((r) => void (records = r));
      expect(records.slice(0, 3)).toEqual([1, 2, 3].map((v) => new Uint8Array([v, v])));
      const counts = disks.faultCounts();
      if (torn + zeroed === 0) {
        expect(warnings).toEqual([]);
        continue;
      }
      seen.add(torn ? 'torn' : 'zeroed');
      expect(counts.tailsCut).toBe(1);
      expect(warnings[0]).toMatch(torn ? /cut short|bad checksum/ : /zeros/);
      expect([...disks.keptFiles('n1').keys()]).toEqual([expect.stringMatching(/^memory disk n1\.torn-\d+$/)]);
    }
    expect(seen).toEqual(new Set(['torn', 'zeroed']));
  });

  test('a failed sync rejects its append and every later one; the reopened log holds every acknowledged record', () => {
    const { disks, open, append } = faulty({ fsyncFailureRate: 0.3 }, 4);
    const { log } = open();
    const acked: number[] = [];
    let v = 1;
    for (; v <= 40 && append(log, v); v++) acked.push(v);
    expect(disks.faultCounts().fsyncFailures).toBe(1);
    expect(acked.length).toBeLessThan(40);
    expect(append(log, 99)).toBe(false); // never retried as if it were safe
    log.close();
    const { log: reopened } = open();
    let records: Uint8Array[] = [];
    reopened.load().then((r) => void (records = r));
    expect(records.slice(0, acked.length)).toEqual(acked.map((a) => new Uint8Array([a, a])));
    expect(records.length).toBeLessThanOrEqual(acked.length + 1); // the failed one, if it landed whole
    expect(disks.faultCounts().reopenedAfterFailure).toBe(1);
  });

  test('the same seed injects the same faults', () => {
    const run = (seed: number): string => {
      const { clock, disks, open, append } = faulty({ tornWrites: true, zeroedTails: true, fsyncFailureRate: 0.05 }, seed);
      let { handle, log } = open();
      for (let v = 0; v < 60; v++) {
        if (!append(log, v) || v % 7 === 6) {
          log.append(new Uint8Array([1, 2, 3]));
          clock.runUntil(clock.now() + 1);
          handle.crash();
          ({ handle, log } = open());
        }
      }
      return JSON.stringify([disks.faultCounts(), [...(disks.bytes('n1') ?? [])]]);
    };
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });
});
