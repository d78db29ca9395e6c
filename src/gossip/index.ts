// Replication of a store between nodes: per-peer knowledge, overlays, wire bodies, replicator.
export { Replicator, defaultTiming, type ReplicatorOptions, type ReplicatorTiming, type ReplicatorNet } from './replicator.js';
export { topologyOverlay, treeOverlay, directOverlay, type Overlay, type OverlayContext } from './overlay.js';
export { encodeGossip, decodeGossip, gossipTypes, type GossipPayload } from './protocol.js';
export * from './peers.js';
