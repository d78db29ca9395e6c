// What every replicated workload shares: a store, a replicator started at init over the
// configured overlay, the gossip and sync handlers, and the topology message (answered always,
// used only by the topology profile). A workload adds its client RPCs and nothing more.
import type { ReplicatedStore } from '../crdt/store.js';
import { Replicator, directOverlay, topologyOverlay, treeOverlay, type Overlay, type OverlayContext, type ReplicatorTiming } from '../gossip/index.js';
import { malformed } from '../maelstrom/errors.js';
import type { Message, NodeId } from '../maelstrom/message.js';
import type { NodeRuntime } from '../maelstrom/node.js';
import { gossipTypes } from '../gossip/protocol.js';
import type { ReplicationConfig } from './config.js';

export interface ReplicatedDeps {
  node: NodeRuntime;
  store: ReplicatedStore;
  config: ReplicationConfig;
  random: () => number;
  timing?: Partial<ReplicatorTiming>;
}

export function buildOverlay(config: ReplicationConfig, ctx: OverlayContext): Overlay {
  switch (config.profile) {
    case 'fast':
      return directOverlay(ctx, config.batchMs);
    case 'topology':
      return topologyOverlay(ctx, config.batchMs);
    default:
      return treeOverlay(ctx, config.batchMs, config.fanout);
  }
}

export function serveReplicated({ node, store, config, random, timing }: ReplicatedDeps): { replicator(): Replicator | undefined } {
  let replicator: Replicator | undefined;
  let neighbours: NodeId[] | undefined;

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

  node.on('topology', (message: Message) => {
    const topology = message.body.topology;
    if (typeof topology !== 'object' || topology === null || Array.isArray(topology)) {
      throw malformed('field "topology" must be an object of node id → array of node ids');
    }
    for (const [id, peers] of Object.entries(topology)) {
      if (!Array.isArray(peers) || !peers.every((p) => typeof p === 'string')) {
        throw malformed(`field "topology.${id}" must be an array of node ids`);
      }
    }
    neighbours = (topology as Record<string, string[]>)[node.id] ?? [];
    if (config.profile === 'topology' && replicator) {
      replicator.setOverlay(buildOverlay(config, { self: node.id, nodeIds: node.nodeIds, neighbours }));
    }
    return { type: 'topology_ok' };
  });
  node.on(gossipTypes.push, (message) => {
    ready().handlePush(message);
  });
  node.on(gossipTypes.sync, (message) => ready().handleSync(message));

  return { replicator: () => replicator };
}
