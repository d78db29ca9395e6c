// What g-counter and pn-counter share: add takes an integer `delta`, read returns the exact sum
// as `value`, always a JSON integer (a bigint past 2^53, which the codec writes as digits).
import type { DeltaCounter } from '../crdt/counter.js';
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { serveReplicated } from './replicated.js';
import { counterRpcs, requestProblem } from './rpc.js';

/** The delta of an add request, or a malformed-request error naming the field. */
function parseDelta(body: Record<string, unknown>, allowsNegative: boolean): number {
  const problem = requestProblem(counterRpcs.add, body);
  if (problem) throw malformed(problem);
  const delta = body.delta as number;
  if (!Number.isSafeInteger(delta)) throw malformed(`field "delta" must be an integer of magnitude below 2^53, not ${delta}`);
  if (delta < 0 && !allowsNegative) throw malformed(`field "delta" must be an integer ≥ 0, not ${delta}`);
  return delta;
}

export function serveCounter<C extends DeltaCounter>(ctx: WorkloadContext, store: C, allowsNegative: boolean): C {
  const { acknowledge } = serveReplicated({ ...ctx, store });
  ctx.node.on(counterRpcs.add.type, (message) => {
    store.add(parseDelta(message.body, allowsNegative));
    return acknowledge({ type: 'add_ok' });
  });
  ctx.node.on(counterRpcs.read.type, () => acknowledge({ type: 'read_ok', value: store.valueForJson() }));
  return store;
}
