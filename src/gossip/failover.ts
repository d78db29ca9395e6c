// Failover, as a pure core that decides and never sends (as automerge-repo's DocSynchronizer
// emits and never sends): the Replicator tells it what happened (a send that must be answered, a
// message heard, a loss proven, the time) and carries out the decisions it returns. All hub
// state lives here: the ranking, suspicions, the hubs peers say they push to, the answers we
// await and owe, and when the next probe is due.
//
// Every node ranks its candidate hubs (the star: the cluster in init order; the tree: its parent
// towards the topology's centre, then itself). Its hub is the first candidate it does not
// suspect; when that is itself, it is a root and serves the nodes below it. It suspects its hub
// when a send the hub must answer stays unanswered past the hub's patience (patience.ts), or when
// two sends in a row are proven lost (one-way partitions). It probes the suspects ranked before
// its hub once per probe interval, and moves back to one that answers a probe within its
// patience. Nodes that lost different hubs still agree on one tree: whoever chose a non-root hub
// is that hub's child, and the hub relays for it.
import type { NodeId } from '../maelstrom/message.js';

export type FailoverDecision =
  /** The peer's wait ran out: the Replicator doubles its patience. */
  | { type: 'suspected'; peer: NodeId }
  | { type: 'cleared'; peer: NodeId }
  /** Tell `before` (unless suspected) it lost us; send the new hub what it lacks and make sure it hears us. */
  | { type: 'hub-changed'; before: NodeId; after: NodeId }
  /** A push-pull the suspect must answer. */
  | { type: 'probe'; peer: NodeId };

export interface FailoverOptions {
  self: NodeId;
  /** Candidate hubs, best first, the node itself among them (the last resort). */
  ranking: readonly NodeId[];
  /** The peers below this node (the tree's children); without it, the star's rule (servedPeers). */
  below?: readonly NodeId[];
  /** A hub answers each push from a child, so a child can tell a silent hub (the star). */
  acksChildren: boolean;
  probeMs: number;
  /** How long to wait for the peer: the one rule, patience.ts. */
  patience(peer: NodeId): number;
}

interface Suspicion {
  /** Clock time of the last probe (-Infinity before the first). */
  probedAt: number;
}

export interface Failover extends FailoverOptions {
  rank: Map<NodeId, number>;
  readonly suspects: Map<NodeId, Suspicion>;
  /** The hub each peer last said it pushes to. */
  readonly stated: Map<NodeId, NodeId>;
  /** The hub we last told each peer we push to. */
  readonly told: Map<NodeId, NodeId>;
  /** Sends the peer must answer, by the time its patience runs out. */
  readonly awaiting: Map<NodeId, number>;
  /** Children that pushed to us as their hub and have heard nothing from us since (since when). */
  readonly owed: Map<NodeId, number>;
  /** Pushes with data since the peer's last message. */
  readonly unanswered: Map<NodeId, number>;
  probeAt: number;
}

/** Unanswered pushes a root that took over sends a stranger before backing off. */
const unansweredBeforeBackoff = 3;

export function createFailover(options: FailoverOptions): Failover {
  const f: Failover = {
    ...options,
    rank: new Map(),
    suspects: new Map(),
    stated: new Map(),
    told: new Map(),
    awaiting: new Map(),
    owed: new Map(),
    unanswered: new Map(),
    probeAt: Infinity,
  };
  setRanking(f, options.ranking, options.below);
  return f;
}

/** A new ranking (the tree's, once the topology is known); suspicions of nodes now beyond it go. */
export function setRanking(f: Failover, ranking: readonly NodeId[], below?: readonly NodeId[]): void {
  f.ranking = ranking.includes(f.self) ? ranking : [...ranking, f.self];
  f.below = below;
  f.rank = new Map(f.ranking.map((id, i) => [id, i]));
  for (const id of [...f.suspects.keys()]) if (!f.rank.has(id)) f.suspects.delete(id);
}

/** The first candidate not suspected: the node itself when it is a root. */
export function hubOf(f: Failover): NodeId {
  for (const id of f.ranking) if (id === f.self || !f.suspects.has(id)) return id;
  return f.self;
}

/** The hub, unless this node is a root. */
export function parentOf(f: Failover): NodeId | undefined {
  const hub = hubOf(f);
  return hub === f.self ? undefined : hub;
}

/**
 * The peers this node serves (pushes to, batched, and repairs). Below a tree node: its children
 * that do not say they push elsewhere. In the star, a root serves every peer it does not suspect,
 * except those that said they push to a node ranked after it (that node serves them); any other
 * node serves the peers that said it is their hub.
 */
export function servedPeers(f: Failover): NodeId[] {
  if (f.below) return f.below.filter((id) => (f.stated.get(id) ?? f.self) === f.self);
  const selfRank = rankOf(f, f.self);
  const root = hubOf(f) === f.self;
  return f.ranking.filter((id) => {
    if (id === f.self) return false;
    const stated = f.stated.get(id);
    if (!root) return stated === f.self;
    return !f.suspects.has(id) && (stated === undefined || stated === f.self || rankOf(f, stated) < selfRank);
  });
}

export function isSuspected(f: Failover, id: NodeId): boolean {
  return f.suspects.has(id);
}

/** We sent the peer something it must answer: suspect it (if it is our hub) once its patience runs out. */
export function expectAnswer(f: Failover, peer: NodeId, now: number): void {
  if (!f.awaiting.has(peer)) f.awaiting.set(peer, now + f.patience(peer));
}

/** Every message we send names our hub, answers what we owed, and may await an answer. */
export function noteTransmit(f: Failover, peer: NodeId, withData: boolean): void {
  f.told.set(peer, hubOf(f));
  f.owed.delete(peer);
  if (withData) f.unanswered.set(peer, (f.unanswered.get(peer) ?? 0) + 1);
}

export interface Heard {
  hub?: NodeId;
  update: boolean;
  reply: boolean;
}

/** A message from the peer: it is alive, it answered, it said its hub; a prompt answer to a probe brings it back. */
export function noteHeard(f: Failover, peer: NodeId, heard: Heard, now: number): FailoverDecision[] {
  f.awaiting.delete(peer);
  f.unanswered.delete(peer);
  if (heard.hub !== undefined) f.stated.set(peer, heard.hub);
  if (f.acksChildren && heard.update && heard.hub === f.self && !heard.reply && !f.owed.has(peer)) f.owed.set(peer, now);
  const suspicion = f.suspects.get(peer);
  // Only a prompt answer to a probe brings a hub back: a slow one would be suspected again.
  if (!suspicion || !heard.reply || now - suspicion.probedAt > f.patience(peer)) return [];
  const before = hubOf(f);
  f.suspects.delete(peer);
  return [{ type: 'cleared', peer }, ...hubChange(f, before, now)];
}

/** A peer that pushed to us as its hub, while we push to another, should hear our hub (once). */
export function owesHubNotice(f: Failover, peer: NodeId, heard: Heard): boolean {
  if (!f.acksChildren || heard.reply || !heard.update) return false;
  const ours = hubOf(f);
  return peer !== ours && f.told.get(peer) !== ours && !f.suspects.has(peer);
}

/** Sends to the peer proven lost `losses` times in a row: twice to our hub, and it hears us no more. */
export function noteLoss(f: Failover, peer: NodeId, losses: number, now: number): FailoverDecision[] {
  return peer === parentOf(f) && losses >= 2 ? suspect(f, peer, now) : [];
}

/** The peer restarted: what it said and owed is gone. */
export function forgetPeer(f: Failover, peer: NodeId): void {
  for (const map of [f.awaiting, f.stated, f.told, f.unanswered, f.owed]) map.delete(peer);
}

/** What is due by `now`: our hub's patience run out, a probe. */
export function failoverDue(f: Failover, now: number): FailoverDecision[] {
  const decisions: FailoverDecision[] = [];
  for (const [peer, due] of [...f.awaiting]) {
    if (due > now) continue;
    f.awaiting.delete(peer);
    if (peer === parentOf(f)) decisions.push(...suspect(f, peer, now));
  }
  if (now >= f.probeAt) {
    const target = probeTarget(f, now);
    if (target !== undefined) {
      f.suspects.get(target)!.probedAt = now;
      decisions.push({ type: 'probe', peer: target });
    }
    f.probeAt = hasProbeTargets(f) ? now + f.probeMs : Infinity;
  }
  return decisions;
}

/** When failoverDue next has something to do (undefined: nothing pending). */
export function nextFailoverDue(f: Failover): number | undefined {
  let next = f.probeAt;
  for (const due of f.awaiting.values()) next = Math.min(next, due);
  return next === Infinity ? undefined : next;
}

/**
 * The batch interval to a peer, except from a root that took over from a failed hub to a peer
 * that never chose it and has not answered its last pushes: such a peer is most likely cut off
 * (or served by the first hub on the other side of a partition), so the link backs off up to
 * `maxMs`. A peer that does need us relays our first push to its failed hub, suspects it, and
 * chooses us.
 */
export function linkIntervalMs(f: Failover, peer: NodeId, batchMs: number, maxMs: number): number {
  const backoff = (f.unanswered.get(peer) ?? 0) - unansweredBeforeBackoff;
  if (!f.acksChildren || backoff <= 0 || f.stated.get(peer) === f.self) return batchMs;
  if (parentOf(f) !== undefined || f.ranking[0] === f.self) return batchMs;
  return Math.min(maxMs, Math.max(batchMs, 1) * 2 ** backoff);
}

function suspect(f: Failover, peer: NodeId, now: number): FailoverDecision[] {
  if (peer === f.self || f.suspects.has(peer) || !f.rank.has(peer)) return [];
  const before = hubOf(f);
  f.suspects.set(peer, { probedAt: -Infinity });
  return [{ type: 'suspected', peer }, ...hubChange(f, before, now)];
}

/** Suspicions of nodes ranked after the hub decide nothing now: should the hub fail later, they
 *  deserve a fresh try. Probes start one interval after the first suspect worth probing. */
function hubChange(f: Failover, before: NodeId, now: number): FailoverDecision[] {
  const hubRank = rankOf(f, hubOf(f));
  for (const id of [...f.suspects.keys()]) if (rankOf(f, id) > hubRank) f.suspects.delete(id);
  if (!hasProbeTargets(f)) f.probeAt = Infinity;
  else if (f.probeAt === Infinity) f.probeAt = now + f.probeMs;
  const after = hubOf(f);
  return after === before ? [] : [{ type: 'hub-changed', before, after }];
}

/** The suspect to probe now: ranked before the hub, probed longest ago and not within probeMs. */
function probeTarget(f: Failover, now: number): NodeId | undefined {
  const hubRank = rankOf(f, hubOf(f));
  let best: NodeId | undefined;
  let bestAt = Infinity;
  for (const [id, s] of f.suspects) {
    if (rankOf(f, id) >= hubRank || now - s.probedAt < f.probeMs) continue;
    if (s.probedAt < bestAt || (s.probedAt === bestAt && best !== undefined && rankOf(f, id) < rankOf(f, best))) {
      best = id;
      bestAt = s.probedAt;
    }
  }
  return best;
}

function hasProbeTargets(f: Failover): boolean {
  const hubRank = rankOf(f, hubOf(f));
  for (const id of f.suspects.keys()) if (rankOf(f, id) < hubRank) return true;
  return false;
}

function rankOf(f: Failover, id: NodeId): number {
  return f.rank.get(id) ?? Infinity;
}
