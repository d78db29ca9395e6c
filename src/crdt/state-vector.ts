// State vectors as plain maps (Yjs client id -> next clock), with the comparisons gossip needs.
import * as Y from 'yjs';

export type StateVector = Map<number, number>;

/**
 * The bytes Y.encodeStateVector(sv) writes (the entry count, then client and clock of each entry
 * by client, highest first, as lib0 varuints), written straight into one array: a replicator
 * encodes a vector for every diff it asks for.
 */
export function encodeStateVector(sv: StateVector): Uint8Array {
  const clients = Float64Array.from(sv.keys()).sort(); // numeric, ascending
  const out = new Uint8Array(varUintBytes * (1 + 2 * clients.length));
  let at = writeVarUint(out, 0, clients.length);
  for (let i = clients.length - 1; i >= 0; i--) at = writeVarUint(out, writeVarUint(out, at, clients[i]), sv.get(clients[i])!);
  return out.slice(0, at);
}

/** Bytes of the longest varuint of a safe integer (7 bits a byte). */
const varUintBytes = 8;

/** lib0's writeVarUint: 7 bits a byte, low first, the high bit set on all but the last. */
function writeVarUint(out: Uint8Array, at: number, value: number): number {
  while (value > 0x7f) {
    out[at++] = 0x80 | (value % 0x80);
    value = Math.floor(value / 0x80);
  }
  out[at++] = value;
  return at;
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

/** Raises `target` to the entry-wise maximum with `b`, in place (for a vector its owner alone holds). */
export function mergeInto(target: StateVector, b: StateVector): void {
  for (const [client, clock] of b) {
    if (clock > (target.get(client) ?? 0)) target.set(client, clock);
  }
}

export function equalStateVectors(a: StateVector, b: StateVector): boolean {
  return covers(a, b) && covers(b, a);
}
