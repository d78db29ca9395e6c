// The one gossip body between ygossip nodes, as pure functions. Every message carries the
// sender's state vector (so it doubles as an acknowledgement of what the sender holds) and its
// incarnation (a random id per process start: a peer whose incarnation changed lost its memory).
// `pull` asks the receiver to answer at once with what the sender lacks, `ack` to answer even
// when that is nothing; `reply` marks such an answer. `hub` names the node the sender pushes its
// writes to, which tells the receiver whether it serves the sender. `graft` and `prune` turn a
// link of the gossip profile's tree eager or lazy (tree.ts). An absent update means nothing to
// send.
import { decodeBase64, encodeBase64 } from '../crdt/wire.js';
import { decodeStateVector, encodeStateVector, type StateVector } from '../crdt/state-vector.js';
import type { Body, NodeId } from '../maelstrom/message.js';

export const gossipType = 'gossip';

export interface GossipPayload {
  stateVector: StateVector;
  update?: Uint8Array;
  /** The sender's incarnation: random per process start. */
  incarnation: number;
  /** The node the sender pushes its writes to (itself when it is the hub), when it has one. */
  hub?: NodeId;
  /** Answer at once with what I lack (nothing when I lack nothing, unless `ack`). */
  pull?: boolean;
  /** Answer even when I lack nothing: I need to know you heard me. */
  ack?: boolean;
  /** This answers a pull. */
  reply?: boolean;
  /** Push to me from now on (sent with a pull for what I miss). */
  graft?: boolean;
  /** You push what I already hold: announce to me instead. */
  prune?: boolean;
}

/**
 * Base64 texts already written, by the state vector or update they encode. Only for values
 * nobody modifies once encoded: a store's state vector and diffs are shared until it changes,
 * and a node pushing one change to several peers writes the same ones for each.
 */
export type GossipTexts = WeakMap<StateVector | Uint8Array, string>;

function text(texts: GossipTexts | undefined, value: StateVector | Uint8Array, encode: () => Uint8Array): string {
  let t = texts?.get(value);
  if (t === undefined) {
    t = encodeBase64(encode());
    texts?.set(value, t);
  }
  return t;
}

export function encodeGossip(payload: GossipPayload, texts?: GossipTexts): Body {
  const { stateVector, update } = payload;
  const body: Body = { type: gossipType, sv: text(texts, stateVector, () => encodeStateVector(stateVector)), inc: payload.incarnation };
  if (update) body.update = text(texts, update, () => update);
  if (payload.hub !== undefined) body.hub = payload.hub;
  if (payload.pull) body.pull = true;
  if (payload.ack) body.ack = true;
  if (payload.reply) body.reply = true;
  if (payload.graft) body.graft = true;
  if (payload.prune) body.prune = true;
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
  const incarnation = body.inc;
  if (typeof incarnation !== 'number' || !Number.isSafeInteger(incarnation) || incarnation < 0) {
    throw new Error('field "inc" must be a non-negative integer (the sender\'s incarnation)');
  }
  const payload: GossipPayload = { stateVector, incarnation };
  if (body.update !== undefined) {
    const update = decodeBase64(body.update);
    if (!update) throw new Error('field "update" must be a base64 Yjs update');
    payload.update = update;
  }
  if (body.hub !== undefined) {
    if (typeof body.hub !== 'string') throw new Error('field "hub" must be a node id');
    payload.hub = body.hub;
  }
  for (const flag of ['pull', 'ack', 'reply', 'graft', 'prune'] as const) {
    if (body[flag] === undefined) continue;
    if (typeof body[flag] !== 'boolean') throw new Error(`field "${flag}" must be a boolean`);
    if (body[flag]) payload[flag] = true;
  }
  return payload;
}
