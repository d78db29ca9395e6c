// An append-only log of JSON values on a Yjs document, written so that its cost grows with what
// is appended, not with what it holds: a root Y.Array of chunks, each chunk a Y.Array that one
// writer fills with at most `chunkSize` values before it starts its next one. The grow-only set
// and the counters keep their values here.
//
// Why chunks. Yjs merges consecutive items of one writer into one ContentAny by concatenating
// arrays, so one flat Y.Array copies everything a writer added before on each add: 20k adds
// took 0.66 s and 40k 4.6 s. Chunks bound that copy by the chunk size and keep the number of
// Yjs structs (which a diff walks once, for the delete set) at two per chunk. Measured against
// the other candidates with `npm run bench -- store` (figures in docs/BENCHMARKS.md, group
// store): one writer, one add per transaction, yjs 13.6.33, Node 20 on the shared dev VM,
//   candidate                  200k adds   1M adds   state, 200k   diff of 10 new at 200k
//   chunks of 256 (this)       ≈0.65 s     ≈3.3 s     ≈0.81 MB      61 B, ≈20 µs
//   Y.Map, a key per value     ≈0.73 s     —          3.3 MB        181 B, ≈1.3 ms
//   Y.Array, insert at 0       ≈0.56 s     —          2.8 MB        151 B, ≈0.9 ms
//   Y.Array of ContentBinary   108 s (a push walks the whole unmerged list)
//   Y.Array, push (before)     quadratic: 40k adds 4.6 s
// A key per value or an unmerged item per value costs a Yjs Item each (10× the heap), and every
// diff walks them all for the delete set, so a diff costs O(size): those lose on everything but
// the add itself.
//
// Reading: every value of every ContentAny item is an entry, wherever the item sits: placement
// cannot change what a replica holds, so a misplaced item from a hostile peer costs no
// convergence (and its values passed the same check as any other).
import * as Y from 'yjs';
import type { StructLookup } from './struct-lookup.js';

/** Values per chunk: see the module header and docs/BENCHMARKS.md for the measurement. */
export const defaultChunkSize = 256;

export class ChunkedLog<T> {
  private readonly root: Y.Array<Y.Array<T>>;
  private chunk: Y.Array<T> | undefined;
  private fill = 0;
  /** Yjs client the current chunk was started by: a chunk is only ever filled by its writer. */
  private chunkWriter = -1;

  constructor(
    private readonly doc: Y.Doc,
    readonly rootName: string,
    private readonly chunkSize = defaultChunkSize,
  ) {
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size must be a positive integer, not ${chunkSize}`);
    this.root = doc.getArray<Y.Array<T>>(rootName);
  }

  /** Appends `values` in one transaction. */
  append(values: readonly T[]): void {
    if (values.length === 0) return;
    this.doc.transact(() => {
      for (let i = 0; i < values.length; ) {
        if (this.chunk === undefined || this.fill >= this.chunkSize || this.chunkWriter !== this.doc.clientID) this.startChunk();
        const take = Math.min(values.length - i, this.chunkSize - this.fill);
        this.chunk!.push(i === 0 && take === values.length ? (values as T[]) : values.slice(i, i + take));
        this.fill += take;
        i += take;
      }
    });
  }

  private startChunk(): void {
    this.chunk = new Y.Array<T>();
    this.root.push([this.chunk]);
    this.fill = 0;
    this.chunkWriter = this.doc.clientID;
  }
}

/** The entries an item of a chunked log holds: its values, or none for a chunk itself. */
export function loggedValues(item: Y.Item): readonly unknown[] {
  return item.content instanceof Y.ContentAny ? item.content.getContent() : [];
}

/**
 * Why a decoded peer item is not one a chunked log under `rootName` writes, or undefined:
 * chunks (empty Y.Arrays) directly under the root, values (ContentAny, each judged by
 * `valueProblem`) inside a chunk of their own writer, nothing keyed. An item whose parent Yjs
 * infers from its left neighbour names none, and is judged by its content alone.
 */
export function chunkedLogProblem(item: Y.Item, rootName: string, lookup: StructLookup, valueProblem: (value: unknown) => string | undefined): string | undefined {
  if (item.parentSub !== null) return 'holds a keyed entry, which a chunked log never writes';
  const parent = item.parent as unknown;
  const { content } = item;
  if (content instanceof Y.ContentType) {
    if (!(content.type instanceof Y.Array)) return 'holds a shared type other than a chunk (Y.Array)';
    if (parent !== null && parent !== rootName) return 'holds a chunk nested inside another type';
    return undefined;
  }
  if (!(content instanceof Y.ContentAny)) return 'holds content of a kind this store never writes';
  if (parent === rootName) return 'holds values outside a chunk';
  if (parent instanceof Y.ID) {
    // A chunk's first values are written with it, in one transaction: the update or this
    // replica holds it whenever a legitimate update names it.
    const chunk = parent.client === item.id.client ? lookup.find(parent) : undefined;
    if (!(chunk instanceof Y.Item && chunk.content instanceof Y.ContentType && chunk.id.clock === parent.clock)) {
      return 'puts values into something that is not a chunk of their own writer';
    }
  }
  for (const value of content.getContent()) {
    const reason = valueProblem(value);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
