// Random concurrent set histories for property tests of the set checkers: up to four processes,
// each invoking an add (or broadcast) or a read and later completing it ok, info or fail; a read
// sees a random subset of the elements 0..11, so lost, stale and never-read elements all occur.
import fc from 'fast-check';
import type { Op } from '../../src/runner/records/history.js';

const step = fc.record({ process: fc.nat(3), action: fc.nat(9), pick: fc.array(fc.boolean(), { maxLength: 12 }), dt: fc.nat(3_000_000) });

export interface SetHistoryStep {
  process: number;
  /** 0–4 invoke a write, 5–9 a read; on completion 0–6 ok, 7–8 info, 9 fail. */
  action: number;
  /** For a read's completion: which of the elements 0..11 it saw. */
  pick: boolean[];
  /** Nanoseconds since the previous step. */
  dt: number;
}

/** Steps to feed `setHistory`. */
export const setHistorySteps: fc.Arbitrary<SetHistoryStep[]> = fc.array(step, { maxLength: 80 });

/** The history those steps describe; writes are `add` unless `write` says otherwise. */
export function setHistory(steps: readonly SetHistoryStep[], write: 'add' | 'broadcast' = 'add'): Op[] {
  const ops: Op[] = [];
  const open = new Map<number, Op>();
  let next = 0;
  let t = 0;
  for (const s of steps) {
    t += s.dt;
    const pending = open.get(s.process);
    if (pending === undefined) {
      const f = s.action < 5 ? write : 'read';
      const op: Op = { index: ops.length, time: t, type: 'invoke', process: s.process, f, value: f === 'read' ? null : next++ % 10 };
      ops.push(op);
      open.set(s.process, op);
    } else {
      const type = s.action < 7 ? 'ok' : s.action < 9 ? 'info' : 'fail';
      const value = pending.f === 'read' ? s.pick.flatMap((b, i) => (b ? [i] : [])) : pending.value;
      ops.push({ index: ops.length, time: t, type, process: s.process, f: pending.f, value });
      open.delete(s.process);
    }
  }
  return ops;
}
