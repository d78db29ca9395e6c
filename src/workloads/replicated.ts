// What every replicated workload shares: a store (recovered from storage at init when the node
// has one), a replicator started at init over the configured profile's overlay, the gossip
// handler, and the topology message (answered always, used by the topology and gossip
// profiles: the gossip profile builds its tree from the whole map). A workload adds its client
// RPCs, answered through `acknowledge`, and nothing more.
import type { ReplicatedStore, YStoreOptions } from '../crdt/store.js';
import {
  Replicator,
  directOverlay,
  gossipType,
  starBatchMs,
  starOverlay,
  topologyOverlay,
  treeOverlay,
  type Overlay,
  type ReplicatorTiming,
} from '../gossip/index.js';
import { malformed } from '../maelstrom/errors.js';
import type { Message, NodeId } from '../maelstrom/message.js';
import type { NodeRuntime } from '../maelstrom/node.js';
import type { NodeStorage } from '../storage/index.js';
import type { ReplicationConfig } from './config.js';
import type { WorkloadContext } from './context.js';
import { persistStore, type Persistence } from './persistence.js';
import { broadcastRpcs, requestProblem } from './rpc.js';

export interface ReplicatedDeps {
  node: NodeRuntime;
  store: ReplicatedStore;
  config: ReplicationConfig;
  random: () => number;
  timing?: Partial<ReplicatorTiming>;
  storage?: NodeStorage;
  onStorageFailure?: (error: unknown) => void;
}

/**
 * How a workload's store is built: its Yjs client id, and, on a node that keeps its store in
 * memory, local writes batched until the current burst of requests is handled (a zero-delay
 * timer), so a burst pays for one Yjs transaction instead of one per write. A durable node
 * commits each write at once: its reply waits for that write's disk append (persistence.ts).
 */
export function storeOptions(ctx: WorkloadContext): YStoreOptions {
  if (ctx.storage) return { clientId: ctx.clientId };
  return { clientId: ctx.clientId, defer: (commit) => void ctx.node.clock.setTimer(0, commit) };
}

function buildOverlay(config: ReplicationConfig, nodes: number): Overlay {
  switch (config.profile) {
    case 'fast':
      return directOverlay(config.batchMs, config.gossipPeers);
    case 'topology':
      return topologyOverlay(config.batchMs);
    case 'gossip':
      return treeOverlay(config.batchMs, config.roundMs, config.gossipPeers);
    default:
      return starOverlay(starBatchMs(config.batchMs, nodes), config.gossipPeers);
  }
}

export interface Replicated {
  /** Wraps a client reply: sent once the store's state at this moment is durable. */
  acknowledge: Persistence['acknowledge'];
}

export function serveReplicated({ node, store, config, random, timing, storage, onStorageFailure }: ReplicatedDeps): Replicated {
  let replicator: Replicator | undefined;
  let topology: Record<NodeId, NodeId[]> | undefined;
  // Registered first: the store is recovered before the replicator starts and before init_ok.
  const persistence = persistStore(node, store, { storage, random, onFailure: onStorageFailure });

  node.onInit(({ nodeId, nodeIds }) => {
    replicator = new Replicator({
      store,
      self: nodeId,
      nodeIds,
      overlay: buildOverlay(config, nodeIds.length),
      net: node,
      clock: node.clock,
      logger: node.logger,
      random,
      timing,
    });
    if (topology) replicator.setTopology(topology);
    replicator.start();
  });
  // close() ends every timer of the node, the replicator's included.
  node.onClose(() => replicator?.stop());

  node.on(broadcastRpcs.topology.type, (message: Message) => {
    const problem = requestProblem(broadcastRpcs.topology, message.body);
    if (problem) throw malformed(problem);
    topology = message.body.topology as Record<NodeId, NodeId[]>;
    replicator?.setTopology(topology);
    return { type: 'topology_ok' };
  });
  node.on(gossipType, (message) => {
    if (!replicator) throw malformed('gossip before init');
    replicator.handleGossip(message);
  });

  return { acknowledge: persistence.acknowledge };
}
