// What a workload module is handed: the node runtime, replication settings, randomness, the
// Yjs client id its store writes with, and where the store persists (if anywhere).
import type { ReplicatorTiming } from '../gossip/replicator.js';
import type { NodeRuntime } from '../maelstrom/node.js';
import type { NodeStorage } from '../storage/index.js';
import type { ReplicationConfig } from './config.js';

export interface WorkloadContext {
  node: NodeRuntime;
  config: ReplicationConfig;
  random: () => number;
  clientId: number;
  timing?: Partial<ReplicatorTiming>;
  /** Durable storage for the store; without it the node keeps everything in memory. */
  storage?: NodeStorage;
  /** A store write failed: the node stops acknowledging and must restart from its log. */
  onStorageFailure?: (error: unknown) => void;
}
