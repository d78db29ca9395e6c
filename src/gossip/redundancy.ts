// Whether a peer's update repeats what this replica already holds: the tree's sign of a second
// path (tree.ts). Yjs diffs hold, per writer, one run of clocks; the update repeats something
// when a run starts below our own clock for that writer.
import * as Y from 'yjs';
import type { StateVector } from '../crdt/state-vector.js';

export function repeatsHeld(update: Uint8Array, ours: StateVector): boolean {
  const { from } = Y.parseUpdateMeta(update);
  for (const [client, clock] of from) if (clock < (ours.get(client) ?? 0)) return true;
  return false;
}
