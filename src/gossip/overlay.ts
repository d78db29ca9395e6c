// Who pushes to whom, and how a node repairs: an overlay is a pure description, asked with a
// view of the moment (the node's hub and the peers it serves, which failover changes) and the
// change to spread (local, or which peer it came from). Maelstrom's `topology` message is only a
// suggestion: the topology and gossip overlays use it, the star and direct overlays ignore it.
import type { NodeId } from '../maelstrom/message.js';

export interface OverlayView {
  self: NodeId;
  /** Every other member, in init order. */
  peers: readonly NodeId[];
  /** Maelstrom's suggested neighbours, or every peer when no topology arrived. */
  neighbours: readonly NodeId[];
  /** The hub this node pushes its writes to (its parent in the tree), unless it is a root. */
  parent: NodeId | undefined;
  /** The peers this node serves as their hub (its children in the tree). */
  children: readonly NodeId[];
  /** Tree: lazy links grafted to eager (tree.ts). */
  grafted: readonly NodeId[];
}

/** What changed the store: a local write, or a peer's update. */
export interface Change {
  local: boolean;
  from?: NodeId;
}

export interface PushPlan {
  /** Pushed at once. */
  now: readonly NodeId[];
  /** Pushed at most once per `batchMs` per link. */
  batched: readonly NodeId[];
  /** Tree: the parent, pushed to at most once per `upMs`. */
  up?: readonly NodeId[];
  /** Tree: children that get the change with the next wave down, or on its own once the grace
   *  period has passed without one. */
  fallback?: readonly NodeId[];
}

export interface Overlay {
  readonly name: string;
  /**
   * How the node picks its hub, with failover (failover.ts): `ranked`, the first live node in
   * init order; `tree`, its parent towards the topology's centre (spanning-tree.ts), itself
   * while the parent is silent; `none`, no hub.
   */
  readonly hubs: 'ranked' | 'tree' | 'none';
  /** A hub answers each push from a child within a batch, so a child can tell a silent hub. */
  readonly acksChildren: boolean;
  readonly batchMs: number;
  targets(change: Change, view: OverlayView): PushPlan;
  /**
   * How a node repairs once it goes quiet. `hub`: settle with the hub, which settles with the
   * peers it serves (k random peers join in while the node suspects a hub); `owed`: settle with
   * every peer holding sends it has not confirmed. Both send nothing once everything is settled.
   */
  readonly repair: 'hub' | 'owed';
  /** Random peers per repair round while the node suspects a hub (`hub` repair only). */
  readonly repairPeers: number;
  /** Tree: every `roundMs`, announce our state vector to `peers` random lazy neighbours (tree.ts). */
  readonly announce?: { roundMs: number; peers: number };
  /** Tree: the least time between two pushes up to the parent. */
  readonly upMs?: number;
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
    hubs: 'ranked',
    acksChildren: true,
    batchMs,
    targets: (_change, view) => ({ now: view.parent !== undefined ? [view.parent] : [], batched: view.children }),
    repair: 'hub',
    repairPeers,
  };
}

/** Peers a hub serves at its configured batch interval (the 25-node challenge's star). */
const fullStar = 24;

/**
 * The star hub's batch interval in a cluster of `nodes`: `batchMs` up to a full star, longer in
 * proportion beyond it, so that a hub sends no more messages a second than it does there (at 100
 * nodes, 165 ms becomes 681 ms). A hub that pushed to 99 peers every 165 ms spent six messages
 * per operation on its batches alone, and most of a loaded machine's time for one process.
 */
export function starBatchMs(batchMs: number, nodes: number): number {
  return batchMs * Math.max(1, (nodes - 1) / fullStar);
}

/**
 * One hop: each node sends its own new values to every peer (the physical limit of latency).
 * Replicated changes go nowhere; repair goes through the elected hub, as in the star.
 */
export function directOverlay(batchMs = 0, repairPeers = 2): Overlay {
  return {
    name: 'direct',
    hubs: 'ranked',
    acksChildren: false,
    batchMs,
    targets: (change, view) => (change.local ? { now: [], batched: view.peers } : nobody),
    repair: 'hub',
    repairPeers,
  };
}

/** Flood over the topology Maelstrom suggests: every change goes to every neighbour. */
export function topologyOverlay(batchMs = 0): Overlay {
  return {
    name: 'topology',
    hubs: 'none',
    acksChildren: false,
    batchMs,
    targets: (_change, view) => ({ now: [], batched: view.neighbours }),
    repair: 'owed',
    repairPeers: 0,
  };
}

/**
 * Gossip that pays for news: diffs climb the tree over Maelstrom's topology, batched a quarter
 * of `batchMs` per link (so the climb waits at most about one batch on a grid: four hops), the
 * centre (or a node whose parent is silent) batches them down every `batchMs`, and a node
 * forwards what comes down to its children at once: each wave down crosses each link once, and a
 * value waits for one batch at the centre however deep the tree. What a node sends up reaches its
 * own children with the wave that comes back down (or on its own, should none come). Grafted
 * links (tree.ts) get every change but their own, batched. The other neighbours get
 * announcements every `roundMs` (or `batchMs`, if longer), `peers` of them at a time.
 */
export function treeOverlay(batchMs: number, roundMs: number, peers: number): Overlay {
  return {
    name: 'tree',
    hubs: 'tree',
    acksChildren: true,
    batchMs,
    targets: (change, view) => {
      const others = (ids: readonly NodeId[]) => ids.filter((id) => id !== change.from);
      const grafted = others(view.grafted);
      if (change.from !== undefined && change.from === view.parent) return { now: others(view.children), batched: grafted };
      if (view.parent === undefined) return { now: [], batched: [...others(view.children), ...grafted] };
      return { now: [], up: [view.parent], batched: grafted, fallback: others(view.children) };
    },
    repair: 'owed',
    repairPeers: 0,
    // Announcing faster than the centre batches would only announce news the tree is bringing.
    announce: { roundMs: Math.max(roundMs, batchMs), peers },
    upMs: batchMs / 4,
  };
}
