// Maelstrom's g-counter workload on the runner side: non-negative deltas only.
import { counterWorkload } from './counter.js';
import type { Workload } from './workload.js';

export const gCounter: Workload = counterWorkload('g-counter', true) as Workload;
