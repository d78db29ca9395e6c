// The gossip profile's links beyond its tree, Plumtree-style (Leitão, Pereira, Rodrigues:
// "Epidemic Broadcast Trees", 2007), over state vectors instead of message ids, as pure data and
// free functions. Diffs are pushed along the tree (spanning-tree.ts); the other topology
// neighbours are lazy: a few of them, chosen at random each round, get an announcement (our
// state vector) when we hold something they are not known to hold. An announcement that shows
// something we lack, still lacking once the tree has had its patience to bring it, grafts that
// link: it becomes eager (both ends) and what is missing is pulled at once. A grafted link that
// then pushes what we already hold shows a second path, and is pruned back to lazy (both ends).
// The tree's own links are never pruned: they are the paths no value needs to repeat.
import { covers, mergeStateVectors, type StateVector } from '../crdt/state-vector.js';
import type { NodeId } from '../maelstrom/message.js';
import { pickRandom } from './peer-choice.js';

export interface TreeLinks {
  /** Lazy links grafted to eager: pushed to like tree links until pruned. */
  readonly grafted: Set<NodeId>;
  /** Announcements that showed something we lacked: when received, and what they held. */
  readonly missing: Map<NodeId, { announced: StateVector; since: number }>;
  /** The state vector we last announced to each lazy neighbour. */
  readonly announced: Map<NodeId, StateVector>;
}

export function createTreeLinks(): TreeLinks {
  return { grafted: new Set(), missing: new Map(), announced: new Map() };
}

/** A neighbour not on the tree nor grafted spoke: note what it holds that we lack. An earlier
 *  announcement still unmet keeps its own deadline (a later one would only move it away). */
export function noteAnnouncement(links: TreeLinks, from: NodeId, announced: StateVector, ours: StateVector, now: number): void {
  const known = links.missing.get(from);
  if (known && !covers(ours, known.announced)) return;
  if (covers(ours, announced)) links.missing.delete(from);
  else links.missing.set(from, { announced, since: now });
}

/**
 * The link to graft now, if any: the announcement received longest ago whose news is still
 * missing after `waitMs`. One at a time, as Plumtree grafts one announcer per missing message;
 * the others wait another `waitMs` for the grafted link to deliver. Announcements we now cover
 * are forgotten.
 */
export function dueGraft(links: TreeLinks, ours: StateVector, now: number, waitMs: number): NodeId | undefined {
  let chosen: NodeId | undefined;
  let oldest = Infinity;
  for (const [id, { announced, since }] of links.missing) {
    if (covers(ours, announced)) links.missing.delete(id);
    else if (since + waitMs <= now && since < oldest) [chosen, oldest] = [id, since];
  }
  if (chosen === undefined) return undefined;
  links.missing.delete(chosen);
  links.grafted.add(chosen);
  for (const entry of links.missing.values()) entry.since = Math.max(entry.since, now);
  return chosen;
}

/** Announcements whose news has now arrived: forgotten; returns when each was received (how
 *  long the tree took to bring it is what the graft wait learns from). */
export function arrivedAnnouncements(links: TreeLinks, ours: StateVector): number[] {
  const since: number[] = [];
  for (const [id, entry] of links.missing) {
    if (!covers(ours, entry.announced)) continue;
    links.missing.delete(id);
    since.push(entry.since);
  }
  return since;
}

/** When dueGraft may next have a link to graft. */
export function nextGraftAt(links: TreeLinks, waitMs: number): number | undefined {
  let next: number | undefined;
  for (const { since } of links.missing.values()) if (next === undefined || since + waitMs < next) next = since + waitMs;
  return next;
}

/** Up to `k` lazy neighbours, at random, that may lack what we hold (not told it, not known to hold it). */
export function announceTargets(
  links: TreeLinks,
  lazy: readonly NodeId[],
  k: number,
  random: () => number,
  ours: StateVector,
  confirmed: (id: NodeId) => StateVector,
): NodeId[] {
  const owed = lazy.filter((id) => !covers(mergeStateVectors(confirmed(id), links.announced.get(id) ?? new Map()), ours));
  const chosen = pickRandom(random, owed, k);
  for (const id of chosen) links.announced.set(id, ours);
  return chosen;
}

/** The peer restarted or left: nothing it announced or was announced stands. */
export function forgetLink(links: TreeLinks, id: NodeId): void {
  links.grafted.delete(id);
  links.missing.delete(id);
  links.announced.delete(id);
}
