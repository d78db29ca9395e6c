// The runner's workloads by name: one module each (Maelstrom's workload/*.clj).
import { broadcast } from './broadcast.js';
import { echo } from './echo.js';
import { gCounter } from './g-counter.js';
import { gSet } from './g-set.js';
import { pnCounter } from './pn-counter.js';
import type { Workload, WorkloadName } from './workload.js';

export const workloads: Readonly<Record<WorkloadName, Workload>> = {
  echo,
  broadcast,
  'g-set': gSet,
  'g-counter': gCounter,
  'pn-counter': pnCounter,
};

export const workloadNames = Object.keys(workloads) as WorkloadName[];

export type { Workload, WorkloadName, WorkloadResult, SetupContext, SetupRequest } from './workload.js';
export { completeOp, type Completion, type PlannedOp, type RpcOutcome, type ClientStyle } from './outcome.js';
