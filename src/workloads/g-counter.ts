// Maelstrom's g-counter workload: adds of non-negative integers, reads of their sum.
import { GCounter } from '../crdt/g-counter.js';
import type { WorkloadContext } from './context.js';
import { serveCounter } from './counter.js';
import { storeOptions } from './replicated.js';

export function serveGCounter(ctx: WorkloadContext): GCounter {
  return serveCounter(ctx, new GCounter(storeOptions(ctx)), false);
}
