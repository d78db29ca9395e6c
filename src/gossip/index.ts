// Replication of a store between nodes: per-peer knowledge, the hub with failover, overlays,
// repair plans, wire bodies and the replicator.
export { Replicator, defaultTiming, type ReplicatorOptions, type ReplicatorTiming, type ReplicatorNet } from './replicator.js';
export { starOverlay, directOverlay, topologyOverlay, gossipOverlay, type Overlay, type OverlayView, type PushPlan } from './overlay.js';
export { encodeGossip, decodeGossip, gossipType, type GossipPayload } from './protocol.js';
export { pickRandom } from './peer-choice.js';
export * from './hub.js';
export * from './peers.js';
export * from './repair.js';
