// Maelstrom's pn-counter workload: adds of integers of either sign, reads of their sum.
import { PNCounter } from '../crdt/pn-counter.js';
import type { WorkloadContext } from './context.js';
import { serveCounter } from './counter.js';
import { storeOptions } from './replicated.js';

export function servePNCounter(ctx: WorkloadContext): PNCounter {
  return serveCounter(ctx, new PNCounter(storeOptions(ctx)), true);
}
