// A grow-only set served over Maelstrom RPCs: broadcast and g-set are the same workload with
// different names (`broadcast`/`message`/`messages` versus `add`/`element`/`value`). A value
// the store will not hold (too deep, too large, not JSON that survives replication: see
// value-limits.ts) is refused with malformed-request, never acknowledged.
import { GrowOnlySet } from '../crdt/g-set.js';
import { InvalidValueError } from '../crdt/value-limits.js';
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { serveReplicated } from './replicated.js';

export interface SetRpcNames {
  /** The request that adds, e.g. `broadcast`; its reply is `<add>_ok`. */
  add: string;
  /** The request field carrying the value, e.g. `message`. */
  field: string;
  /** The read_ok field carrying the set, e.g. `messages`. */
  readField: string;
}

export function serveSetWorkload(ctx: WorkloadContext, names: SetRpcNames): GrowOnlySet {
  const store = new GrowOnlySet({ clientId: ctx.clientId });
  serveReplicated({ ...ctx, store });
  ctx.node.on(names.add, (message) => {
    const value = message.body[names.field];
    if (value === undefined) throw malformed(`${names.add} needs field "${names.field}"`);
    try {
      store.add(value);
    } catch (e) {
      if (e instanceof InvalidValueError) throw malformed(`field "${names.field}" ${e.reason}`);
      throw e;
    }
    return { type: `${names.add}_ok` };
  });
  ctx.node.on('read', () => ({ type: 'read_ok', [names.readField]: store.values() }));
  return store;
}
