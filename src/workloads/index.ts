// The workload registry: a node for a workload name, over any transport and clock, supervised so
// that a failed store write restarts it from its log (supervisor.ts).
import { createClientId } from '../crdt/store.js';
import type { Clock } from '../maelstrom/clock.js';
import type { Logger } from '../maelstrom/log.js';
import { NodeRuntime } from '../maelstrom/node.js';
import type { Transport } from '../maelstrom/transport.js';
import type { NodeStorage } from '../storage/index.js';
import type { ReplicatorTiming } from '../gossip/replicator.js';
import { serveBroadcast } from './broadcast.js';
import { defaultConfig, type ReplicationConfig } from './config.js';
import { serveEcho } from './echo.js';
import { serveGCounter } from './g-counter.js';
import { serveGSet } from './g-set.js';
import { serveKafka } from './kafka.js';
import { servePNCounter } from './pn-counter.js';
import { serveTxnRwRegister } from './txn-rw-register.js';
import { serveUniqueIds } from './unique-ids.js';
import type { WorkloadContext } from './context.js';
import { superviseNode, type WorkloadNode } from './supervisor.js';

export type NodeWorkload = 'broadcast' | 'echo' | 'g-set' | 'g-counter' | 'pn-counter' | 'unique-ids' | 'kafka' | 'txn-rw-register';

// Nothing registers at run time: the map is complete, and the type checker says so.
const registry: Record<NodeWorkload, (ctx: WorkloadContext) => unknown> = {
  broadcast: serveBroadcast,
  echo: serveEcho,
  'g-set': serveGSet,
  'g-counter': serveGCounter,
  'pn-counter': servePNCounter,
  'unique-ids': serveUniqueIds,
  'txn-rw-register': serveTxnRwRegister,
  kafka: serveKafka,
};

export function workloadNames(): NodeWorkload[] {
  return Object.keys(registry) as NodeWorkload[];
}

export interface WorkloadNodeDeps {
  transport: Transport;
  clock: Clock;
  logger: Logger;
  random: () => number;
  config?: ReplicationConfig;
  timing?: Partial<ReplicatorTiming>;
  /**
   * Where the store persists (files under YGOSSIP_DATA_DIR, or a simulated disk); the node opens
   * its log at init and recovers before init_ok. Without it: today's in-memory node.
   */
  storage?: NodeStorage;
  /** The node cannot go on (its store cannot be recovered); it has logged why and closed. */
  onFatal?: (error: Error) => void;
}

/** Builds and starts a node serving `workload`; close it with `node.close()`. */
export function createWorkloadNode(workload: string, deps: WorkloadNodeDeps): WorkloadNode {
  const serve = registry[workload as NodeWorkload];
  if (!serve) throw new Error(`unknown workload "${workload}"; this node serves ${workloadNames().join(', ')}`);
  return superviseNode(deps.transport, deps.logger, (transport, restart) => {
    const node = new NodeRuntime({ transport, clock: deps.clock, logger: deps.logger, onFatal: deps.onFatal });
    serve({
      node,
      config: deps.config ?? defaultConfig(),
      random: deps.random,
      // Every incarnation draws its own: a restart never writes under an id it wrote with before.
      clientId: createClientId(deps.random),
      timing: deps.timing,
      storage: deps.storage,
      onStorageFailure: restart,
    });
    return node.start();
  });
}

export { configFromEnv, defaultConfig, type ReplicationConfig, type Profile } from './config.js';
export type { WorkloadContext } from './context.js';
export type { WorkloadNode } from './supervisor.js';
