// A Yjs update holding every struct a document has beyond a state vector and no delete set:
// Yjs's encodeStateAsUpdate writes the whole document's delete set into every diff, which for
// a store that overwrites (every Y.Map write deletes the entry it replaces) grows with all the
// writes ever made (after 25,000 overwrites a diff of 10 writes is 5.4 KB, after 100,000 24 KB;
// docs/BENCHMARKS.md, group txn). A store whose only deletes are map overwrites can leave them out: integrating an
// entry deletes whichever entries of its key it outranks, on every replica alike (Yjs's
// Item.integrate), so the receiver computes the same deletes itself. Written with Yjs's own
// struct encoders (Item.write), in the order encodeStateAsUpdate uses.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { StateVector } from './state-vector.js';

export function encodeStructsSince(doc: Y.Doc, since: StateVector = new Map()): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const from: [client: number, clock: number][] = [];
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    const clock = Math.max(since.get(client) ?? 0, structs[0].id.clock);
    if (last.id.clock + last.length > clock) from.push([client, clock]);
  }
  encoding.writeVarUint(encoder.restEncoder, from.length);
  // Higher client ids first, as Yjs writes them (it integrates conflicts faster so).
  from.sort((a, b) => b[0] - a[0]);
  for (const [client, clock] of from) {
    const structs = doc.store.clients.get(client)!;
    const first = Y.findIndexSS(structs, clock);
    encoding.writeVarUint(encoder.restEncoder, structs.length - first);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, clock);
    structs[first].write(encoder, clock - structs[first].id.clock);
    for (let i = first + 1; i < structs.length; i++) structs[i].write(encoder, 0);
  }
  // An empty delete set.
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}
