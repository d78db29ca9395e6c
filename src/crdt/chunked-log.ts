// An append-only log of JSON values on a Yjs document, written so that its cost grows with what
// is appended, not with what it holds: a root Y.Array of chunks, each chunk a Y.Array that one
// writer fills with at most `chunkSize` values before it starts its next one. The grow-only set
// and the counters keep their values here.
//
// Why chunks. Yjs merges consecutive items of one writer into one ContentAny by concatenating
// arrays, so one flat Y.Array copies everything a writer added before on each add (quadratic:
// 20k adds 0.66 s, 40k 4.6 s). Chunks bound that copy by the chunk size, and keep the Yjs
// structs few (two per chunk), which matters because every diff walks all structs once for the
// delete set. `npm run bench -- store` (docs/BENCHMARKS.md, group store; yjs 13.6.33, one
// writer, one add per transaction, a shared 2-core VM: add times swing by a third run to run):
//   candidate                  200k adds   1M adds   heap at 1M   state at 200k   diff of 10 at 1M
//   flat Y.Array (before)      quadratic: 50k adds took 10.6 s
//   flat, a push per 200 adds  0.80 s      28.1 s    12 MB        0.79 MB         (a batch) 142 µs
//   Y.Map, a key per value     1.12 s      6.8 s     309 MB       3.3 MB          187 B, 11.0 ms
//   Y.Array, insert at 0       0.67 s      5.7 s     365 MB       2.0 MB          107 B, 10.5 ms
//   Y.Array of ContentBinary   quadratic: 50k took 6.2 s (each push walks the unmerged list)
//   chunks of 64 / 256         0.82 / 0.81 s  7.1 / 4.3 s  26 / 15 MB  0.83 / 0.80 MB  66 B, 252 / 398 µs
//   chunks of 1024 (this)      0.76 s      6.0 s     13 MB        0.79 MB         53 B, 65 µs
// A key or an unmerged item per value costs a Yjs Item each (25× the heap) and a diff that
// walks them all; inserting at the front also makes concurrent writers' inserts quadratic to
// integrate (25 writers, 100k values: stopped unfinished after 180 s). Batching only divides the
// quadratic copy. The chunk size trades the copy per add (half a chunk) against the structs a
// diff walks; a node without storage also batches its adds (store.ts, `defer`).
// Dependencies: a value names only its own writer's earlier items (its chunk, or the value
// before it), never another writer's neighbour as in the flat array, so a peer's values are
// held back only by that peer's own missing updates.
//
// Reading: every value of every ContentAny item is an entry, wherever the item sits: placement
// cannot change what a replica holds, so a misplaced item from a hostile peer costs no
// convergence (and its values passed the same check as any other).
import * as Y from 'yjs';
import type { StructLookup } from './struct-lookup.js';

/** Values per chunk: see the module header and docs/BENCHMARKS.md for the measurement. */
export const defaultChunkSize = 1024;

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
export function chunkedLogProblem(
  item: Y.Item,
  rootName: string,
  lookup: StructLookup,
  valueProblem: (value: unknown) => string | undefined,
): string | undefined {
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
