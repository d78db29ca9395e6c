// What this node knows about each peer, as pure data and free functions.
// `confirmed` is what the peer has told us it holds; `assumed` adds what we have sent it since
// (so the next diff skips what is in flight). A send stays `outstanding` until a report covers
// it; a report that arrives `graceMs` after a send and still lacks it means the send was lost,
// and we fall back to what was confirmed, so the next push carries it again.
// A peer that restarts comes back with a new incarnation and may have lost what it held: all we
// knew about it is dropped, so nothing is ever believed delivered to a node that lost it.
import { covers, mergeStateVectors, type StateVector } from '../crdt/state-vector.js';
import type { NodeId } from '../maelstrom/message.js';
import { answerTimeout, createAnswerTime, sampleAnswerTime, type AnswerTime } from './answer-time.js';

export interface OutstandingSend {
  at: number;
  upTo: StateVector;
}

export interface PeerState {
  confirmed: StateVector;
  assumed: StateVector;
  outstanding: OutstandingSend[];
  /** Clock time of the last message to this peer, for batching. */
  lastSendAt: number;
  /** Clock time of the last report from this peer. */
  lastReportAt: number;
  /** The peer's current incarnation; undefined until its first message. */
  incarnation: number | undefined;
  /** Its earlier incarnations: their late messages still carry valid data, but no knowledge. */
  retired: number[];
  /** The hub the peer last said it pushes to. */
  hub: NodeId | undefined;
  /** The hub we last told this peer we push to. */
  told: NodeId | undefined;
  /** The peer pushed data to us as its hub and has heard nothing from us since. */
  ackOwed: boolean;
  /** Reports in a row that proved a send lost. */
  losses: number;
  /** Pushes with data since the peer's last message. */
  unanswered: number;
  /** How long the peer takes to confirm what we send: loss detection and suspicion wait for it. */
  answerTime: AnswerTime;
  /** Times we suspected the peer and it was alive all along: each doubles our patience. */
  falseAlarms: number;
}

/** Sends kept per peer; older ones merge (keeping the older time), so a peer that never answers costs bounded memory. */
export const maxOutstanding = 16;
const maxRetired = 8;

export function createPeerState(): PeerState {
  return {
    confirmed: new Map(),
    assumed: new Map(),
    outstanding: [],
    lastSendAt: -Infinity,
    lastReportAt: -Infinity,
    incarnation: undefined,
    retired: [],
    hub: undefined,
    told: undefined,
    ackOwed: false,
    losses: 0,
    unanswered: 0,
    answerTime: createAnswerTime(),
    falseAlarms: 0,
  };
}

/** How long to wait for the peer before calling a send lost or the peer silent: learned from its
 *  answers, at least `floorMs`, and doubled for each time the peer proved us wrong (at most 16×). */
export function patienceMs(peer: PeerState, floorMs: number): number {
  return answerTimeout(peer.answerTime, floorMs) * 2 ** Math.min(peer.falseAlarms, 4);
}

export function recordSend(peer: PeerState, upTo: StateVector, now: number): void {
  peer.assumed = mergeStateVectors(peer.assumed, upTo);
  peer.outstanding.push({ at: now, upTo });
  if (peer.outstanding.length > maxOutstanding) {
    const [a, b] = peer.outstanding.splice(0, 2);
    peer.outstanding.unshift({ at: a.at, upTo: mergeStateVectors(a.upTo, b.upTo) });
  }
}

/** Merges a report; returns true when it proves an earlier send was lost: the report came more
 *  than the peer's patience (at least `graceMs`) after the send and still lacks it. */
export function recordReport(peer: PeerState, reported: StateVector, now: number, graceMs: number): boolean {
  peer.confirmed = mergeStateVectors(peer.confirmed, reported);
  peer.assumed = mergeStateVectors(peer.assumed, reported);
  peer.lastReportAt = now;
  const grace = patienceMs(peer, graceMs);
  let lost = false;
  peer.outstanding = peer.outstanding.filter((send) => {
    if (covers(peer.confirmed, send.upTo)) {
      sampleAnswerTime(peer.answerTime, now - send.at);
      return false;
    }
    if (now - send.at > grace) lost = true;
    return true;
  });
  if (lost) {
    peer.assumed = new Map(peer.confirmed);
    peer.outstanding = [];
    peer.losses++;
  } else if (peer.outstanding.length === 0) {
    peer.losses = 0;
  }
  return lost;
}

/** Does the peer (as far as we assume) lack something we hold? */
export function lacks(peer: PeerState, ours: StateVector): boolean {
  return !covers(peer.assumed, ours);
}

/** Has the peer confirmed everything we hold and every send we made? */
export function isSettled(peer: PeerState, ours: StateVector): boolean {
  return peer.outstanding.length === 0 && covers(peer.confirmed, ours);
}

/** Drops the sends that `upTo` accounts for (another node has taken responsibility for them). */
export function forgetCoveredSends(peer: PeerState, upTo: StateVector): void {
  peer.outstanding = peer.outstanding.filter((send) => !covers(upTo, send.upTo));
}

/**
 * Classifies a message's incarnation: `known` (the first one heard counts as known: what we sent
 * before hearing from the peer went to the process that answers now, or is caught by loss
 * detection), `new` (the peer restarted: what we knew about it is reset) or `retired` (a late
 * message from before a restart).
 */
export function observeIncarnation(peer: PeerState, incarnation: number): 'known' | 'new' | 'retired' {
  if (peer.incarnation === undefined) peer.incarnation = incarnation;
  if (peer.incarnation === incarnation) return 'known';
  if (peer.retired.includes(incarnation)) return 'retired';
  peer.retired.push(peer.incarnation);
  if (peer.retired.length > maxRetired) peer.retired.shift();
  peer.incarnation = incarnation;
  forgetKnowledge(peer);
  return 'new';
}

/** Everything we believed the peer holds or owes, gone: the next diff to it starts from nothing. */
export function forgetKnowledge(peer: PeerState): void {
  peer.confirmed = new Map();
  peer.assumed = new Map();
  peer.outstanding = [];
  peer.hub = undefined;
  peer.told = undefined;
  peer.ackOwed = false;
  peer.losses = 0;
  peer.unanswered = 0;
  peer.answerTime = createAnswerTime();
  peer.falseAlarms = 0;
}
