// The broadcast node in a cluster on a virtual clock, for every replication profile: it
// converges, survives partitions, loss, duplication and restarts, goes quiet (gossip: sends
// state vectors only), and refuses bad gossip.
import { describe, expect, test } from 'vitest';
import { maxPatienceMs } from '../../src/gossip/patience.js';
import { defaultTiming } from '../../src/gossip/replicator.js';
import { defaultConfig, type Profile } from '../../src/workloads/config.js';
import { createTestCluster, type TestCluster } from './router.js';

const profiles: Profile[] = ['default', 'fast', 'topology', 'gossip'];

const readAll = (cluster: TestCluster): unknown[][] =>
  cluster.ids.map((id) => [...(cluster.request(id, { type: 'read' }).body.messages as unknown[])].sort((a, b) => Number(a) - Number(b)));

function topology(cluster: TestCluster): Record<string, string[]> {
  // A line, so the topology profile needs more than one hop.
  const ids = cluster.ids;
  const map = Object.fromEntries(ids.map((id, i) => [id, [ids[i - 1], ids[i + 1]].filter(Boolean)]));
  for (const id of ids) expect(cluster.request(id, { type: 'topology', topology: map }).body).toEqual({ type: 'topology_ok', in_reply_to: expect.any(Number) });
  return map;
}

describe.each(profiles)('profile %s', (profile) => {
  const config = defaultConfig(profile);

  test('5 nodes converge; replies carry only the schema keys', () => {
    const cluster = createTestCluster('broadcast', 1, 5, { config });
    topology(cluster);
    const ok = cluster.request('n2', { type: 'broadcast', message: 7 });
    expect(Object.keys(ok.body).sort()).toEqual(['in_reply_to', 'type']);
    expect(ok.body.type).toBe('broadcast_ok');
    for (let v = 0; v < 20; v++) cluster.request(cluster.ids[v % 5], { type: 'broadcast', message: v * 10 });
    cluster.run(3000);
    const expected = [0, 7, ...Array.from({ length: 19 }, (_, i) => (i + 1) * 10)].sort((a, b) => a - b);
    for (const values of readAll(cluster)) expect(values).toEqual(expected);
    const read = cluster.request('n1', { type: 'read' });
    expect(Object.keys(read.body).sort()).toEqual(['in_reply_to', 'messages', 'type']);
    expect(cluster.strays).toEqual([]);
    cluster.close();
  });

  test('partitions (halves, then the hub alone) lose nothing once healed', () => {
    const cluster = createTestCluster('broadcast', 2, 5, { config });
    topology(cluster);
    const acked: number[] = [];
    const broadcast = (node: string, v: number): void => {
      if (cluster.request(node, { type: 'broadcast', message: v }).body.type === 'broadcast_ok') acked.push(v);
    };
    cluster.isolate('n1', 'n2');
    for (let v = 0; v < 10; v++) broadcast(cluster.ids[v % 5], v);
    cluster.run(2000);
    cluster.heal();
    cluster.isolate('n1');
    for (let v = 10; v < 20; v++) broadcast(cluster.ids[v % 5], v);
    cluster.run(2000);
    cluster.heal();
    cluster.run(10_000);
    for (const values of readAll(cluster)) expect(values).toEqual(acked);
    cluster.close();
  });

  test('10% loss and 5% duplication converge', () => {
    const cluster = createTestCluster('broadcast', 3, 5, { config, drop: 0.1, duplicate: 0.05 });
    topology(cluster);
    for (let v = 0; v < 40; v++) {
      cluster.request(cluster.ids[v % 5], { type: 'broadcast', message: v });
      cluster.run(50);
    }
    cluster.run(15_000);
    for (const values of readAll(cluster)) expect(values).toEqual(Array.from({ length: 40 }, (_, i) => i));
    cluster.close();
  });

  // A quiet network sends nothing: no rounds, no announcements, no acknowledgements.
  test('a quiet network sends nothing', () => {
    const cluster = createTestCluster('broadcast', 4, 5, { config });
    topology(cluster);
    for (let v = 0; v < 10; v++) cluster.request(cluster.ids[v % 5], { type: 'broadcast', message: v });
    cluster.run(10_000);
    const before = cluster.sent();
    cluster.run(30_000);
    expect(cluster.sent()).toBe(before);
    cluster.close();
  });

  test.each(['n1', 'n4'])('%s replaced by a fresh process mid-run: every node, the fresh one too, ends with every acknowledged value', (victim) => {
    const cluster = createTestCluster('broadcast', 6, 5, { config });
    topology(cluster);
    const acked: number[] = [];
    const broadcast = (node: string, v: number): void => {
      if (cluster.request(node, { type: 'broadcast', message: v }).body.type === 'broadcast_ok') acked.push(v);
    };
    for (let v = 0; v < 20; v++) broadcast(cluster.ids[v % 5], v);
    cluster.run(5000);
    // The old process held everything; the fresh one holds nothing, under a new Yjs client id.
    cluster.replace(victim);
    for (let v = 20; v < 40; v++) {
      broadcast(cluster.ids[v % 5], v);
      cluster.run(100);
    }
    cluster.run(20_000);
    for (const values of readAll(cluster)) expect(values).toEqual(acked);
    cluster.close();
  });
});

describe('bad gossip', () => {
  test('gossip from a non-member, and a corrupt update, change nothing and the node keeps serving', () => {
    const cluster = createTestCluster('broadcast', 5, 3);
    cluster.request('n1', { type: 'broadcast', message: 1 });
    cluster.run(3000);
    const before = cluster.request('n2', { type: 'read' }).body.messages;
    // A real update from a foreign replica, sent by a stranger.
    cluster.deliver('n2', JSON.stringify({ src: 'n9', dest: 'n2', body: { type: 'gossip', sv: 'AA==', update: 'AQGMwpTzAQAIAQZ2YWx1ZXMBfQUA' } }));
    // A member sending bytes that are not a Yjs update, and a state vector that is not one.
    cluster.deliver('n2', JSON.stringify({ src: 'n1', dest: 'n2', body: { type: 'gossip', sv: 'AA==', update: 'AQIDBA==' } }));
    cluster.deliver('n2', JSON.stringify({ src: 'n1', dest: 'n2', body: { type: 'gossip', sv: '!!!' } }));
    cluster.run(1000);
    expect(cluster.request('n2', { type: 'read' }).body.messages).toEqual(before);
    expect(cluster.request('n2', { type: 'broadcast', message: 2 }).body.type).toBe('broadcast_ok');
    // Nothing was written to the stranger (Maelstrom would stop reading a node that did).
    expect(cluster.strays).toEqual([]);
    cluster.close();
  });
});

describe('close ends every timer', () => {
  test.each(['default', 'fast', 'topology', 'gossip'] as const)('%s: once the node closes, its replicator schedules nothing more', async (profile) => {
    const { createVirtualClock } = await import('../../src/runner/sim/virtual-clock.js');
    const { createMemoryTransport } = await import('../../src/maelstrom/transport.js');
    const { createWorkloadNode, defaultConfig } = await import('../../src/workloads/index.js');
    const clock = createVirtualClock();
    const transport = createMemoryTransport(() => {});
    const node = createWorkloadNode('broadcast', { transport, clock, logger: { log: () => {} }, random: () => 0.5, config: defaultConfig(profile) });
    transport.deliver(JSON.stringify({ src: 'c0', dest: 'n0', body: { type: 'init', node_id: 'n0', node_ids: ['n0', 'n1', 'n2'], msg_id: 1 } }));
    transport.deliver(JSON.stringify({ src: 'c1', dest: 'n0', body: { type: 'broadcast', message: 1, msg_id: 1 } }));
    clock.runUntil(50);
    expect(clock.pending()).toBeGreaterThan(0); // repair, rounds or batches are armed
    await node.close();
    expect(clock.pending()).toBe(0);
  });
});

// The default profile only: in the fast profile n3's values reach n2 directly, hub or not.
describe('profile default: a node that returns to its hub', () => {
  // n2 stops hearing its hub n1 (one way: n1 still hears n2 and holds all n2 has), becomes a
  // root, and probes n1, saying its hub is n2, until n1 is heard again; then it moves back with
  // nothing to push. n1 leaves peers with another hub out of its batches and its repair, so if
  // n2's first word after moving back is lost, n2 must find out and say it again. How soon
  // depends on its patience with n1: its first push to n1 is confirmed only after the fault (5 s
  // later), and timing it (as before Karn's rule) made n2 wait about 33 s.
  test('is served again within twice its patience even when its first word to the hub is lost', () => {
    let faults: 'deaf' | 'lose-next' | 'none' = 'deaf';
    let lostAt = -1;
    const cluster = createTestCluster('broadcast', 5, 3, {
      config: defaultConfig('default'),
      dropIf: (m) => {
        if (faults === 'deaf') return m.src === 'n1' && m.dest === 'n2';
        if (faults !== 'lose-next' || m.src !== 'n2' || m.dest !== 'n1' || m.body.hub !== 'n1') return false;
        faults = 'none';
        lostAt = cluster.clock.now();
        return true;
      },
    });
    const acked: number[] = [];
    const broadcast = (node: string, v: number): void => {
      if (cluster.request(node, { type: 'broadcast', message: v }).body.type === 'broadcast_ok') acked.push(v);
    };
    broadcast('n2', 0);
    cluster.run(5000);
    // n2 moved away: its probes name itself as its hub.
    expect(cluster.log.some((line) => line.includes('"src":"n2","dest":"n1"') && line.includes('"hub":"n2"'))).toBe(true);
    faults = 'lose-next';
    cluster.run(3000);
    expect(faults).toBe('none'); // n2 went back to n1, and its first word as n1's child was lost
    for (let v = 1; v <= 3; v++) broadcast('n3', v);
    // n3's values reach n2 only through n1, once n1 knows it serves n2 again.
    const n2Holds = (): boolean => (cluster.request('n2', { type: 'read' }).body.messages as number[]).length === acked.length;
    while (!n2Holds() && cluster.clock.now() < lostAt + 60_000) cluster.run(50);
    // n2's patience with n1 when its word was lost: n1 never confirmed a send made outside the
    // fault, so twice the floor (patience.ts), doubled once by the suspicion; timing the send
    // confirmed after the fault (5 s) would have stretched it to the bound.
    const patience = 2 * 2 * (defaultTiming.graceMs + defaultConfig('default').batchMs);
    expect(patience).toBeLessThan(maxPatienceMs);
    expect(cluster.clock.now() - lostAt).toBeLessThanOrEqual(2 * patience);
    cluster.run(5000);
    for (const values of readAll(cluster)) expect(values).toEqual(acked);
    cluster.close();
  });
});

describe('profile gossip: the tree heals around a cut link', () => {
  // A ring of six: the tree hangs from n1 (n1-n2-n3-n4 and n1-n6-n5), and n4-n5 is the one link
  // off it. Cut n3-n4: n4's word up is lost, its announcement to n5 shows news the tree does not
  // bring, and the link is grafted; once the cut heals and n4 hears n3 again, the grafted link
  // repeats what the tree brings, and is pruned.
  test('a lazy link is grafted while the tree is cut, and pruned once it repeats the tree', () => {
    let cut = true;
    const cluster = createTestCluster('broadcast', 7, 6, { config: defaultConfig('gossip'), dropIf: (m) => cut && [m.src, m.dest].sort().join() === 'n3,n4' });
    const ring = Object.fromEntries(cluster.ids.map((id, i) => [id, [cluster.ids[(i + 1) % 6], cluster.ids[(i + 5) % 6]]]));
    for (const id of cluster.ids) cluster.request(id, { type: 'topology', topology: ring });
    const flags = (flag: 'graft' | 'prune') =>
      cluster.log
        .filter((l) => l.includes(`"${flag}":true`))
        .map((l) => JSON.parse(l))
        .map((m) => [m.src, m.dest].sort().join());
    for (let v = 0; v < 6; v++) cluster.request(v % 2 ? 'n4' : 'n1', { type: 'broadcast', message: v });
    cluster.run(10_000);
    expect(flags('graft')).toEqual(['n4,n5']);
    // Everything got everywhere around the cut.
    for (const values of readAll(cluster)) expect(values).toEqual([0, 1, 2, 3, 4, 5]);
    cut = false;
    for (let v = 6; v < 40; v++) {
      cluster.request(cluster.ids[v % 6], { type: 'broadcast', message: v });
      cluster.run(200);
    }
    cluster.run(5000);
    expect(flags('prune')).toContain('n4,n5');
    for (const values of readAll(cluster)) expect(values).toEqual(Array.from({ length: 40 }, (_, i) => i));
    cluster.close();
  });
});
