// Maelstrom's g-counter workload: adds of non-negative integers, reads of their sum.
import { GCounter } from '../crdt/g-counter.js';
import type { WorkloadContext } from './context.js';
import { serveCounter } from './counter.js';

export function serveGCounter(ctx: WorkloadContext): GCounter {
  return serveCounter(ctx, new GCounter({ clientId: ctx.clientId }), false);
}
