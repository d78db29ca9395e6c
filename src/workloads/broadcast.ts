// Maelstrom's broadcast workload on a grow-only set: broadcast adds, read returns the set.
// Replies carry only the keys Maelstrom's closed schemas allow, and values come back as sent.
import { GrowOnlySet } from '../crdt/g-set.js';
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { serveReplicated } from './replicated.js';

export function serveBroadcast(ctx: WorkloadContext): GrowOnlySet {
  const store = new GrowOnlySet({ clientId: ctx.clientId });
  serveReplicated({ ...ctx, store });
  ctx.node.on('broadcast', (message) => {
    if (!('message' in message.body) || message.body.message === undefined) {
      throw malformed('broadcast needs field "message"');
    }
    store.add(message.body.message);
    return { type: 'broadcast_ok' };
  });
  ctx.node.on('read', () => ({ type: 'read_ok', messages: store.values() }));
  return store;
}
