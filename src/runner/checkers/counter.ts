// Maelstrom's g-counter / pn-counter checker (Maelstrom's workload/pn_counter.clj and g_counter.clj): every final read must equal
// the sum of the acknowledged adds plus the deltas of some subset of the indeterminate ones.
import type { Op } from '../records/history.js';
import { walkClientOps } from './op-pairs.js';
import type { Validity } from './valid.js';

/** Closed integer interval [lo, hi]. */
export type Interval = [number, number];

export interface CounterResult {
  'valid?': Validity;
  /** The final reads outside the acceptable set, or null when there are none. */
  errors: Op[] | null;
  'final-reads': unknown[];
  acceptable: Interval[];
}

export function checkCounter(history: readonly Op[]): CounterResult {
  let definite = 0;
  const indeterminate: number[] = [];
  const finalReads: Op[] = [];
  walkClientOps(history, {
    onComplete(op, inv) {
      if (op.f === 'add' && (op.type === 'ok' || op.type === 'info')) {
        const delta = addDelta(op, inv);
        if (op.type === 'ok') definite += delta;
        else indeterminate.push(delta);
      }
      if (op.final === true && op.type === 'ok') finalReads.push(op);
    },
  });

  const acceptable = acceptableIntervals(definite, indeterminate);
  const errors = finalReads.filter((r) => {
    // Maelstrom asserts this too: a fractional read would make interval membership meaningless.
    if (!Number.isInteger(r.value)) throw new Error(`final read ${r.index} returned ${JSON.stringify(r.value)}, not an integer`);
    return !contains(acceptable, r.value as number);
  });
  return {
    'valid?': errors.length === 0,
    errors: errors.length > 0 ? errors : null,
    'final-reads': finalReads.map((r) => r.value),
    acceptable,
  };
}

/** The completion carries the delta; the invocation is the fallback for a bare completion. */
function addDelta(op: Op, inv: Op | undefined): number {
  const v = typeof op.value === 'number' ? op.value : inv?.value;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`add ${op.index} has delta ${JSON.stringify(v)}, not an integer`);
  return v;
}

/**
 * {definite} grown by A := A ∪ (A + d) for each indeterminate delta d, as merged ascending
 * intervals (adjacent integer intervals merge: [1,2] ∪ [3,4] = [1,4]).
 */
export function acceptableIntervals(definite: number, indeterminate: readonly number[]): Interval[] {
  let set: Interval[] = [[definite, definite]];
  for (const d of indeterminate) {
    if (d === 0) continue;
    set = mergeIntervals([...set, ...set.map(([lo, hi]): Interval => [lo + d, hi + d])]);
  }
  return set;
}

function mergeIntervals(intervals: Interval[]): Interval[] {
  intervals.sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const [lo, hi] of intervals) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function contains(intervals: readonly Interval[], v: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = intervals[mid];
    if (v < a) hi = mid - 1;
    else if (v > b) lo = mid + 1;
    else return true;
  }
  return false;
}
