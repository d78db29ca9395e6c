// What this node knows about each peer's state, as pure data and free functions.
// `confirmed` is what the peer has told us it holds; `assumed` adds what we have sent it since
// (so the next diff skips what is in flight). A send stays `outstanding` until a report covers
// it; a report that arrives `graceMs` after a send and still lacks it means the send was lost,
// and we fall back to what was confirmed, so the next push carries it again.
import { covers, mergeStateVectors, type StateVector } from '../crdt/state-vector.js';

export interface OutstandingSend {
  at: number;
  upTo: StateVector;
}

export interface PeerState {
  confirmed: StateVector;
  assumed: StateVector;
  outstanding: OutstandingSend[];
  /** Clock time of the last push to this peer, for batching. */
  lastSendAt: number;
  /** Clock time of the last report from this peer. */
  lastReportAt: number;
}

export function createPeerState(): PeerState {
  return { confirmed: new Map(), assumed: new Map(), outstanding: [], lastSendAt: -Infinity, lastReportAt: -Infinity };
}

export function recordSend(peer: PeerState, upTo: StateVector, now: number): void {
  peer.assumed = mergeStateVectors(peer.assumed, upTo);
  peer.outstanding.push({ at: now, upTo });
  peer.lastSendAt = now;
}

/** Merges a report; returns true when it proves an earlier send was lost. */
export function recordReport(peer: PeerState, reported: StateVector, now: number, graceMs: number): boolean {
  peer.confirmed = mergeStateVectors(peer.confirmed, reported);
  peer.assumed = mergeStateVectors(peer.assumed, reported);
  peer.lastReportAt = now;
  let lost = false;
  peer.outstanding = peer.outstanding.filter((send) => {
    if (covers(peer.confirmed, send.upTo)) return false;
    if (now - send.at > graceMs) lost = true;
    return true;
  });
  if (lost) {
    peer.assumed = new Map(peer.confirmed);
    peer.outstanding = [];
  }
  return lost;
}

/** Does the peer (as far as we assume) lack something we hold? */
export function lacks(peer: PeerState, ours: StateVector): boolean {
  return !covers(peer.assumed, ours);
}

/** Drops the sends that `upTo` accounts for (another node has taken responsibility for them). */
export function forgetCoveredSends(peer: PeerState, upTo: StateVector): void {
  peer.outstanding = peer.outstanding.filter((send) => !covers(upTo, send.upTo));
}
