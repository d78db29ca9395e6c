// Hand-written histories for checker tests: ops get dense indexes in the order they are added,
// times are given in milliseconds (fractions allowed) and stored as integer nanoseconds.
import type { Op, OpType } from '../../../src/runner/records/history.js';

export interface HistoryBuilder {
  ops: Op[];
  invoke(process: number, f: string, value: unknown, ms: number, extra?: Partial<Op>): Op;
  ok(process: number, f: string, value: unknown, ms: number, extra?: Partial<Op>): Op;
  fail(process: number, f: string, value: unknown, ms: number, extra?: Partial<Op>): Op;
  info(process: number | 'nemesis', f: string, value: unknown, ms: number, extra?: Partial<Op>): Op;
}

export const ns = (ms: number): number => Math.round(ms * 1_000_000);

export function historyBuilder(): HistoryBuilder {
  const ops: Op[] = [];
  const push =
    (type: OpType) =>
    (process: number | 'nemesis', f: string, value: unknown, ms: number, extra: Partial<Op> = {}): Op => {
      const op: Op = { index: ops.length, time: ns(ms), type, process, f, value, ...extra };
      ops.push(op);
      return op;
    };
  return { ops, invoke: push('invoke'), ok: push('ok'), fail: push('fail'), info: push('info') };
}
