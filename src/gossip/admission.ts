// What a gossip message must pass before anything touches the store or our knowledge of a peer:
// a known sender, a well-formed payload, an update the store accepts (validated once: applying it
// trusts the check). Bad input is Maelstrom's malformed-request error, never a crash.
import { type CheckedUpdate, InvalidUpdateError, type ReplicatedStore } from '../crdt/store.js';
import { errorCodes, MaelstromError, malformed } from '../maelstrom/errors.js';
import type { Message, NodeId } from '../maelstrom/message.js';
import { decodeGossip, type GossipPayload } from './protocol.js';

export interface Admitted {
  payload: GossipPayload;
  update?: CheckedUpdate;
}

export function admit(message: Message, members: ReadonlySet<NodeId>, self: NodeId, store: ReplicatedStore): Admitted {
  if (!members.has(message.src)) {
    throw new MaelstromError(errorCodes.notSupported.code, `gossip from ${message.src}, which is not a cluster member`);
  }
  let payload: GossipPayload;
  let update: CheckedUpdate | undefined;
  try {
    payload = decodeGossip(message.body);
    if (payload.update) update = store.validate(payload.update);
  } catch (e) {
    throw malformed((e as Error).message);
  }
  // A hub we do not know of tells us nothing.
  if (payload.hub !== undefined && !members.has(payload.hub) && payload.hub !== self) delete payload.hub;
  return { payload, update };
}

/** Applies an admitted update; a store that refuses it after all answers malformed too. */
export function applyAdmitted(store: ReplicatedStore, update: CheckedUpdate, from: NodeId): void {
  try {
    store.apply(update, from);
  } catch (e) {
    if (e instanceof InvalidUpdateError) throw malformed(e.message);
    throw e;
  }
}
