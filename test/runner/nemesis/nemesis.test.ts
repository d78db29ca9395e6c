// The nemesis as the owner of the network's faults: Maelstrom's partition schedule (start at
// once, alternate after gaps in [0, 2·interval), nothing after the time limit, a recorded final
// heal), schedules composed so that healing one fault never ends another, and a run's schedules
// made from its options by one function, whoever runs it.
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../src/maelstrom/message.js';
import { createJournal } from '../../../src/runner/records/journal.js';
import {
  createNemesis,
  extraFaults,
  partitionSchedule,
  parseExtraFault,
  runSchedules,
  type FaultOptions,
  type Schedule,
} from '../../../src/runner/nemesis/index.js';
import { createNetwork } from '../../../src/runner/net/network.js';
import { createRandom } from '../../../src/runner/base/random.js';
import { createVirtualClock } from '../../../src/runner/sim/virtual-clock.js';
import { flood, runScripted } from '../../helpers/scripted-nodes.js';

const nodes = ['n0', 'n1', 'n2', 'n3', 'n4'];

const noProcesses = { kill: async () => [], startAll: async () => [], pause: () => [], resumeAll: () => [] };

function harness(schedules: Schedule[], partitions: boolean) {
  const clock = createVirtualClock();
  const random = createRandom(4);
  const network = createNetwork({ clock, random, latency: 0, latencyDist: 'constant', journal: createJournal() });
  const ops: { at: number; f: string; value: unknown }[] = [];
  const record = (f: string, value: unknown) => ops.push({ at: clock.now(), f, value });
  const nemesis = createNemesis({ clock, random, nodes, network, schedules, faults: partitions ? ['partition'] : [], processes: noProcesses, record });
  const received = new Set<unknown>();
  for (const n of nodes) network.register(n, (m) => received.add(m.body.probe));
  let probes = 0;
  /** Whether a message from `src` reaches `dest` now. */
  const reaches = (src: NodeId, dest: NodeId): boolean => {
    const probe = probes++;
    network.send({ src, dest, body: { type: 'probe', probe } });
    clock.runUntil(clock.now());
    return received.has(probe);
  };
  return { clock, nemesis, ops, reaches };
}

describe('partition schedule', () => {
  it('starts at once, alternates, keeps gaps under 2·interval, stops at the cutoff, heals at the end', async () => {
    const { clock, nemesis, ops } = harness([partitionSchedule(2)], true);
    nemesis.start(60_000);
    clock.runUntil(100_000);
    expect(ops[0]).toMatchObject({ at: 0, f: 'start-partition' });
    const starts = ops.filter((op) => op.f === 'start-partition' && typeof op.value === 'string');
    const stops = ops.filter((op) => op.f === 'stop-partition' && op.value === null);
    expect(starts.length).toBeGreaterThan(5);
    expect(Math.abs(starts.length - stops.length)).toBeLessThanOrEqual(1);
    const times = [...starts, ...stops].map((op) => op.at).sort((a, b) => a - b);
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeLessThan(4000);
    expect(Math.max(...times)).toBeLessThan(60_000);
    await nemesis.final({ record: true });
    expect(ops.slice(-2).map((op) => [op.f, op.value])).toEqual([
      ['stop-partition', null],
      ['stop-partition', 'network-healed'],
    ]);
  });

  it('records each start with the shape, then the grudge it applied', () => {
    const { clock, nemesis, ops } = harness([partitionSchedule(10)], true);
    nemesis.start(1000);
    clock.runUntil(1000);
    expect(ops[0].f).toBe('start-partition');
    expect(['one', 'minority-third', 'majority', 'majorities-ring']).toContain(ops[0].value);
    expect(ops[1]).toMatchObject({ f: 'start-partition', value: ['isolated', expect.any(Object)] });
  });
});

describe('composed schedules', () => {
  it('healing one partition keeps another in force until its own end', async () => {
    const isolateN0: Schedule = parseExtraFault('isolated:n0')!;
    // A second fault that cuts n1 off and heals after one second.
    const brief: Schedule = (c) => {
      c.partition(new Map([['n1', new Set(['n2'])]]));
      c.after(1000, () => c.heal());
    };
    const { clock, nemesis, reaches } = harness([isolateN0, brief], false);
    nemesis.start(10_000);
    expect(reaches('n2', 'n1')).toBe(false);
    expect(reaches('n3', 'n0')).toBe(false);
    clock.runUntil(2000);
    expect(reaches('n2', 'n1')).toBe(true); // the brief fault ended
    expect(reaches('n3', 'n0')).toBe(false); // n0 is still isolated
    await nemesis.final({ record: false });
    expect(reaches('n3', 'n0')).toBe(true);
  });

  it('the final step cancels what the schedules planned', async () => {
    const later: Schedule = (c) => c.after(5000, () => c.partition(new Map([['n0', new Set(['n1'])]])));
    const { clock, nemesis, reaches } = harness([later], false);
    nemesis.start(10_000);
    await nemesis.final({ record: false });
    clock.runUntil(20_000);
    expect(reaches('n1', 'n0')).toBe(true);
  });
});

describe("a run's schedules", () => {
  /** What the schedules made from `options` record in their first 10 s. */
  function recorded(options: Partial<FaultOptions>): string[] {
    const { clock, nemesis, ops } = harness(runSchedules({ nemesis: [], nemesisInterval: 1, seed: 1, ...options }), false);
    nemesis.start(10_000);
    clock.runUntil(10_000);
    return [...new Set(ops.map((op) => (op.f === 'fault' ? `fault ${String(op.value).split(':')[0]}` : op.f)))];
  }

  it('come from --nemesis and --faults alone: partitions, kill and pause on one stream, then the extra fault', () => {
    expect(recorded({})).toEqual([]);
    expect(recorded({ faults: 'none' })).toEqual([]);
    expect(recorded({ nemesis: ['partition'], faults: 'isolated:n2' })).toEqual(['start-partition', 'fault isolated n2', 'stop-partition']);
    // One stream for both: its first op is a kill or a pause (its next waits on the processes).
    expect(['kill', 'pause']).toContain(recorded({ nemesis: ['kill', 'pause'] })[0]);
    expect(runSchedules({ nemesis: ['partition', 'kill', 'pause'], nemesisInterval: 1, seed: 1, faults: 'drops' })).toHaveLength(3);
  });

  it('--faults all picks one extra fault by seed', () => {
    expect(recorded({ faults: 'all', seed: extraFaults.indexOf('drops') })).toEqual(['fault drop 10%, duplicate 5%']);
    expect(recorded({ faults: 'all', seed: extraFaults.indexOf('none') })).toEqual([]);
  });

  it('are what a run gets from its options, with nothing else handed in', async () => {
    const outcome = await runScripted(flood(), ...'-w broadcast --node-count 3 --time-limit 2 --rate 10 --faults isolated:n1 --seed 2'.split(' '));
    expect(outcome.history.filter((op) => op.process === 'nemesis').map((op) => [op.f, op.value])).toEqual([['fault', 'isolated n1']]);
    expect(outcome.results?.['stable-outside']).toMatchObject({ excluded: ['n1'] });
  });
});
