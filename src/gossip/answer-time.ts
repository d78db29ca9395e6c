// How long to wait for a hub's answer before suspecting it, learned from how long it has been
// taking, as TCP learns its retransmission timeout (RFC 6298): a smoothed round trip plus four
// times its variation. A fixed timeout suspects a hub that is merely slow (a loaded machine, a
// long batch) and every leaf then moves away and back, which loads the machine more; a learned
// one follows the hub's real pace and still catches a hub that stopped answering.

export interface AnswerTime {
  /** Smoothed time to an answer, ms (undefined before the first sample). */
  smoothed: number | undefined;
  variation: number;
}

export function createAnswerTime(): AnswerTime {
  return { smoothed: undefined, variation: 0 };
}

/** Folds one measured wait (from a send that asked for an answer to the answer) in. */
export function sampleAnswerTime(t: AnswerTime, ms: number): void {
  if (t.smoothed === undefined) {
    t.smoothed = ms;
    t.variation = ms / 2;
    return;
  }
  t.variation = 0.75 * t.variation + 0.25 * Math.abs(t.smoothed - ms);
  t.smoothed = 0.875 * t.smoothed + 0.125 * ms;
}

/** Before the first answer nothing is known of the peer's pace (and a cluster that is starting
 *  is at its slowest): wait this many times the floor, as TCP starts from a cautious timeout. */
const unmeasuredFactor = 2;

/** The wait before suspecting: never below `floorMs`, and a slow but steady peer is not suspected. */
export function answerTimeout(t: AnswerTime, floorMs: number): number {
  return t.smoothed === undefined ? unmeasuredFactor * floorMs : Math.max(floorMs, t.smoothed + 4 * t.variation);
}
