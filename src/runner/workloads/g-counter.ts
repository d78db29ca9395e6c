// Maelstrom's g-counter workload on the runner side: non-negative deltas only.
import type { CounterResult } from '../checkers/counter.js';
import { counterWorkload } from './counter.js';
import type { PlannedOp } from './outcome.js';
import type { Workload } from './workload.js';

export const gCounter: Workload<CounterResult, PlannedOp> = counterWorkload('g-counter', true);
