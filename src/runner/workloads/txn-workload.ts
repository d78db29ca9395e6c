// What txn-rw-register and txn-list-append share on the runner side (Maelstrom's
// workload/txn_*.clj over Jepsen's tests/cycle/{wr,append}.clj): one `txn` RPC per operation,
// the transactions of Elle's generator at the rate with no final phase, a reusable client with
// the 5 s default timeout whose errors are wrapped with nothing idempotent (a timeout or an
// indefinite code is :info, a definite one, 30 txn-conflict among them, :fail; both keep the
// request's txn, reads null), and Elle's checker over the history under --consistency-models.
import type { Body } from '../../maelstrom/message.js';
import type { RpcShape } from '../../workloads/rpc.js';
import { txnReportLines, txnSummaryRows, type TxnResult, type WorkloadKind } from '../checkers/txn/index.js';
import type { Op } from '../records/history.js';
import type { Row } from '../base/plain-text.js';
import { completeOp, type PlannedOp } from './outcome.js';
import { txnStream, type TxnMop } from './txn-generator.js';
import type { Workload, WorkloadName, WorkloadOptions } from './workload.js';

/** Elle's key pool when the exponential draw is used and --key-count is not given. */
export const defaultKeyCount = 10;

export interface TxnOp extends PlannedOp {
  f: 'txn';
  /** The request: micro-ops with reads null. */
  value: TxnMop[];
}

export interface TxnWorkloadSpec {
  name: Extract<WorkloadName, 'txn-rw-register' | 'txn-list-append'>;
  kind: WorkloadKind;
  rpc: RpcShape;
  write: 'w' | 'append';
  check(history: readonly Op[], options: { consistencyModels: readonly string[] }): TxnResult;
}

export function createTxnWorkload(spec: TxnWorkloadSpec, options: WorkloadOptions): Workload<TxnResult, TxnOp> {
  const models = options.consistencyModels;
  const modelRow: Row = ['models', models.join(', ')];
  return {
    name: spec.name,
    generator: (random) => {
      const next = txnStream(random, {
        keyCount: options.keyCount ?? defaultKeyCount,
        maxTxnLength: options.maxTxnLength,
        maxWritesPerKey: options.maxWritesPerKey,
        write: spec.write,
      });
      return () => {
        const txn = next();
        return { f: 'txn', value: txn, rpc: spec.rpc, fields: { txn } };
      };
    },
    client: { reusable: true },
    complete: (op, outcome) => completeOp({ wraps: true, idempotent: new Set() }, op, outcome, (body: Body) => body.txn),
    check: (history) => spec.check(history, { consistencyModels: models }),
    summaryRows: (result) => [modelRow, ...txnSummaryRows(result)],
    reportLines: (result) => [`models         ${models.join(', ')}`, ...txnReportLines(result, spec.kind)],
  };
}
