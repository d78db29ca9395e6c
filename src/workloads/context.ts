// What a workload module is handed: the node runtime, replication settings, randomness and the
// Yjs client id its store writes with.
import type { ReplicatorTiming } from '../gossip/replicator.js';
import type { NodeRuntime } from '../maelstrom/node.js';
import type { ReplicationConfig } from './config.js';

export interface WorkloadContext {
  node: NodeRuntime;
  config: ReplicationConfig;
  random: () => number;
  clientId: number;
  timing?: Partial<ReplicatorTiming>;
}
