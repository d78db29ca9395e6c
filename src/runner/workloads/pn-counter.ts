// Maelstrom's pn-counter workload on the runner side: deltas of either sign.
import { counterWorkload } from './counter.js';
import type { Workload } from './workload.js';

export const pnCounter: Workload = counterWorkload('pn-counter', false) as Workload;
