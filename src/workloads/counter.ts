// What g-counter and pn-counter share: add takes an integer `delta`, read returns the exact sum
// as `value`, always a JSON integer (a bigint past 2^53, which the codec writes as digits).
import type { DeltaCounter } from '../crdt/counter.js';
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { serveReplicated } from './replicated.js';

/** The delta of an add request, or a malformed-request error naming the field. */
export function parseDelta(body: Record<string, unknown>, allowsNegative: boolean): number {
  const delta = body.delta;
  const must = allowsNegative ? 'an integer' : 'an integer ≥ 0';
  if (delta === undefined) throw malformed(`add needs field "delta" (${must})`);
  if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) {
    throw malformed(`field "delta" must be ${must} of magnitude below 2^53, not ${JSON.stringify(delta) ?? typeof delta}`);
  }
  if (delta < 0 && !allowsNegative) throw malformed(`field "delta" must be ${must}, not ${delta}`);
  return delta;
}

export function serveCounter<C extends DeltaCounter>(ctx: WorkloadContext, store: C, allowsNegative: boolean): C {
  serveReplicated({ ...ctx, store });
  ctx.node.on('add', (message) => {
    store.add(parseDelta(message.body, allowsNegative));
    return { type: 'add_ok' };
  });
  ctx.node.on('read', () => ({ type: 'read_ok', value: store.valueForJson() }));
  return store;
}
