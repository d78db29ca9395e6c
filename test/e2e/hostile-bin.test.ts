// Hostile values by hand against two bin/broadcast processes (the test relays their gossip):
// a value too deep or too large is refused with 12 naming the limit and never acknowledged;
// what is acknowledged is read back as valid JSON and reaches the other node, also after a
// value at the size limit.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { valueLimits } from '../../src/crdt/value-limits.js';
import { ensureBuilt, initAll, startBinCluster, type BinCluster } from './bin-harness.js';

let cluster: BinCluster;
beforeAll(() => {
  ensureBuilt();
  cluster = startBinCluster('broadcast', ['n1', 'n2']);
});
afterAll(() => cluster.kill());

const nested = (depth: number): string => `${'['.repeat(depth)}7${']'.repeat(depth)}`;

test('deep and 4 MiB values are refused with 12; values at the limits and after them are served and replicated', async () => {
  await initAll(cluster);
  const acked: unknown[] = [];
  const broadcastText = async (text: string): Promise<Record<string, unknown>> => {
    const reply = await cluster.requestText('n1', 'broadcast', `"message":${text}`);
    if (reply.type === 'broadcast_ok') acked.push(JSON.parse(text));
    return reply;
  };

  for (const depth of [valueLimits.maxDepth + 1, 2500, 3000, 100_000]) {
    expect(await broadcastText(nested(depth))).toMatchObject({
      type: 'error',
      code: 12,
      text: `field "message" is nested more than ${valueLimits.maxDepth} levels deep (at most ${valueLimits.maxDepth} levels of arrays and objects)`,
    });
  }
  expect(await broadcastText(JSON.stringify('z'.repeat(4 * 1024 * 1024)))).toMatchObject({
    type: 'error',
    code: 12,
    text: `field "message" is larger than ${valueLimits.maxBytes} bytes as JSON (at most 1 MiB of UTF-8 JSON text)`,
  });
  expect((await broadcastText(nested(valueLimits.maxDepth))).type).toBe('broadcast_ok');
  expect((await broadcastText(JSON.stringify('x'.repeat(valueLimits.maxBytes - 2)))).type).toBe('broadcast_ok');
  for (let v = 1; v <= 5; v++) expect((await broadcastText(String(v))).type).toBe('broadcast_ok');

  const sorted = (values: unknown[]): string[] => values.map((v) => JSON.stringify(v)).sort();
  const read = await cluster.request('n1', { type: 'read' });
  expect(sorted(read.messages as unknown[])).toEqual(sorted(acked));
  await cluster.until(async () => {
    const other = await cluster.request('n2', { type: 'read' });
    return JSON.stringify(sorted(other.messages as unknown[])) === JSON.stringify(sorted(acked));
  }, 'n2 to hold every acknowledged value');
  for (const child of cluster.children.values()) expect(child.exitCode).toBeNull();
});

test('five values at the size limit sent during a partition reach the peer in one diff once it heals', async () => {
  cluster.partitioned = true;
  const values = ['a', 'b', 'c', 'd', 'e'].map((ch) => ch.repeat(valueLimits.maxBytes - 2));
  for (const v of values) expect((await cluster.request('n1', { type: 'broadcast', message: v })).type).toBe('broadcast_ok');
  cluster.partitioned = false;
  expect((await cluster.request('n1', { type: 'broadcast', message: 'after' })).type).toBe('broadcast_ok');
  await cluster.until(async () => {
    const held = new Set((await cluster.request('n2', { type: 'read' })).messages as unknown[]);
    return [...values, 'after'].every((v) => held.has(v));
  }, 'n2 to hold the large values and the one after them');
});
