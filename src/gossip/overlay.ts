// Who pushes to whom, and how a node repairs: an overlay is a pure description, asked with a
// view of the moment (the node's hub and the peers it serves, which failover changes).
// Maelstrom's `topology` message is only a suggestion: the gossip and topology overlays use it,
// the star and direct overlays ignore it.
import type { NodeId } from '../maelstrom/message.js';

export interface OverlayView {
  self: NodeId;
  /** Every other member, in init order. */
  peers: readonly NodeId[];
  /** Maelstrom's suggested neighbours, or every peer when no topology arrived. */
  neighbours: readonly NodeId[];
  /** The hub this node pushes its writes to, unless it is a root. */
  parent: NodeId | undefined;
  /** The peers this node serves as their hub. */
  children: readonly NodeId[];
}

export interface PushPlan {
  /** Pushed at once. */
  now: readonly NodeId[];
  /** Pushed at most once per `batchMs` per link. */
  batched: readonly NodeId[];
}

export interface Overlay {
  readonly name: string;
  /** The node elects a hub with failover (see hub.ts); the view's parent and children follow it. */
  readonly hubbed: boolean;
  /** A hub answers each push from a child within a batch, so a child can tell a dead hub. */
  readonly acksChildren: boolean;
  readonly batchMs: number;
  targets(change: 'local' | 'remote', view: OverlayView): PushPlan;
  /**
   * How a node repairs once it goes quiet. `hub`: settle with the hub, which settles with the
   * peers it serves (k random peers join in while the node suspects a hub); `owed`: settle with
   * every peer holding sends it has not confirmed; `rounds`: periodic rounds do all of it.
   */
  readonly repair: 'hub' | 'owed' | 'rounds';
  /** Random peers per repair round while the node suspects a hub (`hub` repair only). */
  readonly repairPeers: number;
  /** Periodic push-pull rounds: every `roundMs`, `peers` random neighbours. */
  readonly rounds?: { roundMs: number; peers: number };
}

const nobody: PushPlan = { now: [], batched: [] };

/**
 * The default: a star around the first live node. A write goes up to the hub at once; the hub
 * batches everything down to the peers it serves. A node whose hub fails moves to the next in
 * init order, which relays up to its own hub while it has one, and serves its children.
 */
export function starOverlay(batchMs: number, repairPeers = 2): Overlay {
  return {
    name: 'star',
    hubbed: true,
    acksChildren: true,
    batchMs,
    targets: (_change, view) => ({ now: view.parent !== undefined ? [view.parent] : [], batched: view.children }),
    repair: 'hub',
    repairPeers,
  };
}

/**
 * One hop: each node sends its own new values to every peer (the physical limit of latency).
 * Replicated changes go nowhere; repair goes through the elected hub, as in the star.
 */
export function directOverlay(batchMs = 0, repairPeers = 2): Overlay {
  return {
    name: 'direct',
    hubbed: true,
    acksChildren: false,
    batchMs,
    targets: (change, view) => (change === 'local' ? { now: [], batched: view.peers } : nobody),
    repair: 'hub',
    repairPeers,
  };
}

/** Flood over the topology Maelstrom suggests: every change goes to every neighbour. */
export function topologyOverlay(batchMs = 0): Overlay {
  return {
    name: 'topology',
    hubbed: false,
    acksChildren: false,
    batchMs,
    targets: (_change, view) => ({ now: [], batched: view.neighbours }),
    repair: 'owed',
    repairPeers: 0,
  };
}

/**
 * Gossip as the design card draws it: no eager pushes, no acknowledgements, no hub. Every
 * round each node ships its state vector and what it believes a few random neighbours lack, and
 * each answers with what the sender lacks (push-pull). Convergence after any partition follows
 * from the rounds alone; a round with nothing new costs state vectors only.
 */
export function gossipOverlay(roundMs: number, peers: number): Overlay {
  return {
    name: 'gossip',
    hubbed: false,
    acksChildren: false,
    batchMs: 0,
    targets: () => nobody,
    repair: 'rounds',
    repairPeers: 0,
    rounds: { roundMs, peers },
  };
}
