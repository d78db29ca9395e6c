// A grow-only set served over Maelstrom RPCs: broadcast and g-set are the same workload with
// different RPC shapes (`broadcast`/`message`/`messages` versus `add`/`element`/`value`). A value
// the store will not hold (too deep, too large, not JSON that survives replication: see
// value-limits.ts) is refused with malformed-request, never acknowledged.
import { GrowOnlySet } from '../crdt/g-set.js';
import { InvalidValueError } from '../crdt/value-limits.js';
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { serveReplicated, storeOptions } from './replicated.js';
import { onlyField, requestProblem, type RpcShape } from './rpc.js';

export function serveSetWorkload(ctx: WorkloadContext, rpcs: { add: RpcShape; read: RpcShape }): GrowOnlySet {
  const store = new GrowOnlySet(storeOptions(ctx));
  const { acknowledge } = serveReplicated({ ...ctx, store });
  const addField = onlyField(rpcs.add.request);
  const readField = onlyField(rpcs.read.response);
  ctx.node.on(rpcs.add.type, (message) => {
    const problem = requestProblem(rpcs.add, message.body);
    if (problem) throw malformed(problem);
    try {
      store.add(message.body[addField]);
    } catch (e) {
      if (e instanceof InvalidValueError) throw malformed(`field "${addField}" ${e.reason}`);
      throw e;
    }
    return acknowledge({ type: `${rpcs.add.type}_ok` });
  });
  ctx.node.on(rpcs.read.type, () => acknowledge({ type: `${rpcs.read.type}_ok`, [readField]: store.values() }));
  return store;
}
