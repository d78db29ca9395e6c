// The hub a node pushes its writes to, with failover to a deterministic successor, as pure data
// and free functions. Every node ranks the cluster in init order; its hub is the first node it
// does not suspect (itself when it suspects everyone ranked before it: it is then a root and
// serves the nodes after it). A node suspects its hub when the hub stops answering, and moves to
// the next; it probes the nodes it suspects ranked before its hub, and moves back to one that
// answers a probe promptly. Nodes that lost different hubs therefore still agree on one tree:
// whoever chose a non-root hub is that hub's child, and the hub relays for it.
import type { NodeId } from '../maelstrom/message.js';

export interface Suspicion {
  since: number;
  /** Clock time of the last probe sent to the suspect (-Infinity before the first). */
  probedAt: number;
  /** The suspect has spoken since (it was slow, not gone), and that was counted against us. */
  alarmCounted?: boolean;
}

export interface HubState {
  readonly self: NodeId;
  readonly ranking: readonly NodeId[];
  readonly rank: ReadonlyMap<NodeId, number>;
  readonly suspects: Map<NodeId, Suspicion>;
}

export function createHubState(self: NodeId, ranking: readonly NodeId[]): HubState {
  return { self, ranking, rank: new Map(ranking.map((id, i) => [id, i])), suspects: new Map() };
}

/** The first node in the ranking this node does not suspect: itself when it is a root. */
export function hubOf(state: HubState): NodeId {
  for (const id of state.ranking) if (id === state.self || !state.suspects.has(id)) return id;
  return state.self;
}

export function isRoot(state: HubState): boolean {
  return hubOf(state) === state.self;
}

export function suspect(state: HubState, id: NodeId, now: number): void {
  if (id === state.self || state.suspects.has(id)) return;
  state.suspects.set(id, { since: now, probedAt: -Infinity });
}

/** Returns true when the node was suspected. */
export function clearSuspicion(state: HubState, id: NodeId): boolean {
  return state.suspects.delete(id);
}

/**
 * Forgets suspicions of nodes ranked after the hub: they do not decide anything now, and should
 * the hub fail later, they deserve a fresh try.
 */
export function forgetBeyondHub(state: HubState): void {
  const hubRank = rankOf(state, hubOf(state));
  for (const id of [...state.suspects.keys()]) if (rankOf(state, id) > hubRank) state.suspects.delete(id);
}

/** The suspect to probe now: ranked before the hub, probed longest ago and not within `probeMs`. */
export function probeTarget(state: HubState, now: number, probeMs: number): NodeId | undefined {
  const hubRank = rankOf(state, hubOf(state));
  let best: NodeId | undefined;
  let bestAt = Infinity;
  for (const [id, s] of state.suspects) {
    if (rankOf(state, id) >= hubRank || now - s.probedAt < probeMs) continue;
    if (s.probedAt < bestAt || (s.probedAt === bestAt && best !== undefined && rankOf(state, id) < rankOf(state, best))) {
      best = id;
      bestAt = s.probedAt;
    }
  }
  return best;
}

/** Are there suspects a probe could bring back (ranked before the hub)? */
export function hasProbeTargets(state: HubState): boolean {
  const hubRank = rankOf(state, hubOf(state));
  for (const id of state.suspects.keys()) if (rankOf(state, id) < hubRank) return true;
  return false;
}

/**
 * The peers this node serves (pushes to, batched, and repairs). A root serves every node it does
 * not suspect, except those that said they push to a node ranked after the root (that node serves
 * them). Any other node serves the peers that said it is their hub.
 */
export function childrenOf(state: HubState, statedHub: (peer: NodeId) => NodeId | undefined): NodeId[] {
  const children: NodeId[] = [];
  const selfRank = rankOf(state, state.self);
  const root = isRoot(state);
  for (const id of state.ranking) {
    if (id === state.self) continue;
    const stated = statedHub(id);
    if (root) {
      if (state.suspects.has(id)) continue;
      if (stated === undefined || stated === state.self || rankOf(state, stated) < selfRank) children.push(id);
    } else if (stated === state.self) {
      children.push(id);
    }
  }
  return children;
}

function rankOf(state: HubState, id: NodeId): number {
  return state.rank.get(id) ?? Infinity;
}
