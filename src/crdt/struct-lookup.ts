// Finds the struct an id in a peer's update refers to, in the update itself or in the document
// it is about to be applied to, so a store can check what an item points at before Yjs follows
// the pointer. Yjs trusts its input: an item whose parent names a struct that is not a shared
// type, or whose own writer's references point forward, throws in the middle of applyUpdate and
// leaves a transaction half done.
import * as Y from 'yjs';

export interface StructLookup {
  /** The struct holding `id` in the update or the document; undefined when neither holds it. */
  find(id: Y.ID): Y.Item | Y.GC | undefined;
}

type Struct = Y.Item | Y.GC | Y.Skip;

export function createStructLookup(structs: readonly Struct[], doc: Y.Doc): StructLookup {
  let ranges: Map<number, Struct[]> | undefined;
  return {
    find(id) {
      ranges ??= runsByClient(structs);
      const inUpdate = findIn(ranges.get(id.client), id.clock);
      if (inUpdate !== undefined) return inUpdate;
      if (id.clock >= Y.getState(doc.store, id.client)) return undefined;
      return Y.getItem(doc.store, id);
    },
  };
}

/**
 * Each writer's structs in clock order. A decoded update lists them so, one run per writer, so
 * a run is sliced off whole; a forged update that splits or disorders them is sorted.
 */
function runsByClient(structs: readonly Struct[]): Map<number, Struct[]> {
  const out = new Map<number, Struct[]>();
  for (let start = 0; start < structs.length; ) {
    const client = structs[start].id.client;
    let end = start + 1;
    while (end < structs.length && structs[end].id.client === client && structs[end].id.clock > structs[end - 1].id.clock) end++;
    const run = structs.slice(start, end);
    const earlier = out.get(client);
    out.set(client, earlier ? [...earlier, ...run].sort((a, b) => a.id.clock - b.id.clock) : run);
    start = end;
  }
  return out;
}

function findIn(structs: Struct[] | undefined, clock: number): Y.Item | Y.GC | undefined {
  if (!structs) return undefined;
  let lo = 0;
  let hi = structs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const struct = structs[mid];
    if (clock < struct.id.clock) hi = mid - 1;
    else if (clock >= struct.id.clock + struct.length) lo = mid + 1;
    else return struct instanceof Y.Skip ? undefined : struct;
  }
  return undefined;
}

/**
 * Why an item's references could not come from its writer, or undefined: whatever an item
 * points at (its left and right neighbours when written, a parent named by id) existed when it
 * was written, so a reference to its own writer's structs points to an earlier clock.
 */
export function referenceProblem(item: Y.Item): string | undefined {
  const { id, origin, rightOrigin, parent } = item;
  const later = (ref: Y.ID | null): boolean => ref !== null && ref.client === id.client && ref.clock >= id.clock;
  if (later(origin) || later(rightOrigin) || (parent instanceof Y.ID && later(parent))) return "refers to its own writer's later structs";
  return undefined;
}
