// Kills, pauses and partitions together, over many seeds and every workload: with the simulated
// disk and its faults (a kill tears or zeroes the write in flight, syncs fail and nodes restart
// from their logs) nothing acknowledged is ever lost, and every kind of disk fault is reached;
// the same sweep with the nodes keeping only memory loses values, so the nemesis really bites. A
// seed whose nemesis kept every node down or paused until no operation of some kind could
// succeed is invalid by Maelstrom's stats checker alone; it must still lose nothing.
//
// Seeds replay exactly, so the counts below are exact: a change to the node's timing or to the
// runner's draws moves them, and then the new figures (printed by the failing assertion) are
// checked and written here, never loosened to a bound.
import { describe, expect, test } from 'vitest';
import { parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import type { RunOutcome } from '../../../src/runner/run/phases.js';
import { simulate } from '../../../src/runner/sim/simulate.js';
import type { WorkloadName } from '../../../src/runner/workloads/index.js';
import { sumDiskFaults } from '../../../src/runner/output/disk-faults.js';
import type { DiskFaultCounts } from '../../../src/storage/index.js';

type Replicated = Extract<WorkloadName, 'broadcast' | 'g-set' | 'g-counter' | 'pn-counter'>;
const workloads: Replicated[] = ['broadcast', 'g-set', 'g-counter', 'pn-counter'];
const seeds = 50;

function run(workload: WorkloadName, seed: number, durable: boolean): Promise<RunOutcome> {
  const disk = durable ? ['--disk-faults', 'all'] : [];
  const options = parseOptions('sim', [
    '-w',
    workload,
    ...'--node-count 5 --time-limit 8 --rate 50 --latency 30 --nemesis kill,pause,partition --nemesis-interval 1.5'.split(' '),
    ...disk,
  ]) as TestOptions;
  return simulate({ ...options, seed }, { seed, durable, keepJournal: false });
}

/** What the run lost: the workload checker's verdict (lost elements, a count out of bounds), and
 *  for sets, stronger: an acknowledged add missing from any final read (the last read of each of
 *  the 5 client threads; the final reads end the history). */
function losses(workload: WorkloadName, o: RunOutcome): string | undefined {
  if (o.error) return o.error;
  const w = o.results!.workload as { 'valid?': unknown; 'lost-count'?: number };
  if (w['valid?'] === false) return `workload invalid${w['lost-count'] ? `, lost ${w['lost-count']}` : ''}`;
  if (workload !== 'broadcast' && workload !== 'g-set') return undefined;
  const acked = o.history.filter((op) => (op.f === 'add' || op.f === 'broadcast') && op.type === 'ok').map((op) => op.value);
  const finals = o.history.slice(-5);
  if (finals.some((op) => op.f !== 'read' || op.type !== 'ok')) return 'a final read did not succeed';
  const missing = finals.find((read) => acked.some((v) => !(read.value as unknown[]).includes(v)));
  return missing ? `final read ${missing.index} lacks an acknowledged value` : undefined;
}

const expected: Record<Replicated, { valid: number; disk: DiskFaultCounts; memoryFailing: number }> = {
  broadcast: { valid: 44, disk: { tornWrites: 4, zeroedTails: 2, fsyncFailures: 20, tailsCut: 8, reopenedAfterFailure: 20 }, memoryFailing: 10 },
  'g-set': { valid: 44, disk: { tornWrites: 2, zeroedTails: 2, fsyncFailures: 20, tailsCut: 7, reopenedAfterFailure: 20 }, memoryFailing: 10 },
  'g-counter': { valid: 46, disk: { tornWrites: 3, zeroedTails: 3, fsyncFailures: 10, tailsCut: 6, reopenedAfterFailure: 10 }, memoryFailing: 9 },
  'pn-counter': { valid: 42, disk: { tornWrites: 3, zeroedTails: 1, fsyncFailures: 18, tailsCut: 4, reopenedAfterFailure: 18 }, memoryFailing: 8 },
};

describe('kill, pause and partition over many seeds', () => {
  test.each(workloads)(
    '%s, durable, disk faults: nothing acknowledged is lost; only fully starved seeds fail the stats checker; every disk fault is reached',
    async (workload) => {
      const lost: string[] = [];
      let valid = 0;
      const disk: DiskFaultCounts[] = [];
      for (let seed = 1; seed <= seeds; seed++) {
        const o = await run(workload, seed, true);
        const why = losses(workload, o);
        if (why) lost.push(`seed ${seed}: ${why}`);
        if (o.results?.['valid?'] === true) valid++;
        else if (!why) expect((o.results!.stats as { 'valid?': unknown })['valid?'], `seed ${seed}`).toBe(false);
        disk.push(o.disk!);
      }
      expect(lost).toEqual([]);
      const total = sumDiskFaults(disk);
      expect({ valid, disk: total }).toEqual({ valid: expected[workload].valid, disk: expected[workload].disk });
      for (const kind of ['tornWrites', 'zeroedTails', 'fsyncFailures', 'tailsCut', 'reopenedAfterFailure'] as const)
        expect(total[kind], kind).toBeGreaterThan(0);
    },
  );

  test.each(workloads)('%s, in memory: the same sweep loses acknowledged values', async (workload) => {
    let failing = 0;
    for (let seed = 1; seed <= 20; seed++) if (losses(workload, await run(workload, seed, false))) failing++;
    expect(failing).toBe(expected[workload].memoryFailing);
  });
});
