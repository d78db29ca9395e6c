// State vectors as plain maps (Yjs client id -> next clock), with the comparisons gossip needs.
import * as Y from 'yjs';

export type StateVector = Map<number, number>;

export function encodeStateVector(sv: StateVector): Uint8Array {
  return Y.encodeStateVector(sv);
}

/** Throws on bytes that are not a state vector. */
export function decodeStateVector(bytes: Uint8Array): StateVector {
  const sv = Y.decodeStateVector(bytes);
  for (const [client, clock] of sv) {
    if (!Number.isSafeInteger(client) || client < 0 || !Number.isSafeInteger(clock) || clock < 0) {
      throw new Error('state vector holds a negative or non-integer entry');
    }
  }
  return sv;
}

/** Does `a` include everything `b` has? */
export function covers(a: StateVector, b: StateVector): boolean {
  for (const [client, clock] of b) {
    if (clock > (a.get(client) ?? 0)) return false;
  }
  return true;
}

/** The entry-wise maximum, as a new map. */
export function mergeStateVectors(a: StateVector, b: StateVector): StateVector {
  const out = new Map(a);
  for (const [client, clock] of b) {
    if (clock > (out.get(client) ?? 0)) out.set(client, clock);
  }
  return out;
}

export function equalStateVectors(a: StateVector, b: StateVector): boolean {
  return covers(a, b) && covers(b, a);
}
