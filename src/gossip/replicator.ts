// Replication of one store over an overlay, on the injected clock. Pushes ship diffs against
// what each peer is assumed to hold, batched per link; state vectors on every message serve as
// acknowledgements, so a lost push is detected and resent without acks of its own.
// Hubbed overlays elect a hub with failover (hub.ts): a child that hears nothing from its hub
// within `suspectMs` of a push suspects it and moves to the next node, and probes it until it
// answers promptly again. Repair is push-pull: a quiet node settles with its hub and the peers it
// serves (repair.ts), joined by random peers while a hub is suspected; the gossip overlay runs
// its push-pull rounds with random neighbours all the time instead.
import type { CheckedUpdate, ReplicatedStore } from '../crdt/store.js';
import { InvalidUpdateError } from '../crdt/store.js';
import { covers, type StateVector } from '../crdt/state-vector.js';
import type { Clock } from '../maelstrom/clock.js';
import { MaelstromError, errorCodes, malformed } from '../maelstrom/errors.js';
import type { Logger } from '../maelstrom/log.js';
import type { Body, Message, NodeId } from '../maelstrom/message.js';
import { sampleAnswerTime } from './answer-time.js';
import { clearSuspicion, childrenOf, createHubState, forgetBeyondHub, hasProbeTargets, hubOf, probeTarget, suspect, type HubState } from './hub.js';
import type { Overlay, OverlayView } from './overlay.js';
import { pickRandom } from './peer-choice.js';
import { createPeerState, forgetCoveredSends, lacks, observeIncarnation, patienceMs, recordReport, recordSend, type PeerState } from './peers.js';
import { decodeGossip, encodeGossip, type GossipPayload } from './protocol.js';
import { planRepair } from './repair.js';

export interface ReplicatorTiming {
  /** A report this long after a send that still lacks it proves the send lost. */
  graceMs: number;
  /** Quiet time after the last change before repairing. */
  quietMs: number;
  /** First retry of an unsettled repair; doubles up to maxBackoffMs. */
  retryMs: number;
  maxBackoffMs: number;
  /** A hub silent this long after a push beyond its batch interval is suspected, at least (the
   *  wait grows with how long its answers have been taking: answer-time.ts). */
  suspectSlackMs: number;
  /** Time between two probes of suspected hubs. */
  probeMs: number;
}

export const defaultTiming: ReplicatorTiming = {
  graceMs: 600,
  quietMs: 700,
  retryMs: 1000,
  maxBackoffMs: 3000,
  suspectSlackMs: 500,
  probeMs: 1000,
};

/** The node service a replicator uses: the runtime implements it. */
export interface ReplicatorNet {
  send(dest: NodeId, body: Body): void;
}

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

/** Unanswered pushes a root that took over sends a stranger before backing off. */
const unansweredBeforeBackoff = 3;

interface Exchange {
  /** Diff against what the peer confirmed (repair: assume nothing) or assumed (rounds). */
  basis: 'confirmed' | 'assumed' | 'none';
  ack: boolean;
}

export class Replicator {
  private readonly peers = new Map<NodeId, PeerState>();
  private readonly members: Set<NodeId>;
  private readonly others: NodeId[];
  private neighbours: NodeId[];
  private readonly timing: ReplicatorTiming;
  private readonly incarnation: number;
  private readonly hub: HubState | undefined;
  private readonly batchTimers = new Map<NodeId, () => void>();
  /** Peers we await an answer from, with the time of the send that asked for it. */
  private readonly awaiting = new Map<NodeId, { since: number; cancel: () => void }>();
  /** Suspicions in a row with no answer from a hub between: each doubles the next wait. When
   *  hub after hub seems silent, this node (or the whole machine) is more likely slow than they
   *  are all gone, and moving on faster would only add load. */
  private suspicionStreak = 0;
  private cancelRepair: (() => void) | undefined;
  private cancelProbe: (() => void) | undefined;
  private cancelRound: (() => void) | undefined;
  private failures = 0;
  private running = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ReplicatorOptions) {
    this.timing = { ...defaultTiming, ...options.timing };
    this.others = options.nodeIds.filter((n) => n !== options.self);
    this.members = new Set(this.others);
    this.neighbours = this.others;
    this.incarnation = Math.floor(options.random() * 0x1_0000_0000);
    this.hub = options.overlay.hubbed ? createHubState(options.self, options.nodeIds) : undefined;
    for (const peer of this.others) this.peers.set(peer, createPeerState());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.store.onChange(({ local }) => this.changed(local));
    const { rounds } = this.options.overlay;
    if (rounds) this.armRound(this.options.random() * rounds.roundMs);
    // A node that starts quiet still announces itself (a restarted one must be found out).
    else this.armRepair(this.timing.quietMs);
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    for (const cancel of this.batchTimers.values()) cancel();
    this.batchTimers.clear();
    for (const { cancel } of this.awaiting.values()) cancel();
    this.awaiting.clear();
    for (const cancel of [this.cancelRepair, this.cancelProbe, this.cancelRound]) cancel?.();
    this.cancelRepair = this.cancelProbe = this.cancelRound = undefined;
  }

  /** Maelstrom's suggested neighbours (the topology and gossip overlays use them). */
  setNeighbours(neighbours: readonly NodeId[]): void {
    const known = neighbours.filter((n) => this.members.has(n));
    this.neighbours = known.length > 0 ? known : this.others;
  }

  /** Handles a `gossip` message. Throws MaelstromError (malformed) on a bad payload. */
  handleGossip(message: Message): void {
    const { payload, update } = this.accept(message);
    const from = message.src;
    const peer = this.peer(from);
    const standing = observeIncarnation(peer, payload.incarnation);
    if (standing === 'retired') {
      // A late message from before the peer restarted: its data is still good, its knowledge is not.
      if (update) this.apply(update, from);
      return;
    }
    if (standing === 'new') this.restarted(from);
    const lost = recordReport(peer, payload.stateVector, this.options.clock.now(), this.graceMs(from));
    peer.unanswered = 0;
    this.heard(from, payload);
    if (payload.update && payload.hub === this.options.self && !payload.reply && this.options.overlay.acksChildren) peer.ackOwed = true;
    // The report first: the change event of the apply below pushes to this peer only what its
    // state vector does not already cover.
    if (update) this.apply(update, from);
    if (payload.pull || payload.ack) this.answer(from, payload);
    if (lost) this.lost(from);
    if (peer.ackOwed) this.schedulePush(from);
    this.pruneIfServed(from, payload);
  }

  /** Validates sender and payload (the update once: apply trusts the check) before anything
   *  touches the store or our knowledge. */
  private accept(message: Message): { payload: GossipPayload; update?: CheckedUpdate } {
    if (!this.members.has(message.src)) {
      throw new MaelstromError(errorCodes.notSupported.code, `gossip from ${message.src}, which is not a cluster member`);
    }
    let payload: GossipPayload;
    let update: CheckedUpdate | undefined;
    try {
      payload = decodeGossip(message.body);
      if (payload.update) update = this.options.store.validate(payload.update);
    } catch (e) {
      throw malformed((e as Error).message);
    }
    // A hub we do not know of tells us nothing.
    if (payload.hub !== undefined && !this.members.has(payload.hub) && payload.hub !== this.options.self) delete payload.hub;
    return { payload, update };
  }

  private apply(update: CheckedUpdate, from: NodeId): void {
    try {
      this.options.store.apply(update, from);
    } catch (e) {
      if (e instanceof InvalidUpdateError) throw malformed(e.message);
      throw e;
    }
  }

  private peer(id: NodeId): PeerState {
    let state = this.peers.get(id);
    if (!state) {
      state = createPeerState();
      this.peers.set(id, state);
    }
    return state;
  }

  private restarted(from: NodeId): void {
    this.options.logger.log(`${from} restarted (new incarnation): forgetting what it held`);
    this.awaiting.get(from)?.cancel();
    this.awaiting.delete(from);
    // What it lacks now is sent by the next push or, if all is quiet, by the next repair.
    if (!this.options.overlay.rounds) this.armRepair(this.timing.quietMs);
  }

  /** Notes what a message tells about its sender: alive, its hub, whether it answered a probe. */
  private heard(from: NodeId, payload: GossipPayload): void {
    const waited = this.awaiting.get(from);
    if (waited) {
      waited.cancel();
      this.awaiting.delete(from);
      sampleAnswerTime(this.peer(from).answerTime, this.options.clock.now() - waited.since);
      this.suspicionStreak = 0;
    }
    if (payload.hub !== undefined) this.peer(from).hub = payload.hub;
    const suspicion = this.hub?.suspects.get(from);
    if (!this.hub || !suspicion) return;
    // Suspected, yet it speaks: it was slow, not gone. Wait longer for it from now on.
    if (!suspicion.alarmCounted) {
      suspicion.alarmCounted = true;
      this.peer(from).falseAlarms++;
    }
    if (!payload.reply) return;
    // Only a prompt answer to a probe brings a hub back: a slow one would be suspected again.
    if (this.options.clock.now() - suspicion.probedAt <= this.suspectMs(from)) {
      const before = hubOf(this.hub);
      clearSuspicion(this.hub, from);
      this.options.logger.log(`${from} answered a probe: no longer suspected`);
      this.hubChanged(before);
    }
  }

  private lost(from: NodeId): void {
    this.options.logger.log(`a push to ${from} was lost; resending`);
    const peer = this.peer(from);
    // Two losses in a row to our hub: it hears us no more (one-way partitions), move on.
    if (this.hub && from === this.parent() && peer.losses >= 2) return this.suspectPeer(from);
    if (!this.options.overlay.rounds) this.schedulePush(from);
  }

  /** A peer that believes we serve it, while we push to another hub, is told our hub once. */
  private pruneIfServed(from: NodeId, payload: GossipPayload): void {
    if (!this.hub || !this.options.overlay.acksChildren || payload.reply || payload.update === undefined) return;
    const peer = this.peer(from);
    const ours = hubOf(this.hub);
    if (from !== ours && peer.told !== ours && !this.hub.suspects.has(from)) this.report(from);
  }

  // ---- pushes

  private parent(): NodeId | undefined {
    if (!this.hub) return undefined;
    const hub = hubOf(this.hub);
    return hub === this.options.self ? undefined : hub;
  }

  private view(): OverlayView {
    return {
      self: this.options.self,
      peers: this.others,
      neighbours: this.neighbours,
      parent: this.parent(),
      children: this.hub ? childrenOf(this.hub, (id) => this.peers.get(id)?.hub) : [],
    };
  }

  private changed(local: boolean): void {
    if (!this.running) return;
    this.pushChanges(local);
    if (!this.options.overlay.rounds) this.armRepair(this.quietDelay());
  }

  private pushChanges(local: boolean): void {
    const plan = this.options.overlay.targets(local ? 'local' : 'remote', this.view());
    for (const peer of plan.now) this.push(peer);
    for (const peer of plan.batched) this.schedulePush(peer);
  }

  /** Pushes at once when the link has been idle for the batch interval, otherwise once it has. */
  private schedulePush(peerId: NodeId): void {
    if (this.batchTimers.has(peerId)) return;
    const due = this.peer(peerId).lastSendAt + this.linkIntervalMs(peerId);
    const now = this.options.clock.now();
    if (due <= now) return this.push(peerId);
    const cancel = this.options.clock.setTimer(due - now, () => {
      this.batchTimers.delete(peerId);
      if (this.running) this.push(peerId);
    });
    this.batchTimers.set(peerId, cancel);
  }

  /**
   * The batch interval, except from a root that took over from a failed hub to a peer that never
   * chose it and has not answered its last pushes: such a peer is most likely cut off (or served
   * by the first hub on the other side of a partition), so the link backs off to maxBackoffMs.
   * A peer that does need us relays our first push to its failed hub, suspects it, and chooses us.
   */
  private linkIntervalMs(peerId: NodeId): number {
    const { batchMs, acksChildren } = this.options.overlay;
    const peer = this.peer(peerId);
    const backoff = peer.unanswered - unansweredBeforeBackoff;
    if (!acksChildren || !this.hub || backoff <= 0 || peer.hub === this.options.self) return batchMs;
    if (this.parent() !== undefined || this.options.nodeIds[0] === this.options.self) return batchMs;
    return Math.min(this.timing.maxBackoffMs, Math.max(batchMs, 1) * 2 ** backoff);
  }

  /** What the peer lacks as far as we assume, or a bare state vector when we owe it an answer. */
  private push(peerId: NodeId): void {
    const peer = this.peer(peerId);
    const ours = this.options.store.stateVector();
    const lacking = lacks(peer, ours);
    if (!lacking && !peer.ackOwed) return;
    const update = lacking ? this.options.store.diff(peer.assumed) : undefined;
    this.transmit(peerId, ours, { update });
    if (update && peerId === this.parent() && this.options.overlay.acksChildren) this.expectAnswer(peerId);
  }

  /** Every message leaves here: our state vector, incarnation and hub go with it. */
  private transmit(peerId: NodeId, ours: StateVector, extra: Partial<GossipPayload>): void {
    const peer = this.peer(peerId);
    const now = this.options.clock.now();
    if (extra.update) {
      recordSend(peer, ours, now);
      peer.unanswered++;
    }
    peer.lastSendAt = now;
    peer.ackOwed = false;
    const hub = this.hub ? hubOf(this.hub) : undefined;
    peer.told = hub;
    this.options.net.send(peerId, encodeGossip({ ...extra, stateVector: ours, incarnation: this.incarnation, hub }));
  }

  /** A push-pull: what the peer lacks, and a request for what we lack. */
  private exchange(peerId: NodeId, how: Exchange): void {
    const peer = this.peer(peerId);
    const ours = this.options.store.stateVector();
    const basis = how.basis === 'confirmed' ? peer.confirmed : peer.assumed;
    const update = how.basis !== 'none' && !covers(basis, ours) ? this.options.store.diff(basis) : undefined;
    this.transmit(peerId, ours, { update, pull: true, ack: how.ack || undefined });
    if (how.ack) this.expectAnswer(peerId);
  }

  /** Answers a pull with what the puller lacks by its own state vector (an ack needs an answer anyway). */
  private answer(peerId: NodeId, payload: GossipPayload): void {
    const ours = this.options.store.stateVector();
    const lacking = !covers(payload.stateVector, ours);
    if (!lacking && !payload.ack) return;
    this.transmit(peerId, ours, { update: lacking ? this.options.store.diff(payload.stateVector) : undefined, reply: true });
  }

  /** Our bare state vector (and hub): an acknowledgement, an announcement or a prune. */
  private report(peerId: NodeId): void {
    this.transmit(peerId, this.options.store.stateVector(), {});
  }

  // ---- hub failover

  private suspectMs(peerId: NodeId): number {
    const base = patienceMs(this.peer(peerId), this.options.overlay.batchMs + this.timing.suspectSlackMs);
    return base * this.streakFactor();
  }

  /** Losses to our hub count towards suspecting it (one-way partitions), so they wait as long. */
  private graceMs(peerId: NodeId): number {
    return peerId === this.parent() ? this.timing.graceMs * this.streakFactor() : this.timing.graceMs;
  }

  private streakFactor(): number {
    return 2 ** Math.min(this.suspicionStreak, 4);
  }

  /** Suspects the peer if nothing at all comes back from it within suspectMs. */
  private expectAnswer(peerId: NodeId): void {
    if (this.awaiting.has(peerId)) return;
    const since = this.options.clock.now();
    const cancel = this.options.clock.setTimer(this.suspectMs(peerId), () => {
      this.awaiting.delete(peerId);
      if (this.running && this.hub && peerId === this.parent()) this.suspectPeer(peerId);
    });
    this.awaiting.set(peerId, { since, cancel });
  }

  private suspectPeer(peerId: NodeId): void {
    if (!this.hub) return;
    const before = hubOf(this.hub);
    suspect(this.hub, peerId, this.options.clock.now());
    this.suspicionStreak++;
    this.options.logger.log(`${peerId} does not answer: suspected`);
    this.hubChanged(before);
  }

  private hubChanged(before: NodeId): void {
    if (!this.hub) return;
    forgetBeyondHub(this.hub);
    const after = hubOf(this.hub);
    this.armProbe();
    if (after === before) return;
    this.options.logger.log(`hub ${before} -> ${after}`);
    // The old hub, if it still hears us, learns it no longer serves us.
    if (before !== this.options.self && !this.hub.suspects.has(before)) this.report(before);
    // The new hub gets what it lacks at once; as a root, the peers we now serve get batches.
    this.pushChanges(false);
    this.announceTo(this.parent());
    if (!this.options.overlay.rounds) this.armRepair(this.quietDelay());
  }

  /**
   * A hub we moved to (back) must hear that it serves us, and we must know it heard: the last
   * word it had from us may name another hub (a probe we sent while a root), and it leaves peers
   * with another hub out of its batches and its repair, so a lost announcement would cut us off
   * for good (from its batches, and from the repair that answers for the direct pushes of the
   * fast profile). A push with data to the hub already awaits an answer; otherwise a push-pull
   * that must be answered, whose loss is caught as any silent hub's is (suspicion, probe,
   * announce again).
   */
  private announceTo(hub: NodeId | undefined): void {
    if (hub === undefined || this.awaiting.has(hub)) return;
    this.exchange(hub, { basis: 'assumed', ack: true });
  }

  private armProbe(): void {
    if (this.cancelProbe || !this.hub || !hasProbeTargets(this.hub)) return;
    this.cancelProbe = this.options.clock.setTimer(this.timing.probeMs, () => {
      this.cancelProbe = undefined;
      if (!this.running || !this.hub) return;
      const target = probeTarget(this.hub, this.options.clock.now(), this.timing.probeMs);
      if (target !== undefined) {
        this.hub.suspects.get(target)!.probedAt = this.options.clock.now();
        this.exchange(target, { basis: 'none', ack: true });
      }
      this.armProbe();
    });
  }

  // ---- repair and rounds

  private quietDelay(): number {
    // A root waits longer, so the others' reports (fresh state vectors) reach it first and it
    // repairs only what is really missing.
    return this.hub && this.parent() === undefined ? this.timing.quietMs + this.timing.graceMs : this.timing.quietMs;
  }

  private armRepair(delayMs: number): void {
    this.cancelRepair?.();
    this.cancelRepair = this.options.clock.setTimer(delayMs, () => {
      this.cancelRepair = undefined;
      if (this.running) this.repair();
    });
  }

  private repair(): void {
    const { overlay } = this.options;
    if (overlay.repair === 'rounds') return;
    const ours = this.options.store.stateVector();
    const view = this.view();
    const plan = planRepair({ kind: overlay.repair, ours, parent: view.parent, children: view.children, neighbours: this.neighbours, peer: (id) => this.peer(id), known: this.peers });
    if (plan.hubSettled) this.forgetSendsCoveredBy(view.parent!, view.children);
    for (const id of plan.report) this.report(id);
    for (const id of plan.exchange) this.exchange(id, { basis: 'confirmed', ack: true });
    if (plan.exchange.length === 0) {
      this.failures = 0;
      return;
    }
    // While a hub is suspected the tree may be broken anywhere: random peers join the repair.
    if (this.hub && this.hub.suspects.size > 0 && overlay.repairPeers > 0) {
      const candidates = this.others.filter((id) => !this.hub!.suspects.has(id) && !plan.exchange.includes(id));
      for (const id of pickRandom(this.options.random, candidates, overlay.repairPeers)) this.exchange(id, { basis: 'assumed', ack: false });
    }
    this.armRepair(Math.min(this.timing.maxBackoffMs, this.timing.retryMs * 2 ** this.failures++));
  }

  /** Our hub holds all we have: it answers for what we sent anyone but the peers we serve. */
  private forgetSendsCoveredBy(hub: NodeId, children: readonly NodeId[]): void {
    const upTo = this.peer(hub).confirmed;
    for (const [id, state] of this.peers) if (id !== hub && !children.includes(id)) forgetCoveredSends(state, upTo);
  }

  private armRound(delayMs: number): void {
    this.cancelRound = this.options.clock.setTimer(delayMs, () => {
      this.cancelRound = undefined;
      if (!this.running) return;
      this.round();
      this.armRound(this.options.overlay.rounds!.roundMs);
    });
  }

  /** One gossip round: push-pull with k random neighbours. */
  private round(): void {
    const k = this.options.overlay.rounds!.peers;
    for (const id of pickRandom(this.options.random, this.neighbours, k)) this.exchange(id, { basis: 'assumed', ack: false });
  }
}
