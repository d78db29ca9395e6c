// The Replicator's timings, in one table: tests and the simulation override them by name.
import { maxPatienceMs } from './patience.js';

export interface ReplicatorTiming {
  /** The least patience for a peer, plus the overlay's batch interval (patience.ts): a report
   *  this long after a send that still lacks it proves the send lost; a hub silent this long
   *  after a push is suspected. Also the grace of a tree node's answers and fallback pushes. */
  graceMs: number;
  /** The most patience for a peer (unless graceMs is more). */
  maxPatienceMs: number;
  /** Quiet time after the last change before repairing. */
  quietMs: number;
  /** First retry of an unsettled repair; doubles up to maxBackoffMs. */
  retryMs: number;
  maxBackoffMs: number;
  /** Time between two probes of suspected hubs. */
  probeMs: number;
}

export const defaultTiming: ReplicatorTiming = { graceMs: 500, maxPatienceMs, quietMs: 700, retryMs: 1000, maxBackoffMs: 3000, probeMs: 1000 };
