// State vectors as plain maps (Yjs client id -> next clock), with the comparisons gossip needs.
import * as Y from 'yjs';

export type StateVector = Map<number, number>;

/**
 * The bytes Y.encodeStateVector(sv) writes (the entry count, then client and clock of each entry
 * by client, highest first, as lib0 varuints), written into scratch arrays kept between calls:
 * a replicator encodes a vector for every diff it asks for, and allocating a typed array costs
 * more than encoding a vector of a few dozen entries.
 */
export function encodeStateVector(sv: StateVector): Uint8Array {
  const end = writeSorted(sv); // first: it may replace the scratch arrays with longer ones
  return scratchBytes.slice(0, end);
}

/** The same bytes as a string (a character a byte): a key for a map of diffs. */
export function stateVectorKey(sv: StateVector): string {
  const end = writeSorted(sv);
  // A few large steps rather than a string a byte: apply's argument list stays well short of
  // the engine's limit, however many writers the vector holds.
  let key = '';
  for (let at = 0; at < end; at += 4096) key += String.fromCharCode.apply(null, scratchBytes.subarray(at, Math.min(end, at + 4096)) as unknown as number[]);
  return key;
}

let scratchClients = new Float64Array(64);
/** Room for the longest varuints (8 bytes for a safe integer) of the count and every entry. */
let scratchBytes = new Uint8Array(8 * (1 + 2 * 64));

/** Encodes `sv` into scratchBytes; returns the length written. */
function writeSorted(sv: StateVector): number {
  const n = sv.size;
  if (scratchClients.length < n) {
    scratchClients = new Float64Array(2 * n);
    scratchBytes = new Uint8Array(8 * (1 + 4 * n));
  }
  const clients = scratchClients;
  let count = 0;
  // Insertion sort, highest client first: vectors hold a few dozen clients.
  for (const client of sv.keys()) {
    let j = count++;
    for (; j > 0 && clients[j - 1] < client; j--) clients[j] = clients[j - 1];
    clients[j] = client;
  }
  let at = writeVarUint(scratchBytes, 0, n);
  for (let i = 0; i < n; i++) at = writeVarUint(scratchBytes, writeVarUint(scratchBytes, at, clients[i]), sv.get(clients[i])!);
  return at;
}

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
  // Keys, not entries: an entry is an array allocated per writer, and gossip compares vectors
  // several times for every message.
  for (const client of b.keys()) {
    if (b.get(client)! > (a.get(client) ?? 0)) return false;
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
  b.forEach((clock, client) => {
    if (clock > (target.get(client) ?? 0)) target.set(client, clock);
  });
}

export function equalStateVectors(a: StateVector, b: StateVector): boolean {
  return covers(a, b) && covers(b, a);
}
