// ygossip's own node code as a NodeHost: no process, no pipes, the simulation's virtual clock.
// Lines still go through the node's codec and Maelstrom's envelope rules both ways, so the
// simulated node parses and writes exactly what a spawned one would.
import type { Clock } from '../../maelstrom/clock.js';
import type { Logger } from '../../maelstrom/log.js';
import { createMemoryTransport } from '../../maelstrom/transport.js';
import type { ReplicatorTiming } from '../../gossip/replicator.js';
import type { DiskHandle } from '../../storage/index.js';
import { createWorkloadNode, type ReplicationConfig } from '../../workloads/index.js';
import { formatExactJson } from '../exact-json.js';
import { parseEnvelope } from '../net/envelope.js';
import { createRandom, type Random } from '../random.js';
import type { NodeHost, NodeHostFactory } from './host.js';

export interface InProcessHostOptions {
  workload: string;
  clock: Clock;
  /** Draws each node's seed, so node randomness (Yjs client ids included) follows the run's seed. */
  random: Random;
  config?: ReplicationConfig;
  timing?: Partial<ReplicatorTiming>;
  /** Where each node's log lines go (the simulation keeps them per node). */
  logger?: (id: string) => Logger;
  /**
   * Each incarnation's disk, `(id) => disks.forNode(id)` over one createMemoryDisks() per run
   * (called once per host, so a restart must make a new host); without it nodes keep
   * everything in memory. A kill is `stopped = true; disk.crash(); node.close()`, in that
   * order: closing first would flush the writes a kill must lose.
   */
  storage?: (id: string) => DiskHandle;
}

export function createInProcessHostFactory(options: InProcessHostOptions): NodeHostFactory {
  return (id, events): NodeHost => {
    const seed = Math.floor(options.random() * 0x7fff_ffff);
    let stopped = false;
    const transport = createMemoryTransport((line) => {
      if (stopped) return;
      const parsed = parseEnvelope(line);
      if (parsed.ok) events.onMessage(parsed.message);
      else events.onGarbage(line, parsed.reason);
    });
    const disk = options.storage?.(id);
    const node = createWorkloadNode(options.workload, {
      transport,
      clock: options.clock,
      logger: options.logger?.(id) ?? { log: () => {} },
      random: createRandom(seed),
      config: options.config,
      timing: options.timing,
      storage: disk,
    });
    return {
      id,
      deliver(message) {
        if (!stopped) transport.deliver(formatExactJson(message));
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        node.close();
      },
    };
  };
}
