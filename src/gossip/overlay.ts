// Who pushes to whom. An overlay is a pure description computed from the cluster membership:
// push targets for local and replicated changes, how long each link batches, and the anchor a
// node settles with when it goes quiet. Maelstrom's `topology` message is only a suggestion.
import type { NodeId } from '../maelstrom/message.js';

export interface Overlay {
  readonly name: string;
  /** Peers that get a push after a change of this kind. */
  targets(change: 'local' | 'remote'): readonly NodeId[];
  /** Minimum time between two pushes on the link to `peer` (0 = push at once). */
  linkIntervalMs(peer: NodeId): number;
  /**
   * The peer this node settles with when it goes quiet (it then answers for the whole
   * cluster), or undefined when the node settles with each peer it has unconfirmed sends to.
   */
  readonly anchor: NodeId | undefined;
  /** True for the node others settle with: it repairs every peer it knows to be behind. */
  readonly isAnchor: boolean;
}

export interface OverlayContext {
  self: NodeId;
  nodeIds: readonly NodeId[];
  /** Maelstrom's suggested neighbours, when a topology message arrived. */
  neighbours?: readonly NodeId[];
}

/** Flood over the topology Maelstrom suggests: every change goes to every neighbour. */
export function topologyOverlay(ctx: OverlayContext, batchMs = 0): Overlay {
  const neighbours = (ctx.neighbours ?? ctx.nodeIds).filter((n) => n !== ctx.self);
  return {
    name: 'topology',
    targets: () => neighbours,
    linkIntervalMs: () => batchMs,
    anchor: undefined,
    isAnchor: false,
  };
}

/**
 * A tree rooted at the first node, each inner node with up to `fanout` children (a single hub
 * when the cluster fits). Every change moves to parent and children; diffs keep it from coming
 * back. Links down to children batch for `batchMs`; links up push at once, which makes a new
 * value's path leaf → hub → leaves.
 */
export function treeOverlay(ctx: OverlayContext, batchMs: number, fanout = 32): Overlay {
  const index = ctx.nodeIds.indexOf(ctx.self);
  const parentOf = (i: number): number => (i === 0 ? -1 : Math.floor((i - 1) / fanout));
  const children: NodeId[] = [];
  for (let c = index * fanout + 1; c <= index * fanout + fanout && c < ctx.nodeIds.length; c++) children.push(ctx.nodeIds[c]);
  const parent = index > 0 ? ctx.nodeIds[parentOf(index)] : undefined;
  const all = parent ? [parent, ...children] : children;
  const childSet = new Set(children);
  const root = ctx.nodeIds[0];
  return {
    name: 'tree',
    targets: () => all,
    linkIntervalMs: (peer) => (childSet.has(peer) ? batchMs : 0),
    anchor: index > 0 ? root : undefined,
    isAnchor: index === 0,
  };
}

/**
 * One hop: each node sends its own new values straight to every peer (the physical limit of
 * latency). Replicated changes go nowhere; the first node is the anchor for repair.
 */
export function directOverlay(ctx: OverlayContext, batchMs = 0): Overlay {
  const peers = ctx.nodeIds.filter((n) => n !== ctx.self);
  const root = ctx.nodeIds[0];
  return {
    name: 'direct',
    targets: (change) => (change === 'local' ? peers : []),
    linkIntervalMs: () => batchMs,
    anchor: ctx.self === root ? undefined : root,
    isAnchor: ctx.self === root,
  };
}
