// Maelstrom's broadcast workload on a grow-only set: broadcast adds, read returns the set.
// Replies carry only the keys Maelstrom's closed schemas allow, and values come back as sent.
import type { GrowOnlySet } from '../crdt/g-set.js';
import type { WorkloadContext } from './context.js';
import { broadcastRpcs } from './rpc.js';
import { serveSetWorkload } from './set-workload.js';

export function serveBroadcast(ctx: WorkloadContext): GrowOnlySet {
  return serveSetWorkload(ctx, { add: broadcastRpcs.broadcast, read: broadcastRpcs.read });
}
