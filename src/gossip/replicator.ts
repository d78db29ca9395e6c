// Replication of one store over an overlay, on the injected clock. Pushes ship diffs against
// what each peer is assumed to hold, batched per link; state vectors on every message serve as
// acknowledgements, so a lost push is detected and resent without acks of its own. When a node
// goes quiet it settles with its anchor (or with each peer it has unconfirmed sends to) by a
// `sync` RPC retried with backoff, which repairs whatever partitions dropped and costs nothing
// when nothing was lost and every send was already confirmed.
import type { ReplicatedStore } from '../crdt/store.js';
import { InvalidUpdateError } from '../crdt/store.js';
import { covers, type StateVector } from '../crdt/state-vector.js';
import type { Clock } from '../maelstrom/clock.js';
import { MaelstromError, errorCodes, malformed } from '../maelstrom/errors.js';
import type { Logger } from '../maelstrom/log.js';
import type { Body, Message, NodeId } from '../maelstrom/message.js';
import type { RpcResult } from '../maelstrom/node.js';
import type { Overlay } from './overlay.js';
import {
  forgetCoveredSends,
  createPeerState,
  lacks,
  recordReport,
  recordSend,
  type PeerState,
} from './peers.js';
import { decodeGossip, encodeGossip, gossipTypes, type GossipPayload } from './protocol.js';

export interface ReplicatorTiming {
  /** A report this long after a send that still lacks it proves the send lost. */
  graceMs: number;
  /** Quiet time after the last change before settling. */
  quietMs: number;
  /** First retry delay of a failed settle; doubles up to maxBackoffMs. */
  retryMs: number;
  maxBackoffMs: number;
  /** Timeout of one sync RPC. */
  syncTimeoutMs: number;
}

export const defaultTiming: ReplicatorTiming = {
  graceMs: 600,
  quietMs: 700,
  retryMs: 1000,
  maxBackoffMs: 3000,
  syncTimeoutMs: 1000,
};

/** The node services a replicator uses: the runtime implements them. */
export interface ReplicatorNet {
  send(dest: NodeId, body: Body): void;
  rpc(dest: NodeId, body: Body, timeoutMs: number, callback: (result: RpcResult) => void): void;
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

export class Replicator {
  private readonly peers = new Map<NodeId, PeerState>();
  private readonly scheduledPush = new Map<NodeId, () => void>();
  private readonly members: Set<NodeId>;
  private overlay: Overlay;
  private readonly timing: ReplicatorTiming;
  private cancelSettle: (() => void) | undefined;
  private settling = 0;
  private failures = 0;
  private running = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ReplicatorOptions) {
    this.overlay = options.overlay;
    this.timing = { ...defaultTiming, ...options.timing };
    this.members = new Set(options.nodeIds.filter((n) => n !== options.self));
    for (const peer of this.members) this.peers.set(peer, createPeerState());
  }

  get overlayName(): string {
    return this.overlay.name;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.store.onChange(({ local }) => this.changed(local));
    // A store that starts with data (recovered from disk after a restart) settles once quiet, so
    // what only this node kept reaches its peers even when nothing new is written.
    if (this.options.store.stateVector().size > 0) this.armSettle(this.timing.quietMs);
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    for (const cancel of this.scheduledPush.values()) cancel();
    this.scheduledPush.clear();
    this.cancelSettle?.();
    this.cancelSettle = undefined;
  }

  setOverlay(overlay: Overlay): void {
    this.overlay = overlay;
  }

  isMember(id: NodeId): boolean {
    return this.members.has(id);
  }

  /** Handles a `gossip` push. Throws MaelstromError (malformed) on a bad payload. */
  handlePush(message: Message): void {
    const payload = this.accept(message);
    this.receive(message.src, payload);
  }

  /** Handles a `sync` request: applies it and returns the `sync_ok` reply body. */
  handleSync(message: Message): Body {
    const payload = this.accept(message);
    this.receive(message.src, payload);
    const ours = this.options.store.stateVector();
    const peer = this.peer(message.src);
    const update = covers(payload.stateVector, ours) ? undefined : this.options.store.diff(payload.stateVector);
    if (update) recordSend(peer, ours, this.options.clock.now());
    return encodeGossip(gossipTypes.syncOk, { stateVector: ours, update });
  }

  /** Validates sender and payload before anything touches the store. */
  private accept(message: Message): GossipPayload {
    if (!this.members.has(message.src)) {
      throw new MaelstromError(errorCodes.notSupported.code, `gossip from ${message.src}, which is not a cluster member`);
    }
    try {
      return decodeGossip(message.body);
    } catch (e) {
      throw malformed((e as Error).message);
    }
  }

  private receive(from: NodeId, payload: GossipPayload): void {
    if (payload.update) {
      // Validate before anything else so a corrupt payload changes nothing, not even our
      // knowledge of the peer.
      try {
        this.options.store.validate(payload.update);
      } catch (e) {
        if (e instanceof InvalidUpdateError) throw malformed(e.message);
        throw e;
      }
    }
    // The report first: the change event of the apply below pushes to this peer only what its
    // state vector does not already cover.
    const peer = this.peer(from);
    const lost = recordReport(peer, payload.stateVector, this.options.clock.now(), this.timing.graceMs);
    if (payload.update) {
      try {
        this.options.store.apply(payload.update, from);
      } catch (e) {
        if (e instanceof InvalidUpdateError) throw malformed(e.message);
        throw e;
      }
    }
    if (lost) {
      this.options.logger.log(`push to ${from} was lost; resending`);
      this.schedulePush(from);
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

  private changed(local: boolean): void {
    if (!this.running) return;
    for (const target of this.overlay.targets(local ? 'local' : 'remote')) this.schedulePush(target);
    // The anchor waits longer, so the others' settles (which carry their fresh state vectors)
    // reach it first and it repairs only what is really missing.
    this.armSettle(this.overlay.isAnchor ? this.timing.quietMs + this.timing.graceMs : this.timing.quietMs);
  }

  /** Sends at once when the link has been idle for its interval, otherwise once it has. */
  private schedulePush(peerId: NodeId): void {
    if (this.scheduledPush.has(peerId)) return;
    const peer = this.peer(peerId);
    const due = peer.lastSendAt + this.overlay.linkIntervalMs(peerId);
    const now = this.options.clock.now();
    if (due <= now) {
      this.push(peerId);
      return;
    }
    const cancel = this.options.clock.setTimer(due - now, () => {
      this.scheduledPush.delete(peerId);
      if (this.running) this.push(peerId);
    });
    this.scheduledPush.set(peerId, cancel);
  }

  private push(peerId: NodeId): void {
    const peer = this.peer(peerId);
    const ours = this.options.store.stateVector();
    if (!lacks(peer, ours)) return;
    const update = this.options.store.diff(peer.assumed);
    recordSend(peer, ours, this.options.clock.now());
    this.options.net.send(peerId, encodeGossip(gossipTypes.push, { stateVector: ours, update }));
  }

  private armSettle(delayMs: number): void {
    this.cancelSettle?.();
    this.cancelSettle = this.options.clock.setTimer(delayMs, () => {
      this.cancelSettle = undefined;
      this.settle();
    });
  }

  /** Which peers to settle with now, and whether the work is done. */
  private settleTargets(ours: StateVector): NodeId[] {
    const { anchor, isAnchor } = this.overlay;
    const owing = [...this.peers].filter(([, p]) => p.outstanding.length > 0).map(([id]) => id);
    if (anchor !== undefined) {
      const anchorState = this.peer(anchor);
      return owing.length > 0 || !covers(anchorState.confirmed, ours) ? [anchor] : [];
    }
    if (isAnchor) {
      // The anchor answers for everyone: repair each peer whose last word shows it behind.
      return [...this.peers].filter(([, p]) => p.outstanding.length > 0 || !covers(p.confirmed, ours)).map(([id]) => id);
    }
    return owing;
  }

  private settle(): void {
    if (!this.running || this.settling > 0) return;
    const ours = this.options.store.stateVector();
    let targets = this.settleTargets(ours);
    if (targets.length === 0) {
      this.failures = 0;
      return;
    }
    // Route around an anchor that has not answered twice: settle with a random peer too, which
    // passes our data on when it next settles.
    if (this.overlay.anchor !== undefined && this.failures >= 2 && this.members.size > 1) {
      const others = [...this.members].filter((m) => m !== this.overlay.anchor);
      targets = [...targets, others[Math.floor(this.options.random() * others.length)]];
    }
    let failed = false;
    this.settling = targets.length;
    for (const target of targets) {
      const peer = this.peer(target);
      // Diff against what the peer confirmed: a sync is the reliable path, assume nothing.
      const update = covers(peer.confirmed, ours) ? undefined : this.options.store.diff(peer.confirmed);
      const body = encodeGossip(gossipTypes.sync, { stateVector: ours, update });
      this.options.net.rpc(target, body, this.timing.syncTimeoutMs, (result) => {
        if (result.ok) {
          try {
            this.receive(target, decodeGossip(result.body));
            this.settled(target, ours);
          } catch (e) {
            this.options.logger.log(`bad sync_ok from ${target}: ${(e as Error).message}`);
            failed = true;
          }
        } else {
          failed = true;
        }
        if (--this.settling === 0) this.afterSettle(failed);
      });
    }
  }

  private settled(target: NodeId, sent: StateVector): void {
    if (target !== this.overlay.anchor || !covers(this.peer(target).confirmed, sent)) return;
    // The anchor holds all we had when the sync left: it answers for those sends from here on.
    for (const state of this.peers.values()) forgetCoveredSends(state, sent);
  }

  private afterSettle(failed: boolean): void {
    if (!this.running) return;
    this.failures = failed ? this.failures + 1 : 0;
    const ours = this.options.store.stateVector();
    if (this.settleTargets(ours).length === 0 && !failed) return;
    const backoff = failed ? Math.min(this.timing.maxBackoffMs, this.timing.retryMs * 2 ** (this.failures - 1)) : this.timing.quietMs;
    if (!this.cancelSettle) this.armSettle(backoff);
  }
}
