// Maelstrom's availability checker (Maelstrom's checker.clj): the fraction of client invocations that
// completed ok, held to --availability when it is given, always valid otherwise.
import { toFloat32 } from '../base/float32.js';
import type { Op } from '../records/history.js';
import type { Validity } from './valid.js';

/** --availability: 'total' (every request must succeed) or a lower bound in [0, 1]. */
export type AvailabilityGoal = 'total' | number;

export interface AvailabilityResult {
  'valid?': Validity;
  /** A Java float in Maelstrom; 1 when nothing was invoked. */
  'ok-fraction': number;
}

export function checkAvailability(history: readonly Op[], goal?: AvailabilityGoal): AvailabilityResult {
  let oks = 0;
  let invokes = 0;
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.type === 'ok') oks++;
    else if (op.type === 'invoke') invokes++;
  }
  const okFraction = invokes === 0 ? 1 : Math.fround(oks / invokes);
  const valid = goal === undefined ? true : goal === 'total' ? okFraction === 1 : goal <= okFraction;
  return { 'valid?': valid, 'ok-fraction': toFloat32(okFraction) };
}
