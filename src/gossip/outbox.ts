// Every gossip message a node sends, composed from what it knows of the peer: a push of what the
// peer lacks as far as we assume, a push-pull, an answer to a pull, a bare state vector. Each
// carries our state vector, incarnation and hub, is recorded in the peer's knowledge (a send
// with data stays outstanding until a report covers it) and in failover (what we told the peer,
// which answers we now await). Free functions over the Replicator's parts.
import { covers, type StateVector } from '../crdt/state-vector.js';
import type { ReplicatedStore } from '../crdt/store.js';
import type { Body, NodeId } from '../maelstrom/message.js';
import { expectAnswer, hubOf, noteTransmit, parentOf, type Failover } from './failover.js';
import { lacks, recordSend, type PeerState } from './peers.js';
import { encodeGossip, type GossipPayload, type GossipTexts } from './protocol.js';

/** The node service a replicator sends with: the runtime implements it. */
export interface ReplicatorNet {
  send(dest: NodeId, body: Body): void;
}

export interface Outbox {
  store: ReplicatedStore;
  net: ReplicatorNet;
  incarnation: number;
  peer(id: NodeId): PeerState;
  failover: Failover | undefined;
  now(): number;
  /** Base64 of the store's state vectors and diffs, written once each (protocol.ts). */
  texts?: GossipTexts;
}

/** A push-pull: what the peer lacks (against what it confirmed, what we assume, or assuming
 *  nothing new), a request for what we lack, and, with `ack`, for an answer in any case. */
export interface Exchange {
  basis: 'confirmed' | 'assumed' | 'none';
  ack: boolean;
}

/** What the peer lacks as far as we assume, or a bare state vector when we owe it an answer. */
export function push(out: Outbox, peerId: NodeId): void {
  const peer = out.peer(peerId);
  const ours = out.store.stateVector();
  const lacking = lacks(peer, ours);
  const f = out.failover;
  if (!lacking && !f?.owed.has(peerId)) return;
  const update = lacking ? out.store.diff(peer.assumed) : undefined;
  transmit(out, peerId, ours, { update });
  // A child hears from its hub within its patience, or suspects it.
  if (update && f?.acksChildren && peerId === parentOf(f)) expectAnswer(f, peerId, out.now());
}

export function exchange(out: Outbox, peerId: NodeId, how: Exchange, extra: Partial<GossipPayload> = {}): void {
  const peer = out.peer(peerId);
  const ours = out.store.stateVector();
  const basis = how.basis === 'confirmed' ? peer.confirmed : peer.assumed;
  const update = how.basis !== 'none' && !covers(basis, ours) ? out.store.diff(basis) : undefined;
  transmit(out, peerId, ours, { ...extra, update, pull: true, ack: how.ack || undefined });
  if (how.ack && out.failover) expectAnswer(out.failover, peerId, out.now());
}

/** Answers a pull with what the puller lacks by its own state vector (an ack needs an answer anyway). */
export function answer(out: Outbox, peerId: NodeId, pull: GossipPayload): void {
  const ours = out.store.stateVector();
  const lacking = !covers(pull.stateVector, ours);
  if (!lacking && !pull.ack) return;
  transmit(out, peerId, ours, { update: lacking ? out.store.diff(pull.stateVector) : undefined, reply: true });
}

/** Our bare state vector (and hub): an acknowledgement, an announcement or a prune. */
export function report(out: Outbox, peerId: NodeId, extra: Partial<GossipPayload> = {}): void {
  transmit(out, peerId, out.store.stateVector(), extra);
}

function transmit(out: Outbox, peerId: NodeId, ours: StateVector, extra: Partial<GossipPayload>): void {
  const peer = out.peer(peerId);
  const now = out.now();
  if (extra.update) recordSend(peer, ours, now);
  peer.lastSendAt = now;
  const f = out.failover;
  if (f) noteTransmit(f, peerId, extra.update !== undefined);
  out.net.send(peerId, encodeGossip({ ...extra, stateVector: ours, incarnation: out.incarnation, hub: f ? hubOf(f) : undefined }, out.texts));
}
