// Invocations matched with their completions, as Jepsen pairs them: per client process, a
// completion closes that process's pending invocation. Nemesis ops are never paired.
import type { Op } from '../records/history.js';

export interface OpPair {
  invoke: Op;
  /** Absent when the history ends with the invocation still pending. */
  complete?: Op;
}

/** Every client invocation with its completion, in invocation order. */
export function pairOps(history: readonly Op[]): OpPair[] {
  const pairs: OpPair[] = [];
  const pending = new Map<number, OpPair>();
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      const pair: OpPair = { invoke: op };
      pairs.push(pair);
      pending.set(op.process, pair);
    } else {
      const pair = pending.get(op.process);
      if (pair === undefined) continue;
      pair.complete = op;
      pending.delete(op.process);
    }
  }
  return pairs;
}

/**
 * Walks the client ops in history order: `onInvoke` for each invocation, `onComplete` for each
 * completion with the invocation it closes (undefined for a bare completion).
 */
export function walkClientOps(history: readonly Op[], visit: { onInvoke?(op: Op): void; onComplete(op: Op, invocation: Op | undefined): void }): void {
  const pending = new Map<number, Op>();
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      pending.set(op.process, op);
      visit.onInvoke?.(op);
      continue;
    }
    const invocation = pending.get(op.process);
    pending.delete(op.process);
    visit.onComplete(op, invocation);
  }
}
