// Replication of a store between nodes: per-peer knowledge and patience, failover, overlays,
// the gossip profile's tree, repair plans, wire bodies and the replicator.
export { Replicator, defaultTiming, type ReplicatorOptions, type ReplicatorTiming, type ReplicatorNet } from './replicator.js';
export {
  starOverlay,
  starBatchMs,
  directOverlay,
  topologyOverlay,
  treeOverlay,
  type Overlay,
  type OverlayView,
  type PushPlan,
  type Change,
} from './overlay.js';
export { encodeGossip, decodeGossip, gossipType, type GossipPayload } from './protocol.js';
export { pickRandom } from './peer-choice.js';
export * from './failover.js';
export * from './patience.js';
export { treePlace, type TreePlace } from './spanning-tree.js';
export * from './peers.js';
export * from './repair.js';
