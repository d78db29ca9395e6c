// A small in-process cluster whose nodes persist to the simulation's disks and can be killed
// and started again, all on one virtual clock and seed. A kill is what the runner's in-process
// host does: output stops at once, the disk handle crashes (writes in flight are lost), the node
// is closed; a start is a new incarnation on the same disk with init from a client.
import { decodeLog } from '../../src/storage/log-format.js';
import { createMemoryDisks, type DiskFaults, type DiskHandle, type MemoryDisks } from '../../src/storage/index.js';
import { createMemoryTransport, type MemoryTransport } from '../../src/maelstrom/transport.js';
import type { Body, Message } from '../../src/maelstrom/message.js';
import type { WorkloadNode } from '../../src/workloads/index.js';
import { createVirtualClock, type VirtualClock } from '../../src/runner/sim/virtual-clock.js';
import { createRandom } from '../../src/runner/base/random.js';
import { createWorkloadNode, defaultConfig, type ReplicationConfig } from '../../src/workloads/index.js';

interface Incarnation {
  node: WorkloadNode;
  transport: MemoryTransport;
  disk: DiskHandle;
  alive: boolean;
  logs: string[];
}

export interface DurableCluster {
  clock: VirtualClock;
  disks: MemoryDisks;
  ids: string[];
  /** Sends a client request without running the clock; returns its msg_id. */
  send(node: string, body: Omit<Body, 'msg_id'>): number;
  /** The reply to `msgId`, if one was sent. */
  reply(msgId: number): Body | undefined;
  /** Sends and runs the clock until the reply (at most 5 s); undefined if none came. */
  request(node: string, body: Omit<Body, 'msg_id'>): Body | undefined;
  run(ms: number): void;
  kill(node: string): void;
  alive(node: string): boolean;
  /** A new incarnation on the node's disk; runs the clock until init_ok (or 5 s). */
  start(node: string, seed?: number): boolean;
  /** Called with each client reply at the moment the node writes it. */
  onReply(listener: (node: string, body: Body) => void): void;
  logs(node: string): string[];
  close(): void;
}

/** The records durable on `node`'s disk right now. */
export function durableRecords(disks: MemoryDisks, node: string): Uint8Array[] {
  const bytes = disks.bytes(node);
  return bytes ? decodeLog(bytes, node).records : [];
}

export interface DurableClusterOptions {
  config?: ReplicationConfig;
  writeDelayMs?: { min: number; max: number };
  faults?: DiskFaults;
}

export function createDurableCluster(workload: string, seed: number, size: number, options: DurableClusterOptions = {}): DurableCluster {
  const config = options.config ?? defaultConfig('fast');
  const clock = createVirtualClock();
  const random = createRandom(seed);
  const disks = createMemoryDisks({
    clock,
    random: createRandom(seed + 1),
    writeDelayMs: options.writeDelayMs ?? { min: 2, max: 8 },
    faults: options.faults,
    faultRandom: createRandom(seed + 2),
  });
  const ids = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const live = new Map<string, Incarnation>();
  const replies = new Map<number, Body>();
  const listeners: ((node: string, body: Body) => void)[] = [];
  const client = 'c1';
  let nextMsgId = 1;

  const route = (from: Incarnation, id: string, line: string): void => {
    if (!from.alive) return;
    const message = JSON.parse(line) as Message;
    if (message.dest.startsWith('c')) {
      if (message.body.in_reply_to !== undefined) replies.set(message.body.in_reply_to, message.body);
      for (const listener of listeners) listener(id, message.body);
      return;
    }
    clock.setTimer(1 + Math.floor(random() * 3), () => {
      const target = live.get(message.dest);
      if (target?.alive) target.transport.deliver(line);
    });
  };

  const deliver = (node: string, body: Body): number => {
    const msgId = nextMsgId++;
    live.get(node)?.transport.deliver(JSON.stringify({ src: client, dest: node, body: { ...body, msg_id: msgId } }));
    return msgId;
  };

  const cluster: DurableCluster = {
    clock,
    disks,
    ids,
    send: (node, body) => deliver(node, body as Body),
    reply: (msgId) => replies.get(msgId),
    request(node, body) {
      const msgId = deliver(node, body as Body);
      clock.runWhile(() => replies.has(msgId), clock.now() + 5000);
      return replies.get(msgId);
    },
    run: (ms) => clock.runUntil(clock.now() + ms),
    kill(node) {
      const inc = live.get(node);
      if (!inc?.alive) return;
      inc.alive = false;
      inc.disk.crash();
      void inc.node.close();
    },
    alive: (node) => live.get(node)?.alive ?? false,
    start(node, incarnationSeed = Math.floor(random() * 0x7fff_ffff)) {
      cluster.kill(node);
      const disk = disks.forNode(node);
      const logs = live.get(node)?.logs ?? [];
      const inc = { disk, alive: true, logs } as Incarnation;
      inc.transport = createMemoryTransport((line) => route(inc, node, line));
      inc.node = createWorkloadNode(workload, {
        transport: inc.transport,
        clock,
        logger: { log: (t) => logs.push(t) },
        random: createRandom(incarnationSeed),
        config,
        storage: disk,
      });
      live.set(node, inc);
      return cluster.request(node, { type: 'init', node_id: node, node_ids: ids } as Body)?.type === 'init_ok';
    },
    onReply: (listener) => void listeners.push(listener),
    logs: (node) => live.get(node)?.logs ?? [],
    close() {
      for (const inc of live.values()) if (inc.alive) void inc.node.close();
    },
  };
  return cluster;
}
