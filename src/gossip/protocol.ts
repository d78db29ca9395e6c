// Gossip bodies between ygossip nodes, as pure functions. `gossip` pushes a diff (fire and
// forget); `sync` asks a peer to settle (reply `sync_ok`). Both carry the sender's state vector,
// so every message doubles as an acknowledgement. An absent update means nothing to send.
import { decodeBase64, encodeBase64 } from '../crdt/wire.js';
import { decodeStateVector, encodeStateVector, type StateVector } from '../crdt/state-vector.js';
import type { Body } from '../maelstrom/message.js';

export const gossipTypes = { push: 'gossip', sync: 'sync', syncOk: 'sync_ok' } as const;

export interface GossipPayload {
  stateVector: StateVector;
  update?: Uint8Array;
}

export function encodeGossip(type: string, payload: GossipPayload): Body {
  const body: Body = { type, sv: encodeBase64(encodeStateVector(payload.stateVector)) };
  if (payload.update) body.update = encodeBase64(payload.update);
  return body;
}

/** Throws an Error naming the field when the body is not a valid gossip payload. */
export function decodeGossip(body: Body): GossipPayload {
  const svBytes = decodeBase64(body.sv);
  if (!svBytes) throw new Error('field "sv" must be a base64 state vector');
  let stateVector: StateVector;
  try {
    stateVector = decodeStateVector(svBytes);
  } catch (e) {
    throw new Error(`field "sv" is not a state vector (${(e as Error).message})`);
  }
  if (body.update === undefined) return { stateVector };
  const update = decodeBase64(body.update);
  if (!update) throw new Error('field "update" must be a base64 Yjs update');
  return { stateVector, update };
}
