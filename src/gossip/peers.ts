// What this node knows about each peer, as pure data and free functions.
// `confirmed` is what the peer has told us it holds; `assumed` adds what we have sent it since
// (so the next diff skips what is in flight). A send stays `outstanding` until a report covers
// it, and the wait is the one place answer times are sampled (patience.ts); a report that
// arrives past the peer's patience after a send and still lacks it means the send was lost, and
// we fall back to what was confirmed, so the next push carries it again.
// A peer that restarts comes back with a new incarnation and may have lost what it held: all we
// knew about it is dropped, so nothing is ever believed delivered to a node that lost it.
import { covers, mergeInto, mergeStateVectors, type StateVector } from '../crdt/state-vector.js';
import { createPatience, patienceMs, patienceTimedOut, samplePatience, type Patience } from './patience.js';

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
  /** Reports in a row that proved a send lost. */
  losses: number;
  /** How long the peer takes to confirm what we send: loss detection and suspicion wait for it. */
  patience: Patience;
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
    losses: 0,
    patience: createPatience(),
  };
}

// `confirmed` and `assumed` belong to their PeerState alone (never shared, replaced by copies),
// so merges raise them in place; a send's `upTo` may be the store's shared vector, never modified.
export function recordSend(peer: PeerState, upTo: StateVector, now: number): void {
  mergeInto(peer.assumed, upTo);
  peer.outstanding.push({ at: now, upTo });
  if (peer.outstanding.length > maxOutstanding) {
    const [a, b] = peer.outstanding.splice(0, 2);
    peer.outstanding.unshift({ at: a.at, upTo: mergeStateVectors(a.upTo, b.upTo) });
  }
}

/** Merges a report; returns true when it proves an earlier send was lost: the report came more
 *  than the peer's patience (at least `floorMs`) after the send and still lacks it. */
export function recordReport(peer: PeerState, reported: StateVector, now: number, floorMs: number): boolean {
  mergeInto(peer.confirmed, reported);
  mergeInto(peer.assumed, reported);
  peer.lastReportAt = now;
  const grace = patienceMs(peer.patience, floorMs);
  let lost = false;
  peer.outstanding = peer.outstanding.filter((send) => {
    if (covers(peer.confirmed, send.upTo)) {
      samplePatience(peer.patience, send.at, now);
      return false;
    }
    if (now - send.at > grace) lost = true;
    return true;
  });
  if (lost) {
    // A timeout: the resend that follows is not timed against this loss (Karn).
    patienceTimedOut(peer.patience, now);
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
  peer.losses = 0;
  peer.patience = createPatience();
}
