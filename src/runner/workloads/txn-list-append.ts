// Maelstrom's txn-list-append workload (workload/txn_list_append.clj): transactions of reads
// and appends over integer keys holding lists, checked by Elle's list-append checker unchanged
// (each key's version order is its longest read, so nearly every dependency is seen).
import { txnListAppendRpcs } from '../../workloads/rpc.js';
import { checkListAppend, type TxnResult } from '../checkers/txn/index.js';
import { createTxnWorkload, type TxnOp } from './txn-workload.js';
import type { Workload, WorkloadOptions } from './workload.js';

export function createTxnListAppend(options: WorkloadOptions): Workload<TxnResult, TxnOp> {
  return createTxnWorkload({ name: 'txn-list-append', kind: 'list-append', rpc: txnListAppendRpcs.txn, write: 'append', check: checkListAppend }, options);
}
