// A failed sync, handled as PostgreSQL's "fsyncgate" taught: never retried, nothing more
// acknowledged by the incarnation that saw it, and the node restarts from its log in the same
// process: it serves every value it acknowledged, under a fresh Yjs client id, and acknowledges
// again. On the simulated disk for every workload, and on real files through a failing fs layer.
import * as fsp from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Body } from '../../src/maelstrom/message.js';
import { systemClock } from '../../src/maelstrom/clock.js';
import { createMemoryTransport } from '../../src/maelstrom/transport.js';
import { createRandom } from '../../src/runner/base/random.js';
import { createFileStorage, type LogFileSystem } from '../../src/storage/index.js';
import { createWorkloadNode } from '../../src/workloads/index.js';
import { createDurableCluster } from './durable-cluster.js';

const adds: Record<string, (k: number) => Omit<Body, 'msg_id'>> = {
  broadcast: (k) => ({ type: 'broadcast', message: k }),
  'g-set': (k) => ({ type: 'add', element: k }),
  'g-counter': (k) => ({ type: 'add', delta: 2 ** k }),
  'pn-counter': (k) => ({ type: 'add', delta: 2 ** k }),
};

/** Items a read shows: its values, or the bits of a counter's sum. */
function items(body: Body | undefined): number[] {
  const value = body?.messages ?? body?.value;
  if (Array.isArray(value)) return [...(value as number[])].sort((a, b) => a - b);
  const sum = BigInt(value as number);
  return Array.from({ length: 53 }, (_, k) => k).filter((k) => (sum >> BigInt(k)) & 1n);
}

describe.each(Object.keys(adds))('%s on a disk whose syncs fail', (workload) => {
  test('the node restarts from its log, keeps every acknowledged item, and acknowledges again', () => {
    const cluster = createDurableCluster(workload, 11, 1, { faults: { fsyncFailureRate: 0.08 } });
    cluster.start('n1');
    const acked: number[] = [];
    const refused: number[] = [];
    for (let k = 0; k < 40; k++) {
      const reply = cluster.request('n1', adds[workload](k));
      if (reply?.type === 'error') refused.push(k);
      else if (reply !== undefined) acked.push(k);
      cluster.run(1);
    }
    const failures = cluster.disks.faultCounts().fsyncFailures;
    expect(failures).toBeGreaterThan(0);
    expect(cluster.disks.faultCounts().reopenedAfterFailure).toBe(failures);
    const restarts = cluster.logs('n1').filter((l) => /^restart \d+: a store write failed \(memory disk n1: fsync failed/.test(l));
    expect(restarts).toHaveLength(failures);
    // A request whose write failed is answered with an error (code 13: indefinite), never ok.
    expect(refused.length).toBeGreaterThan(0);
    expect(acked.length + refused.length).toBe(40);
    const seen = items(cluster.request('n1', { type: 'read' }));
    for (const k of acked) expect(seen).toContain(k);
    // After the last restart it acknowledges again, and what it acknowledges survives a kill.
    expect(acked.some((k) => k > refused[refused.length - 1])).toBe(true);
    cluster.kill('n1');
    cluster.start('n1');
    const after = items(cluster.request('n1', { type: 'read' }));
    for (const k of acked) expect(after).toContain(k);
    cluster.close();
  });
});

test('on real files: a failed fdatasync restarts the node from the file, which serves what it acknowledged', { timeout: 10_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ygossip-restart-'));
  let failNext = false;
  const fs: LogFileSystem = {
    open: async (path, flags) => {
      const handle = await fsp.open(path, flags);
      return {
        write: (buffer, offset, length, position) => handle.write(buffer, offset, length, position),
        datasync: async () => {
          if (failNext) {
            failNext = false;
            throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
          }
          await handle.datasync();
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
    readFile: (path) => fsp.readFile(path),
    rename: (from, to) => fsp.rename(from, to),
    mkdir: async (path) => void (await fsp.mkdir(path, { recursive: true })),
  };
  const replies = new Map<number, Body>();
  const waiting = new Map<number, () => void>();
  const logs: string[] = [];
  let restarted!: () => void;
  const restart = new Promise<void>((resolve) => (restarted = resolve));
  const log = (line: string): void => {
    logs.push(line);
    if (line.startsWith('restart 1:')) restarted();
  };
  const transport = createMemoryTransport((line) => {
    const { body } = JSON.parse(line) as { body: Body };
    replies.set(body.in_reply_to!, body);
    waiting.get(body.in_reply_to!)?.();
  });
  const node = createWorkloadNode('broadcast', {
    transport,
    clock: systemClock,
    logger: { log },
    random: createRandom(3),
    storage: createFileStorage(dir, { fs }),
  });
  let msgId = 0;
  const call = (body: Record<string, unknown>): Promise<Body> => {
    const id = ++msgId;
    const reply = new Promise<Body>((resolve) => waiting.set(id, () => resolve(replies.get(id)!)));
    transport.deliver(JSON.stringify({ src: 'c1', dest: 'n1', body: { ...body, msg_id: id } }));
    return reply;
  };
  try {
    expect((await call({ type: 'init', node_id: 'n1', node_ids: ['n1'] })).type).toBe('init_ok');
    expect((await call({ type: 'broadcast', message: 1 })).type).toBe('broadcast_ok');
    failNext = true;
    expect(await call({ type: 'broadcast', message: 2 })).toMatchObject({ type: 'error', code: 13 });
    await restart;
    expect(node.restarts).toBe(1);
    expect((await call({ type: 'broadcast', message: 3 })).type).toBe('broadcast_ok');
    const read = (await call({ type: 'read' })).messages as number[];
    expect(read).toContain(1);
    expect(read).toContain(3);
    expect(logs.join('\n')).toMatch(/restart 1: a store write failed \(.*updates\.log: fsync failed \(EIO\)/);
  } finally {
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
