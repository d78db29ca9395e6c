// Maelstrom's g-set workload on a grow-only set: add takes `element`, read returns the set as
// `value`. Replies carry only the keys Maelstrom's closed schemas allow.
import type { GrowOnlySet } from '../crdt/g-set.js';
import type { WorkloadContext } from './context.js';
import { gSetRpcs } from './rpc.js';
import { serveSetWorkload } from './set-workload.js';

export function serveGSet(ctx: WorkloadContext): GrowOnlySet {
  return serveSetWorkload(ctx, gSetRpcs);
}
