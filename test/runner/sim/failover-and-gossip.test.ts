// No node the others cannot live without, and gossip along a tree over the topology, checked in
// the deterministic simulation: the default's healthy nodes keep their speed while the hub (or
// any node) is cut off for the whole main phase, and lose nothing; the gossip profile talks to
// topology neighbours only, pushes along its tree and announces to the rest, and loses nothing
// under partitions on every topology and every fault schedule.
import { describe, expect, test } from 'vitest';
import { checkStableOutside } from '../../../src/runner/checkers/stable-outside.js';
import { parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import type { RunOutcome } from '../../../src/runner/run/phases.js';
import { extraFaults } from '../../../src/runner/nemesis/index.js';
import { simulate, type SimOptions } from '../../../src/runner/sim/simulate.js';
import { createWorkload } from '../../../src/runner/workloads/index.js';
import { buildTopology } from '../../../src/runner/net/topology.js';
import { decodeGossip, type GossipPayload } from '../../../src/gossip/protocol.js';
import { treePlace } from '../../../src/gossip/spanning-tree.js';
import { defaultConfig } from '../../../src/workloads/config.js';

const options = (...args: string[]): TestOptions => parseOptions('sim', ['-w', 'broadcast', ...args]) as TestOptions;

/** Why a run is not valid with every acknowledged broadcast in every final read, or undefined. */
function failure(outcome: RunOutcome): string | undefined {
  if (outcome.error) return outcome.error;
  const lost = (outcome.results?.workload as { 'lost-count'?: number } | undefined)?.['lost-count'];
  if (outcome.results?.['valid?'] !== true || lost !== 0) return `valid? ${outcome.results?.['valid?']}, lost ${lost}`;
  const acked = outcome.history.filter((op) => (op.f === 'broadcast' || op.f === 'add') && op.type === 'ok').map((op) => op.value);
  const finals = outcome.history.filter((op) => op.f === 'read' && op.type === 'ok' && op.final);
  if (finals.length === 0) return 'no final reads';
  const lacking = finals.find((read) => acked.some((v) => !(read.value as unknown[]).includes(v)));
  return lacking ? `final read ${lacking.index} lacks an acknowledged value` : undefined;
}

/** Stable median among the nodes outside `victim`, isolated vs. the same seed without a fault. */
async function outsideMedians(test: TestOptions, seed: number, victim: string, sim: Partial<SimOptions> = {}) {
  const run = { ...test, seed };
  const healthy = await simulate(run, { seed, ...sim });
  const faulted = await simulate(run, { seed, ...sim, faults: `isolated:${victim}` });
  const outside = (o: RunOutcome) =>
    checkStableOutside({
      history: o.history,
      nodes: test.nodes,
      concurrency: test.concurrency,
      excluded: [victim],
      ops: createWorkload(test.workload).values!,
    })['stable-latencies']?.['0.5'] ?? Infinity;
  return { healthy: outside(healthy), isolated: outside(faulted), faulted };
}

describe('the default profile has no node the others cannot live without', () => {
  const challenge = options('--node-count', '25', '--time-limit', '6', '--rate', '100', '--latency', '100');

  test('with the hub (n0) cut off for the whole main phase, the other 24 spread values at close to full speed', async () => {
    const { healthy, isolated, faulted } = await outsideMedians(challenge, 7, 'n0');
    expect(failure(faulted)).toBeUndefined();
    expect((faulted.results?.['stable-outside'] as { excluded?: string[] } | undefined)?.excluded).toEqual(['n0']);
    expect(isolated).toBeLessThanOrEqual(2 * healthy);
  });

  test('the same check catches a star whose leaves never give up on the hub', async () => {
    // No failover: a hub that never answers is never suspected.
    const { healthy, isolated } = await outsideMedians(challenge, 7, 'n0', { timing: { graceMs: 1e9 } });
    expect(isolated).toBeGreaterThan(2 * healthy);
  });

  test('100 seeds, each with one node (n0 or another) isolated: valid, nothing lost, the others at close to full speed', async () => {
    const small = options('--node-count', '8', '--time-limit', '5', '--rate', '50', '--latency', '40');
    const failing: string[] = [];
    for (let seed = 0; seed < 100; seed++) {
      const victim = `n${seed % 8}`;
      const { healthy, isolated, faulted } = await outsideMedians(small, seed, victim);
      const why = failure(faulted) ?? (isolated > 2 * healthy ? `median outside ${isolated} ms > 2 × ${healthy} ms` : undefined);
      if (why) failing.push(`seed ${seed} isolated:${victim}: ${why}`);
    }
    expect(failing).toEqual([]);
  });
});

describe('the gossip profile', () => {
  const gossip = defaultConfig('gossip');

  /** Every gossip message sent once every node knew the topology. */
  function sends(outcome: RunOutcome): { src: string; dest: string; payload: GossipPayload }[] {
    const ready = Math.max(...outcome.journal.events.filter((e) => e.message.body.type === 'topology_ok').map((e) => e.time), 0);
    return outcome.journal.events
      .filter((e) => e.type === 'send' && e.message.body.type === 'gossip' && e.time > ready)
      .map((e) => ({ src: e.message.src, dest: e.message.dest, payload: decodeGossip(e.message.body) }));
  }

  test.each(['grid', 'line', 'tree4'] as const)(
    '%s: every message goes to a topology neighbour, pushes only along the tree, announcements to the others',
    async (kind) => {
      const test = options('--node-count', '10', '--time-limit', '5', '--rate', '20', '--topology', kind);
      const outcome = await simulate({ ...test, seed: 3 }, { seed: 3, config: gossip });
      expect(failure(outcome)).toBeUndefined();
      const topology = buildTopology(kind, test.nodes);
      const graph = new Map(Object.entries(topology));
      const onTree = (a: string, b: string): boolean => treePlace(graph, test.nodes, a).parent === b || treePlace(graph, test.nodes, b).parent === a;
      const announced = new Set<string>();
      for (const { src, dest, payload } of sends(outcome)) {
        expect(topology[src], `${src} -> ${dest}`).toContain(dest);
        if (payload.update && !payload.pull && !payload.reply) expect(onTree(src, dest), `${src} pushed to ${dest}`).toBe(true);
        else if (!onTree(src, dest)) announced.add(`${src} -> ${dest}`);
      }
      // A line and tree4 are trees already: only the grid has neighbours off the tree.
      if (kind === 'grid') expect(announced.size).toBeGreaterThan(0);
      else expect(announced.size).toBe(0);
    },
  );

  test('without a topology message (g-set), the tree is a star around the first node', async () => {
    const test = parseOptions('sim', ['-w', 'g-set', '--node-count', '6', '--time-limit', '5', '--rate', '20']) as TestOptions;
    const outcome = await simulate({ ...test, seed: 4 }, { seed: 4, config: gossip });
    expect(outcome.results?.['valid?']).toBe(true);
    const pushes = sends(outcome).filter(({ payload }) => payload.update && !payload.pull && !payload.reply);
    expect(pushes.length).toBeGreaterThan(0);
    for (const { src, dest } of pushes) expect([src, dest], `${src} -> ${dest}`).toContain('n0');
  });

  test('200 seeds: partitions on grid, line and tree4, with every fault schedule, lose nothing', async () => {
    const topologies = ['grid', 'line', 'tree4'] as const;
    const failing: string[] = [];
    for (let seed = 0; seed < 200; seed++) {
      const kind = topologies[seed % topologies.length];
      const faults = extraFaults[seed % extraFaults.length];
      const test = options(...'--node-count 5 --time-limit 3 --rate 30 --latency 30 --nemesis partition --nemesis-interval 1 --topology'.split(' '), kind);
      const why = failure(await simulate({ ...test, seed }, { seed, faults, config: gossip }));
      if (why) failing.push(`seed ${seed} ${kind} ${faults}: ${why}`);
    }
    expect(failing).toEqual([]);
  });
});
