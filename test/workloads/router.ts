// A small in-process cluster for workload tests: nodes on memory transports, a router with
// random per-message latency (so messages reorder) and a switchable partition, all on a
// virtual clock and one seed, and a client that sends a request and runs the clock until the
// reply. (A shared helper may replace this once test/helpers has one.)
import { createWorkloadNode, type ReplicationConfig } from '../../src/workloads/index.js';
import { createMemoryTransport, type MemoryTransport } from '../../src/maelstrom/transport.js';
import { silentLogger } from '../../src/maelstrom/log.js';
import type { Body, Message } from '../../src/maelstrom/message.js';
import type { WorkloadNode } from '../../src/workloads/index.js';
import { createVirtualClock, type VirtualClock } from '../../src/runner/sim/virtual-clock.js';
import { createRandom } from '../../src/runner/base/random.js';

export interface Reply {
  body: Body;
  /** The line exactly as the node wrote it (to check how numbers were written). */
  line: string;
}

export interface TestCluster {
  clock: VirtualClock;
  ids: string[];
  /**
   * Sends `body` from a client to `node` and runs the clock until the reply (at most 5 s).
   * `raw` adds body fields written exactly as given JSON text (numbers like 1e400 or -0, lone
   * surrogates, "__proto__" keys: what JSON.stringify of a JS value cannot say).
   */
  request(node: string, body: Omit<Body, 'msg_id'>, raw?: Record<string, string>): Reply;
  /** Drops every inter-node message to or from these nodes until heal(). */
  isolate(...nodes: string[]): void;
  heal(): void;
  /** Lets `ms` of virtual time pass. */
  run(ms: number): void;
  /** Lines a node wrote to an id that is neither a node nor a client we used. */
  strays: string[];
  /** Inter-node messages sent so far (including dropped ones). */
  sent(): number;
  /** Every inter-node line sent so far, in order. */
  log: string[];
  /** Hands a node a raw line, as if the network delivered it. */
  deliver(node: string, line: string): void;
  /**
   * Ends a node's process and starts a fresh one under the same id (empty store, new Yjs client
   * id, new incarnation), which gets init like the first; messages in flight to the old one are lost.
   */
  replace(node: string): void;
  close(): void;
}

export interface ClusterOptions {
  config?: ReplicationConfig;
  /** Probability that an inter-node message is lost, and that one is delivered twice. */
  drop?: number;
  duplicate?: number;
  /** Loses exactly the inter-node messages this picks (a targeted loss, where `drop` is random). */
  dropIf?: (message: Message) => boolean;
}

export function createTestCluster(workload: string, seed: number, size = 3, options: ClusterOptions = {}): TestCluster {
  const clock = createVirtualClock();
  const random = createRandom(seed);
  const ids = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const transports = new Map<string, MemoryTransport>();
  const replies = new Map<number, Reply>();
  const strays: string[] = [];
  const isolated = new Set<string>();
  const client = 'c10';
  let nextMsgId = 1;
  let sent = 0;
  const log: string[] = [];

  const route = (from: string, line: string): void => {
    const message = JSON.parse(line) as Message;
    if (message.src !== from) strays.push(line);
    if (message.dest.startsWith('c')) {
      if (message.dest === client && message.body.in_reply_to !== undefined) {
        replies.set(message.body.in_reply_to, { body: message.body, line });
      } else if (message.body.type !== 'init_ok') {
        strays.push(line);
      }
      return;
    }
    const target = transports.get(message.dest);
    if (!target) {
      strays.push(line);
      return;
    }
    // Like Maelstrom, a partition drops at delivery time: messages in flight are lost too.
    const cut = (): boolean => isolated.has(from) || isolated.has(message.dest);
    sent++;
    log.push(line);
    if (options.drop && random() < options.drop) return;
    if (options.dropIf?.(message)) return;
    const copies = options.duplicate && random() < options.duplicate ? 2 : 1;
    for (let k = 0; k < copies; k++) {
      clock.setTimer(1 + Math.floor(random() * 20), () => {
        if (!cut()) target.deliver(line);
      });
    }
  };

  const nodes = new Map<string, WorkloadNode>();
  let starts = 0;
  const startNode = (id: string): void => {
    const transport = createMemoryTransport((line) => route(id, line));
    transports.set(id, transport);
    const random = createRandom(seed * 101 + starts++);
    nodes.set(id, createWorkloadNode(workload, { transport, clock, logger: silentLogger, random, config: options.config }));
  };
  const init = (id: string): void => {
    const i = ids.indexOf(id);
    transports.get(id)!.deliver(JSON.stringify({ src: `c${i}`, dest: id, body: { type: 'init', node_id: id, node_ids: ids, msg_id: 1 } }));
  };
  ids.forEach(startNode);
  ids.forEach(init);

  return {
    clock,
    ids,
    strays,
    request(node, body, raw = {}) {
      const msgId = nextMsgId++;
      const fields = Object.entries(raw)
        .map(([key, text]) => `,${JSON.stringify(key)}:${text}`)
        .join('');
      const line = JSON.stringify({ src: client, dest: node, body: { ...body, msg_id: msgId } });
      transports.get(node)!.deliver(`${line.slice(0, -2)}${fields}}}`);
      clock.runWhile(() => replies.has(msgId), clock.now() + 5000);
      const reply = replies.get(msgId);
      if (!reply) throw new Error(`no reply from ${node} to ${JSON.stringify(body)} within 5 s`);
      return reply;
    },
    isolate(...some) {
      for (const n of some) isolated.add(n);
    },
    heal() {
      isolated.clear();
    },
    run(ms) {
      clock.runUntil(clock.now() + ms);
    },
    sent: () => sent,
    log,
    deliver(node, line) {
      transports.get(node)!.deliver(line);
    },
    replace(node) {
      nodes.get(node)!.close();
      startNode(node);
      init(node);
    },
    close() {
      for (const node of nodes.values()) node.close();
    },
  };
}
