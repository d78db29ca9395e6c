// bin/kafka's node in-process: the owner of a key assigns its offsets and a non-owner forwards
// to it; polls and committed offsets are answered from the local replica once replication
// brings them; an owner cut off gives an indefinite error, then a definite one at once, never a
// duplicate offset; a node that starts empty catches up before it owns; an owner restarted
// with its data directory never gives an offset twice and serves every acknowledged entry,
// while an entry that reached a peer but not its disk is never served anywhere.
import { describe, expect, test } from 'vitest';
import type { Body } from '../../src/maelstrom/message.js';
import { defaultConfig } from '../../src/workloads/index.js';
import { ownerOf } from '../../src/workloads/rendezvous.js';
import { createDurableCluster, durableRecords } from './durable-cluster.js';
import { createTestCluster } from './router.js';

/** The first decimal keys `node` owns among `nodes`. */
function keysOf(node: string, nodes: string[], count = 3): string[] {
  const keys: string[] = [];
  for (let k = 0; keys.length < count; k++) if (ownerOf(String(k), nodes) === node) keys.push(String(k));
  return keys;
}

const pairs = (body: Body, key: string): [number, unknown][] => (body.msgs as Record<string, [number, unknown][]>)[key] ?? [];

describe('kafka node: owners, forwarding and local reads', () => {
  test('the owner gives offsets 0, 1, 2…; a send through another node is forwarded and gets the next one', () => {
    const cluster = createTestCluster('kafka', 1, 2);
    cluster.run(1000);
    const [key] = keysOf('n2', cluster.ids);
    expect(cluster.request('n2', { type: 'send', key, msg: 'a' }).body).toMatchObject({ type: 'send_ok', offset: 0 });
    expect(cluster.request('n1', { type: 'send', key, msg: 'b' }).body).toMatchObject({ type: 'send_ok', offset: 1 });
    expect(cluster.request('n2', { type: 'send', key, msg: 'c' }).body).toMatchObject({ type: 'send_ok', offset: 2 });
    cluster.run(2000);
    for (const node of cluster.ids) {
      expect(pairs(cluster.request(node, { type: 'poll', offsets: { [key]: 0 } }).body, key)).toEqual([
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
      ]);
      expect(pairs(cluster.request(node, { type: 'poll', offsets: { [key]: 2 } }).body, key)).toEqual([[2, 'c']]);
    }
    // Keys with nothing to return are left out.
    expect(cluster.request('n1', { type: 'poll', offsets: { [key]: 3, nope: 0 } }).body.msgs).toEqual({});
    cluster.close();
  });

  test('committed offsets keep their maximum and replicate; unknown keys are left out', () => {
    const cluster = createTestCluster('kafka', 2, 2);
    cluster.run(1000);
    expect(cluster.request('n1', { type: 'commit_offsets', offsets: { a: 4, b: 1 } }).body.type).toBe('commit_offsets_ok');
    expect(cluster.request('n2', { type: 'commit_offsets', offsets: { a: 2 } }).body.type).toBe('commit_offsets_ok');
    cluster.run(2000);
    for (const node of cluster.ids) {
      expect(cluster.request(node, { type: 'list_committed_offsets', keys: ['a', 'b', 'c'] }).body).toMatchObject({
        type: 'list_committed_offsets_ok',
        offsets: { a: 4, b: 1 },
      });
    }
    cluster.close();
  });

  test('requests outside the schemas are refused with malformed-request, naming the field', () => {
    const cluster = createTestCluster('kafka', 3, 1);
    cluster.run(100);
    const bad: [Omit<Body, 'msg_id'>, RegExp][] = [
      [{ type: 'send', msg: 1 }, /needs field "key"/],
      [{ type: 'send', key: 7, msg: 1 }, /"key" must be a string/],
      [{ type: 'poll', offsets: { a: 'x' } }, /"offsets" entry "a" must be an integer/],
      [{ type: 'commit_offsets', offsets: [] }, /"offsets" must be an object/],
      [{ type: 'list_committed_offsets', keys: [1] }, /"keys" must be an array of strings/],
    ];
    for (const [body, text] of bad) expect(cluster.request('n1', body).body).toMatchObject({ type: 'error', code: 12, text: expect.stringMatching(text) });
    const deep = cluster.request('n1', { type: 'send', key: 'a' }, { msg: `${'['.repeat(200)}${']'.repeat(200)}` }).body;
    expect(deep).toMatchObject({ type: 'error', code: 12, text: expect.stringMatching(/field "msg"/) });
    cluster.close();
  });
});

describe('kafka node: an owner cut off', () => {
  test('a forward that times out is indefinite (code 0); the next sends are refused at once (code 11); after the heal they go through, no offset given twice', () => {
    const cluster = createTestCluster('kafka', 4, 2);
    cluster.run(1000);
    const [key] = keysOf('n2', cluster.ids);
    expect(cluster.request('n1', { type: 'send', key, msg: 1 }).body).toMatchObject({ offset: 0 });
    cluster.isolate('n2');
    const lost = cluster.request('n1', { type: 'send', key, msg: 2 }).body;
    expect(lost).toMatchObject({ type: 'error', code: 0 });
    const before = cluster.sent();
    const refused = cluster.request('n1', { type: 'send', key, msg: 3 }).body;
    expect(refused).toMatchObject({ type: 'error', code: 11, text: expect.stringMatching(/nothing was sent/) });
    expect(cluster.sent()).toBe(before); // refused without a message
    // The owner's side still appends, and polls and commits stay available on both sides.
    expect(cluster.request('n2', { type: 'send', key, msg: 4 }).body).toMatchObject({ offset: 1 });
    expect(cluster.request('n1', { type: 'poll', offsets: { [key]: 0 } }).body.type).toBe('poll_ok');
    expect(cluster.request('n1', { type: 'commit_offsets', offsets: { [key]: 0 } }).body.type).toBe('commit_offsets_ok');
    cluster.heal();
    cluster.run(1500);
    expect(cluster.request('n1', { type: 'send', key, msg: 5 }).body).toMatchObject({ offset: 2 });
    cluster.run(3000);
    const seen = pairs(cluster.request('n1', { type: 'poll', offsets: { [key]: 0 } }).body, key);
    expect(seen).toEqual([
      [0, 1],
      [1, 4],
      [2, 5],
    ]);
    cluster.close();
  });
});

describe('kafka node: starting again', () => {
  test('without a data directory a node catches up from its peers before it owns (code 11 until then), and continues after their offsets', () => {
    const cluster = createTestCluster('kafka', 5, 2);
    cluster.run(1000);
    const [key] = keysOf('n2', cluster.ids);
    for (const msg of [1, 2, 3]) cluster.request('n2', { type: 'send', key, msg });
    cluster.run(2000);
    cluster.isolate('n2');
    cluster.replace('n2');
    cluster.run(100);
    expect(cluster.request('n2', { type: 'send', key, msg: 4 }).body).toMatchObject({ type: 'error', code: 11 });
    cluster.heal();
    cluster.run(2000);
    expect(cluster.request('n2', { type: 'send', key, msg: 5 }).body).toMatchObject({ type: 'send_ok', offset: 3 });
    cluster.run(2000);
    expect(pairs(cluster.request('n1', { type: 'poll', offsets: { [key]: 0 } }).body, key)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 5],
    ]);
    cluster.close();
  });

  test('an owner restarted with its data directory serves every acknowledged entry and gives no offset twice, even one it had not vouched for', () => {
    const cluster = createDurableCluster('kafka', 6, 1);
    cluster.start('n1');
    const acked: [number, unknown][] = [];
    for (let msg = 0; msg < 12; msg++) {
      const reply = cluster.request('n1', { type: 'send', key: 'k', msg });
      acked.push([reply!.offset as number, msg]);
      // Killed right after an acknowledgement, before the vouch that follows it is written.
      if (msg % 4 === 3) {
        cluster.kill('n1');
        expect(cluster.start('n1')).toBe(true);
      }
    }
    expect(new Set(acked.map(([o]) => o)).size).toBe(acked.length);
    expect(acked.map(([o]) => o)).toEqual([...acked.map(([o]) => o)].sort((a, b) => a - b));
    const polled = cluster.request('n1', { type: 'poll', offsets: { k: 0 } })!;
    expect(pairs(polled, 'k')).toEqual(acked);
    cluster.close();
  });

  test('an entry that reached a peer but not its owner’s disk is never served; its offset may go to another message, and every replica serves one message per offset', () => {
    // Replication at once, disk writes slow: the peer holds the entry before the owner's disk does.
    const cluster = createDurableCluster('kafka', 7, 2, { config: defaultConfig('fast'), writeDelayMs: { min: 40, max: 40 } });
    cluster.start('n1');
    cluster.start('n2');
    const [key] = keysOf('n1', cluster.ids);
    expect(cluster.request('n1', { type: 'send', key, msg: 'kept' })).toMatchObject({ offset: 0 });
    cluster.run(2000); // n2 started after n1: the first pushes it missed are repaired by now
    cluster.send('n1', { type: 'send', key, msg: 'junk' });
    cluster.run(20); // replicated to n2, not yet on n1's disk
    cluster.kill('n1');
    cluster.run(100);
    const holds = (node: string, text: string): boolean => durableRecords(cluster.disks, node).some((r) => Buffer.from(r).includes(text));
    expect(holds('n2', 'junk')).toBe(true);
    expect(holds('n1', 'junk')).toBe(false);
    expect(pairs(cluster.request('n2', { type: 'poll', offsets: { [key]: 0 } })!, key)).toEqual([[0, 'kept']]);
    expect(cluster.start('n1')).toBe(true);
    // Before the junk comes back from n2, the restarted owner gives its offset to another message.
    const next = cluster.request('n1', { type: 'send', key, msg: 'next' })!;
    expect(next).toMatchObject({ type: 'send_ok', offset: 1 });
    cluster.run(3000);
    for (const node of cluster.ids) {
      const seen = pairs(cluster.request(node, { type: 'poll', offsets: { [key]: 0 } })!, key);
      expect(seen).toEqual([
        [0, 'kept'],
        [next.offset as number, 'next'],
      ]);
    }
    cluster.close();
  });
});
