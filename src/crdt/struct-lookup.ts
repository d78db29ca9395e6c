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
  let byClient: Map<number, Struct[]> | undefined;
  return {
    find(id) {
      byClient ??= groupByClient(structs);
      const inUpdate = findIn(byClient.get(id.client), id.clock);
      if (inUpdate !== undefined) return inUpdate;
      if (id.clock >= Y.getState(doc.store, id.client)) return undefined;
      return Y.getItem(doc.store, id);
    },
  };
}

/** Each writer's structs in clock order (a decoded update lists them so, unless it is forged). */
function groupByClient(structs: readonly Struct[]): Map<number, Struct[]> {
  const out = new Map<number, Struct[]>();
  for (const struct of structs) {
    let list = out.get(struct.id.client);
    if (!list) out.set(struct.id.client, (list = []));
    list.push(struct);
  }
  for (const list of out.values()) {
    for (let i = 1; i < list.length; i++) {
      if (list[i].id.clock < list[i - 1].id.clock) {
        list.sort((a, b) => a.id.clock - b.id.clock);
        break;
      }
    }
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
  const { client, clock } = item.id;
  const parent = item.parent instanceof Y.ID ? item.parent : null;
  for (const ref of [item.origin, item.rightOrigin, parent]) {
    if (ref !== null && ref.client === client && ref.clock >= clock) return 'refers to its own writer\'s later structs';
  }
  return undefined;
}
