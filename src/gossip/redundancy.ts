// How a peer's update relates to what this replica holds, per writer: the tree's sign of a second
// path (tree-gossip.ts). Yjs diffs hold, per writer, one run of clocks; a run that starts below
// our clock for its writer repeats something, and one that ends above it brings news.
import * as Y from 'yjs';
import type { StateVector } from '../crdt/state-vector.js';

export interface Runs {
  /** Writers whose run starts below our clock: data we already hold. */
  repeated: number[];
  /** Writers whose run ends above our clock: data this update brings first. */
  fresh: number[];
}

export function compareRuns(update: Uint8Array, ours: StateVector): Runs {
  const { from, to } = Y.parseUpdateMeta(update);
  const repeated = [...from].filter(([client, clock]) => clock < (ours.get(client) ?? 0)).map(([client]) => client);
  const fresh = [...to].filter(([client, clock]) => clock > (ours.get(client) ?? 0)).map(([client]) => client);
  return { repeated, fresh };
}

export function repeatsHeld(update: Uint8Array, ours: StateVector): boolean {
  return compareRuns(update, ours).repeated.length > 0;
}
