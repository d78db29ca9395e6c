// How long to wait for a peer before calling a send lost or the peer silent: the one rule, as
// TCP learns its retransmission timeout (RFC 6298). A smoothed answer time plus four times its
// variation, never below a floor; doubled by each timeout (§5.5) and kept doubled until an
// answer to a send made after the last timeout is timed (§5.7); never above one bound.
// Karn's rule: a send from before a timeout that is confirmed after it timed the fault, not the
// peer, so it is not sampled. The doubling is what makes that rule safe: a peer that is slow
// rather than gone keeps the longer wait it earned until it has answered a fresh send, and that
// fresh answer, slow as it is, becomes the new estimate.

export interface Patience {
  /** Smoothed time to an answer, ms (undefined before the first sample). */
  smoothed: number | undefined;
  variation: number;
  /** Timeouts since the last clean sample: each doubles the wait. */
  backoff: number;
  /** Clock time of the last timeout: sends made at or before it are not sampled. */
  timedOutAt: number;
}

/** The longest wait, whatever the samples and timeouts say (unless the floor is higher). */
export const maxPatienceMs = 8000;
/** Doublings beyond this could only exceed the bound. */
const maxBackoff = 6;
/** Before the first answer nothing is known of the peer's pace: wait this many floors (RFC
 *  6298's cautious initial timeout). */
const unmeasuredFactor = 2;

export function createPatience(): Patience {
  return { smoothed: undefined, variation: 0, backoff: 0, timedOutAt: -Infinity };
}

/** Times the answer to a send made at `sentAt` (Karn: not if a timeout came since). */
export function samplePatience(p: Patience, sentAt: number, now: number): void {
  if (sentAt <= p.timedOutAt) return;
  const ms = now - sentAt;
  p.backoff = 0;
  if (p.smoothed === undefined) {
    p.smoothed = ms;
    p.variation = ms / 2;
    return;
  }
  p.variation = 0.75 * p.variation + 0.25 * Math.abs(p.smoothed - ms);
  p.smoothed = 0.875 * p.smoothed + 0.125 * ms;
}

/** A wait ran out (a silent peer, a send proved lost): wait twice as long from now on. */
export function patienceTimedOut(p: Patience, now: number): void {
  p.backoff = Math.min(p.backoff + 1, maxBackoff);
  p.timedOutAt = now;
}

/** The wait: learned, doubled per timeout, within [floorMs, max(floorMs, capMs)]. */
export function patienceMs(p: Patience, floorMs: number, capMs = maxPatienceMs): number {
  const learned = p.smoothed === undefined ? unmeasuredFactor * floorMs : Math.max(floorMs, p.smoothed + 4 * p.variation);
  return Math.min(Math.max(floorMs, capMs), learned * 2 ** p.backoff);
}

/** A peer never measured (a hub we move to) starts from what we learned of another. */
export function inheritPatience(to: Patience, from: Patience): void {
  if (to.smoothed === undefined) {
    to.smoothed = from.smoothed;
    to.variation = from.variation;
  }
  to.backoff = Math.max(to.backoff, from.backoff);
}
