// Maelstrom's txn-rw-register workload (workload/txn_rw_register.clj): transactions of reads
// and blind writes over integer registers, checked by Elle's rw-register checker with
// writes-follow-reads inference under Maelstrom's wrapper (any anomaly but a cycle-search
// timeout fails the run, an empty transaction graph included).
import { txnRwRegisterRpcs } from '../../workloads/rpc.js';
import { checkTxnRwRegister, type TxnResult } from '../checkers/txn/index.js';
import { createTxnWorkload, type TxnOp } from './txn-workload.js';
import type { Workload, WorkloadOptions } from './workload.js';

export function createTxnRwRegister(options: WorkloadOptions): Workload<TxnResult, TxnOp> {
  return createTxnWorkload({ name: 'txn-rw-register', kind: 'rw-register', rpc: txnRwRegisterRpcs.txn, write: 'w', check: checkTxnRwRegister }, options);
}
