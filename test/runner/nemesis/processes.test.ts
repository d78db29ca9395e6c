// Jepsen's kill and pause through the runner, on scripted nodes in the simulation: a killed node
// is down (its clients time out) until start brings a fresh process that gets init and
// topology again; a paused node hears nothing until resume, then answers late, and a late
// answer to a client that gave up is dropped without muting the node.
import { describe, expect, test } from 'vitest';
import { targetNodes, nodeSpecs } from '../../../src/runner/nemesis/index.js';
import { createRandom } from '../../../src/runner/random.js';
import { flood, runScripted } from '../../helpers/scripted-nodes.js';

const nodes = ['n0', 'n1', 'n2', 'n3', 'n4'];

describe('node specs', () => {
  test("each spec picks Jepsen's number of distinct nodes", () => {
    const random = createRandom(3);
    const sizes = (spec: (typeof nodeSpecs)[number]) => new Set(Array.from({ length: 200 }, () => targetNodes(spec, nodes, random).length));
    expect(sizes('one')).toEqual(new Set([1]));
    expect(sizes('minority-third')).toEqual(new Set([1]));
    expect(sizes('minority')).toEqual(new Set([2]));
    expect(sizes('majority')).toEqual(new Set([3]));
    expect(sizes('all')).toEqual(new Set([5]));
    expect(sizes(null)).toEqual(new Set([1, 2, 3, 4, 5]));
    for (let k = 0; k < 50; k++) {
      const picked = targetNodes('majority', nodes, random);
      expect(new Set(picked).size).toBe(picked.length);
    }
  });
});

describe('kill and start', () => {
  const run = (seed: number) =>
    runScripted(flood(), '-w', 'broadcast', '--node-count', '5', '--time-limit', '10', '--rate', '20', '--nemesis', 'kill', '--nemesis-interval', '2', '--seed', String(seed));

  test('a killed node comes back as a fresh process that gets init and topology again', async () => {
    const o = await run(1);
    const kills = o.history.filter((op) => op.f === 'kill' && Array.isArray(op.value));
    const hit = kills.flatMap((op) => op.value as string[]);
    expect(hit.length).toBeGreaterThan(0);
    const inits = o.journal.events.filter((e) => e.type === 'send' && e.message.body.type === 'init');
    const topologies = o.journal.events.filter((e) => e.type === 'send' && e.message.body.type === 'topology');
    expect(inits).toHaveLength(5 + hit.length);
    expect(topologies).toHaveLength(5 + hit.length);
    // The final phase starts whatever is down: every node answers the final read.
    const finals = o.history.filter((op) => op.final && op.type !== 'invoke');
    expect(finals.every((op) => op.type === 'ok')).toBe(true);
  });

  test('operations sent to a node while it is down time out', async () => {
    let timedOut = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const o = await run(seed);
      timedOut += o.history.filter((op) => op.error === 'net-timeout').length;
    }
    expect(timedOut).toBeGreaterThan(0);
  });

  test('a flood that keeps its values in memory loses them to kills', async () => {
    const verdicts = await Promise.all([1, 2, 3, 4, 5, 6].map(async (seed) => (await run(seed)).results!['valid?']));
    expect(verdicts).toContain(false);
  });
});

describe('pause and resume', () => {
  test('a paused node answers late; the late answers are dropped, the node is read on', async () => {
    let late = 0;
    let muted = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const o = await runScripted(flood(), '-w', 'broadcast', '--node-count', '5', '--time-limit', '20', '--rate', '20', '--nemesis', 'pause', '--nemesis-interval', '4', '--seed', String(seed));
      if (o.warnings.some((w) => /replies from paused nodes came after their client had given up/.test(w))) late++;
      if (o.warnings.some((w) => /nothing more it writes is read/.test(w))) muted++;
      expect(o.history.some((op) => op.f === 'pause')).toBe(true);
      expect(o.results!['valid?']).toBe(true); // a flood loses nothing to pauses
    }
    expect(late).toBeGreaterThan(0);
    expect(muted).toBe(0);
  });
});
