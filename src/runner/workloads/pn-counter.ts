// Maelstrom's pn-counter workload on the runner side: deltas of either sign.
import type { CounterResult } from '../checkers/counter.js';
import { counterWorkload } from './counter.js';
import type { PlannedOp } from './outcome.js';
import type { Workload } from './workload.js';

export const pnCounter: Workload<CounterResult, PlannedOp> = counterWorkload('pn-counter', false);
