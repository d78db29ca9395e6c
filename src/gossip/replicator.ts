// Replication of one store over an overlay, on the injected clock: diffs against what each peer
// is assumed to hold, batched per link, with state vectors on every message as acknowledgements
// (a lost push is detected and resent without acks of its own). The Replicator acts; others
// decide: whom to push to, overlay.ts; which hub to trust, failover.ts; what to graft or prune,
// tree-gossip.ts; when to repair, anti-entropy.ts; how long to wait, patience.ts; what a message
// holds, outbox.ts; what a message must pass, admission.ts.
import type { ReplicatedStore } from '../crdt/store.js';
import type { Clock } from '../maelstrom/clock.js';
import type { Logger } from '../maelstrom/log.js';
import type { Message, NodeId } from '../maelstrom/message.js';
import { admit, applyAdmitted } from './admission.js';
import { AntiEntropy } from './anti-entropy.js';
import * as fo from './failover.js';
import { answer, exchange, push, report, type Outbox, type ReplicatorNet } from './outbox.js';
import type { Change, Overlay, OverlayView } from './overlay.js';
import { inheritPatience, patienceMs, patienceTimedOut } from './patience.js';
import { createPeerState, forgetKnowledge, observeIncarnation, recordReport, type PeerState } from './peers.js';
import { compareRuns } from './redundancy.js';
import { topologyGraph, treePlace } from './spanning-tree.js';
import { defaultTiming, type ReplicatorTiming } from './timing.js';
import { Timers } from './timers.js';
import { TreeGossip } from './tree-gossip.js';

export type { ReplicatorNet } from './outbox.js';
export { defaultTiming, type ReplicatorTiming } from './timing.js';

export interface ReplicatorOptions {
  store: ReplicatedStore;
  self: NodeId;
  nodeIds: readonly NodeId[];
  overlay: Overlay;
  net: ReplicatorNet;
  clock: Clock;
  logger: Logger;
  random: () => number;
  timing?: Partial<ReplicatorTiming>;
}

export class Replicator {
  private readonly peers = new Map<NodeId, PeerState>();
  private readonly members: Set<NodeId>;
  private readonly others: NodeId[];
  private neighbours: NodeId[];
  private readonly timing: ReplicatorTiming;
  /** The one patience rule's floor (patience.ts): the grace plus the time a hub may batch. */
  private readonly floorMs: number;
  private readonly out: Outbox;
  private readonly failover: fo.Failover | undefined;
  private readonly tree: TreeGossip | undefined;
  private readonly antiEntropy: AntiEntropy;
  private readonly timers: Timers;
  private running = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ReplicatorOptions) {
    const { self, nodeIds, overlay, clock, store, logger, random } = options;
    this.timing = { ...defaultTiming, ...options.timing };
    this.others = nodeIds.filter((n) => n !== self);
    this.members = new Set(this.others);
    this.neighbours = this.others;
    this.timers = new Timers(clock, () => this.armFailover());
    this.floorMs = this.timing.graceMs + overlay.batchMs;
    const patience = (id: NodeId) => patienceMs(this.peer(id).patience, this.floorMs, this.timing.maxPatienceMs);
    const { hubs, acksChildren, announce, batchMs } = overlay;
    this.failover = hubs === 'none' ? undefined : fo.createFailover({ self, ranking: nodeIds, acksChildren, probeMs: this.timing.probeMs, patience });
    const peer = (id: NodeId): PeerState => this.peer(id);
    this.out = {
      store,
      net: options.net,
      incarnation: Math.floor(random() * 0x1_0000_0000),
      peer,
      failover: this.failover,
      now: () => clock.now(),
      texts: new WeakMap(),
    };
    const host = { out: this.out, timers: this.timers, store, clock, logger, random, failover: this.failover, peer, view: () => this.view() };
    const answerMs = Math.max(this.timing.graceMs, batchMs);
    this.tree = announce ? new TreeGossip({ ...host, answerMs, floorMs: this.floorMs, graftWaitMs: 2 * this.floorMs, announce }) : undefined;
    this.antiEntropy = new AntiEntropy({ ...host, overlay, timing: this.timing, peers: this.peers });
    this.setTopology({});
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.store.onChange(({ local, origin }) => this.changed({ local, from: local ? undefined : (origin as NodeId) }));
    // A node that starts quiet still announces itself (a restarted one must be found out).
    this.antiEntropy.arm(this.timing.quietMs);
    this.tree?.start();
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.timers.clearAll();
  }

  /** Maelstrom's suggested topology: the neighbours of the topology and gossip overlays, and the
   *  gossip profile's tree (every node linked to every other until one arrives). */
  setTopology(topology: Readonly<Record<NodeId, readonly NodeId[]>>): void {
    const { self, nodeIds } = this.options;
    const known = (topology[self] ?? []).filter((n) => this.members.has(n));
    this.neighbours = known.length > 0 ? known : this.others;
    if (!this.tree) return;
    const { parent, children } = treePlace(topologyGraph(topology, nodeIds), nodeIds, self);
    fo.setRanking(this.failover!, parent ? [parent, self] : [self], children);
  }

  /** Handles a `gossip` message. Throws MaelstromError (malformed) on a bad payload. */
  handleGossip(message: Message): void {
    const { payload, update } = admit(message, this.members, this.options.self, this.options.store);
    const from = message.src;
    const peer = this.peer(from);
    const standing = observeIncarnation(peer, payload.incarnation);
    if (standing === 'retired') {
      // A late message from before the peer restarted: its data is still good, its knowledge is not.
      if (update) applyAdmitted(this.options.store, update, from);
      return;
    }
    if (standing === 'new') this.restarted(from);
    const now = this.options.clock.now();
    const lost = recordReport(peer, payload.stateVector, now, this.floorMs);
    const heard = { hub: payload.hub, update: payload.update !== undefined, reply: payload.reply === true };
    if (this.failover) this.act(fo.noteHeard(this.failover, from, heard, now));
    const runs = this.tree && payload.update && !payload.pull && !payload.reply ? compareRuns(payload.update, this.options.store.stateVector()) : undefined;
    // The report first: the change event of the apply below pushes to this peer only what its
    // state vector does not already cover.
    if (update) applyAdmitted(this.options.store, update, from);
    if (payload.pull || payload.ack) answer(this.out, from, payload);
    if (lost) this.lost(from);
    // A child awaits an answer: the star's hub's next batch, a tree node's next wave down (or its own).
    const owed = this.failover?.owed.has(from);
    if (owed && this.tree) this.tree.answer(from);
    else if (owed) this.schedulePush(from);
    if (this.failover && fo.owesHubNotice(this.failover, from, heard)) report(this.out, from);
    this.tree?.heard(from, payload, runs);
    this.armFailover();
  }

  private peer(id: NodeId): PeerState {
    return this.peers.get(id) ?? this.peers.set(id, createPeerState()).get(id)!;
  }

  /** What a restarted peer lacks now is sent by the next push or, if all is quiet, the next repair. */
  private restarted(from: NodeId): void {
    this.options.logger.log(`${from} restarted (new incarnation): forgetting what it held`);
    forgetKnowledge(this.peer(from));
    if (this.failover) fo.forgetPeer(this.failover, from);
    this.tree?.forget(from);
    this.antiEntropy.arm(this.timing.quietMs);
  }

  private lost(from: NodeId): void {
    this.options.logger.log(`a push to ${from} was lost; resending`);
    const decisions = this.failover ? fo.noteLoss(this.failover, from, this.peer(from).losses, this.options.clock.now()) : [];
    if (decisions.length > 0) this.act(decisions);
    else this.schedulePush(from);
  }

  // ---- pushes
  private view(): OverlayView {
    const f = this.failover;
    const [parent, children, grafted] = [f && fo.parentOf(f), f ? fo.servedPeers(f) : [], this.tree ? [...this.tree.links.grafted] : []];
    return { self: this.options.self, peers: this.others, neighbours: this.neighbours, parent, children, grafted };
  }

  private changed(change: Change): void {
    this.tree?.changed();
    this.pushChanges(change);
    this.antiEntropy.armQuiet();
    this.armFailover();
  }

  private pushChanges(change: Change): void {
    const plan = this.options.overlay.targets(change, this.view());
    for (const peer of plan.now) push(this.out, peer);
    for (const peer of plan.batched) this.schedulePush(peer);
    for (const peer of plan.up ?? []) this.schedulePush(peer, this.options.overlay.upMs);
    for (const peer of plan.fallback ?? []) this.tree?.fallback(peer);
  }

  /** Pushes at once when the link has been idle for its interval, otherwise once it has. */
  private schedulePush(peerId: NodeId, batchMs = this.options.overlay.batchMs): void {
    const name = `push ${peerId}`;
    if (this.timers.has(name)) return;
    const interval = this.failover ? fo.linkIntervalMs(this.failover, peerId, batchMs, this.timing.maxBackoffMs) : batchMs;
    const wait = this.peer(peerId).lastSendAt + interval - this.options.clock.now();
    if (wait <= 0) push(this.out, peerId);
    else this.timers.set(name, wait, () => push(this.out, peerId));
  }

  // ---- failover: it decides, we act

  private act(decisions: readonly fo.FailoverDecision[]): void {
    const { logger, clock } = this.options;
    for (const d of decisions) {
      if (d.type === 'suspected') logger.log(`${d.peer} does not answer: suspected`);
      if (d.type === 'suspected') patienceTimedOut(this.peer(d.peer).patience, clock.now());
      if (d.type === 'cleared') logger.log(`${d.peer} answered a probe: no longer suspected`);
      if (d.type === 'probe') exchange(this.out, d.peer, { basis: 'none', ack: true });
      if (d.type === 'hub-changed') this.hubChanged(d.before, d.after);
    }
    this.armFailover();
  }

  /** The old hub, if it still hears us, learns it lost us. The new one gets what it lacks, and
   *  must answer: its last word from us may name another hub (a probe we sent as a root), and a
   *  hub leaves such peers out of its batches, so a lost word is caught as a silent hub is. A hub
   *  we never measured is expected to be as slow as the one we leave. */
  private hubChanged(before: NodeId, after: NodeId): void {
    const { self, logger } = this.options;
    const f = this.failover!;
    logger.log(`hub ${before} -> ${after}`);
    if (before !== self && !fo.isSuspected(f, before)) report(this.out, before);
    if (before !== self && after !== self) inheritPatience(this.peer(after).patience, this.peer(before).patience);
    this.pushChanges({ local: false });
    if (after !== self && !f.awaiting.has(after)) exchange(this.out, after, { basis: 'assumed', ack: true });
    this.antiEntropy.armQuiet();
  }

  /** One timer for everything failover awaits: the earliest answer due, the next probe. */
  private armFailover(): void {
    const next = this.failover && this.running ? fo.nextFailoverDue(this.failover) : undefined;
    if (next === undefined) return this.timers.clear('failover');
    if (this.timers.due('failover') === next) return;
    this.timers.set('failover', next - this.options.clock.now(), () => this.act(fo.failoverDue(this.failover!, this.options.clock.now())));
  }
}
