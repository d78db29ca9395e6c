// Maelstrom's g-set workload on a grow-only set: add takes `element`, read returns the set as
// `value`. Replies carry only the keys Maelstrom's closed schemas allow.
import { GrowOnlySet } from '../crdt/g-set.js';
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { serveReplicated } from './replicated.js';

export function serveGSet(ctx: WorkloadContext): GrowOnlySet {
  const store = new GrowOnlySet({ clientId: ctx.clientId });
  serveReplicated({ ...ctx, store });
  ctx.node.on('add', (message) => {
    if (!('element' in message.body) || message.body.element === undefined) {
      throw malformed('add needs field "element"');
    }
    store.add(message.body.element);
    return { type: 'add_ok' };
  });
  ctx.node.on('read', () => ({ type: 'read_ok', value: store.values() }));
  return store;
}
