// What every replicated workload shares: a store (recovered from storage at init when the node
// has one), a replicator started at init over the configured overlay, the gossip and sync
// handlers, and the topology message (answered always, used only by the topology profile). A
// workload adds its client RPCs, answered through `acknowledge`, and nothing more.
import type { ReplicatedStore } from '../crdt/store.js';
import { Replicator, directOverlay, topologyOverlay, treeOverlay, type Overlay, type OverlayContext, type ReplicatorTiming } from '../gossip/index.js';
import { malformed } from '../maelstrom/errors.js';
import type { Message, NodeId } from '../maelstrom/message.js';
import type { NodeRuntime } from '../maelstrom/node.js';
import type { NodeStorage } from '../storage/index.js';
import { gossipTypes } from '../gossip/protocol.js';
import type { ReplicationConfig } from './config.js';
import { persistStore, type Persistence } from './persistence.js';
import { broadcastRpcs, requestProblem } from './rpc.js';

export interface ReplicatedDeps {
  node: NodeRuntime;
  store: ReplicatedStore;
  config: ReplicationConfig;
  random: () => number;
  timing?: Partial<ReplicatorTiming>;
  storage?: NodeStorage;
}

function buildOverlay(config: ReplicationConfig, ctx: OverlayContext): Overlay {
  switch (config.profile) {
    case 'fast':
      return directOverlay(ctx, config.batchMs);
    case 'topology':
      return topologyOverlay(ctx, config.batchMs);
    default:
      return treeOverlay(ctx, config.batchMs, config.fanout);
  }
}

export interface Replicated {
  replicator(): Replicator | undefined;
  /** Wraps a client reply: sent once the store's state at this moment is durable. */
  acknowledge: Persistence['acknowledge'];
}

export function serveReplicated({ node, store, config, random, timing, storage }: ReplicatedDeps): Replicated {
  let replicator: Replicator | undefined;
  let neighbours: NodeId[] | undefined;
  // Registered first: the store is recovered before the replicator starts and before init_ok.
  const persistence = persistStore(node, store, storage, random);

  node.onInit(({ nodeId, nodeIds }) => {
    replicator = new Replicator({
      store,
      self: nodeId,
      nodeIds,
      overlay: buildOverlay(config, { self: nodeId, nodeIds, neighbours }),
      net: node,
      clock: node.clock,
      logger: node.logger,
      random,
      timing,
    });
    replicator.start();
  });

  const ready = (): Replicator => {
    if (!replicator) throw malformed('gossip before init');
    return replicator;
  };

  node.on(broadcastRpcs.topology.type, (message: Message) => {
    const problem = requestProblem(broadcastRpcs.topology, message.body);
    if (problem) throw malformed(problem);
    neighbours = (message.body.topology as Record<string, string[]>)[node.id] ?? [];
    if (config.profile === 'topology' && replicator) {
      replicator.setOverlay(buildOverlay(config, { self: node.id, nodeIds: node.nodeIds, neighbours }));
    }
    return { type: 'topology_ok' };
  });
  node.on(gossipTypes.push, (message) => {
    ready().handlePush(message);
  });
  node.on(gossipTypes.sync, (message) => ready().handleSync(message));

  return { replicator: () => replicator, acknowledge: persistence.acknowledge };
}
