// Maelstrom's g-set workload on the runner side (Maelstrom's workload/g_set.clj): adds of 0, 1, 2, … and
// reads, judged by set-full; errors are not wrapped, so every failure is :info.
import { gSetRpcs } from '../../workloads/rpc.js';
import type { SetFullResult } from '../checkers/set-full.js';
import type { PlannedOp } from './outcome.js';
import { setWorkload } from './set.js';
import type { Workload } from './workload.js';

export const gSet: Workload<SetFullResult, PlannedOp> = setWorkload({
  name: 'g-set',
  add: gSetRpcs.add,
  read: gSetRpcs.read,
  addF: 'add',
  style: { wraps: false, idempotent: new Set() },
  finalFlag: false,
});
