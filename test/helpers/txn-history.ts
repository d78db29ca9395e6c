// Transaction histories for the txn checker's tests: each transaction is given with its process,
// invocation and completion times (ms), outcome and completed micro-ops; the helper writes the
// invoke and completion ops in time order, as the runner records them. A fail or info
// completion keeps the request (reads null), as Maelstrom's client does.
import type { Op, OpType } from '../../src/runner/records/history.js';

export type MopArray = [string, unknown, unknown];

export interface TxnSpec {
  p: number;
  start: number;
  end?: number;
  type?: 'ok' | 'fail' | 'info';
  /** The completed transaction (reads filled in). */
  txn: MopArray[];
}

/** The request a client sends for `txn`: reads with null values. */
export function request(txn: readonly MopArray[]): MopArray[] {
  return txn.map(([f, k, v]) => [f, k, f === 'r' ? null : v]);
}

export function txnHistory(specs: readonly TxnSpec[]): Op[] {
  const events: { t: number; seq: number; op: Omit<Op, 'index'> }[] = [];
  specs.forEach((s, i) => {
    const type = s.type ?? 'ok';
    const end = s.end ?? s.start + 1;
    events.push({ t: s.start, seq: 2 * i, op: { time: Math.round(s.start * 1e6), type: 'invoke', process: s.p, f: 'txn', value: request(s.txn) } });
    const value = type === 'ok' ? s.txn : request(s.txn);
    events.push({ t: end, seq: 2 * i + 1, op: { time: Math.round(end * 1e6), type: type as OpType, process: s.p, f: 'txn', value } });
  });
  events.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return events.map((e, index) => ({ index, ...e.op }) as Op);
}

/** Transactions one after another on process 0, 10 ms apart: real time orders them. */
export function serial(...txns: MopArray[][]): Op[] {
  return txnHistory(txns.map((txn, i) => ({ p: 0, start: 10 * i, end: 10 * i + 1, txn })));
}

/** Transactions all running at once, each on its own process: real time orders nothing. */
export function concurrent(...txns: MopArray[][]): Op[] {
  return txnHistory(txns.map((txn, i) => ({ p: i, start: i * 0.01, end: 100 + i * 0.01, txn })));
}

/** Read skew in a list-append history: one transaction reads x before and y after another appends
 *  to both, and a third sees x's append (a G-single cycle the reports draw). */
export const readSkew = (): Op[] =>
  concurrent(
    [
      ['r', 'x', []],
      ['r', 'y', [1]],
    ],
    [
      ['append', 'x', 1],
      ['append', 'y', 1],
    ],
    [['r', 'x', [1]]],
  );
