// The contract every replicated store keeps, and the Yjs plumbing they share: one Y.Doc per
// replica with its own client id, diffs against a state vector, validated application of a
// peer's update (with the peer as transaction origin), incrementally materialized state and
// change events.
//
// A store is two hooks on this base: `contentProblem` says which items a peer may send it (the
// base has already refused garbage-collected ranges and writes outside the store's root), and
// `integrate` folds one transaction's change (the items it integrated and deleted, read from the
// transaction itself: transaction-change.ts) into the store's materialized state, so neither a
// write nor a peer's update ever re-reads the document. A store that overwrites (a Y.Map key set
// twice deletes the item it replaces) also overrides `deletionProblem`, which refuses every
// delete by default.
import * as Y from 'yjs';
import { decodeStateVector, encodeStateVector, stateVectorKey, type StateVector } from './state-vector.js';
import { createStructLookup, referenceProblem, type StructLookup } from './struct-lookup.js';
import { encodeStructsSince } from './structs-update.js';
import { collectChange, type TransactionChange } from './transaction-change.js';

export interface ChangeEvent {
  /** The transaction origin: undefined for local writes, the peer for replicated ones. */
  origin: unknown;
  local: boolean;
}

/** A peer update this store has checked: apply() takes it without checking it again. */
export interface CheckedUpdate {
  readonly bytes: Uint8Array;
  /** The store that checked it: another store checks the bytes anew. */
  readonly checkedBy: ReplicatedStore;
}

export interface ReplicatedStore {
  readonly doc: Y.Doc;
  stateVector(): StateVector;
  /** A Yjs update with everything this replica has beyond `since` (everything when omitted). */
  diff(since?: StateVector): Uint8Array;
  /** Throws InvalidUpdateError when `update` is not one this store could have written. */
  validate(update: Uint8Array): CheckedUpdate;
  /**
   * Applies a peer's update (checked by validate() when given as bytes); throws
   * InvalidUpdateError and leaves the store as it was if it is corrupt.
   */
  apply(update: Uint8Array | CheckedUpdate, origin?: unknown): void;
  /** Called after every transaction that changed the store. Returns an unsubscribe function. */
  onChange(listener: (event: ChangeEvent) => void): () => void;
  /** Writes buffered local writes (YStoreOptions.defer) into the document now; usually none. */
  commit(): void;
}

export class InvalidUpdateError extends Error {
  constructor(reason: string) {
    super(`invalid update: ${reason}`);
    this.name = 'InvalidUpdateError';
  }
}

export interface YStoreOptions {
  /** Yjs client id of this replica: must never be reused by another writer. */
  clientId?: number;
  /**
   * Schedules a commit of buffered local writes (a node passes a zero-delay timer of its
   * clock). Without it every write is a Yjs transaction of its own. With it, the writes made
   * until the commit runs share one transaction (one change event, one update), so a burst of
   * adds pays Yjs's per-transaction cost once: reads see a write at once, and stateVector, diff,
   * apply and commit() commit what is buffered first.
   */
  defer?: (commit: () => void) => void;
}

/** What a subclass tells the base about its document. */
export interface StoreRoots {
  /** The one root type the store writes under. */
  root: string;
  /** Roots an earlier ygossip encoding of this store wrote under: updates naming them are refused
   *  with a message saying so (README, "Stores and peers from an earlier version"). */
  former?: readonly string[];
}

/** A random 32-bit client id from the given source (the simulation passes a seeded one). */
export function createClientId(random: () => number = Math.random): number {
  return Math.floor(random() * 0x1_0000_0000) >>> 0;
}

interface DecodedUpdate {
  structs: Array<Y.Item | Y.GC | Y.Skip>;
  ds: { clients: Map<number, Array<{ clock: number; len: number }>> };
}

/** Delete ranges of a decoded update, per writer: what a deletionProblem hook judges. */
export type DeleteRanges = ReadonlyMap<number, ReadonlyArray<{ readonly clock: number; readonly len: number }>>;

export abstract class YStore implements ReplicatedStore {
  readonly doc: Y.Doc;
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  protected readonly rootName: string;
  private readonly formerRoots: readonly string[];
  private readonly defer: ((commit: () => void) => void) | undefined;
  private commitDue = false;
  /** This replica's state vector and the diffs asked of it since the document last changed:
   *  a replicator asks for both on every message, often the same diff for several peers. */
  private cachedStateVector: StateVector | undefined;
  private readonly cachedDiffs = new Map<string, Uint8Array>();
  /** Whether any transaction has deleted an item: until one does, the document's delete set is
   *  empty and a diff is its structs alone (see diff()). */
  private deletedAny = false;

  protected constructor(roots: StoreRoots, options: YStoreOptions = {}) {
    this.rootName = roots.root;
    this.formerRoots = roots.former ?? [];
    this.defer = options.defer;
    this.doc = new Y.Doc({ gc: false });
    if (options.clientId !== undefined) this.doc.clientID = options.clientId;
    // Before any observer or listener runs, so they all see the materialized state current.
    this.doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
      const change = collectChange(tr);
      if (change.deleted.length > 0) this.deletedAny = true;
      if (change.inserted.length > 0 || change.deleted.length > 0) this.integrate(change);
    });
    // Dropped when a transaction starts and again after its cleanup, which merges structs and
    // so changes how a diff taken by an observer inside the transaction encodes them.
    const forget = (): void => {
      this.cachedStateVector = undefined;
      if (this.cachedDiffs.size > 0) this.cachedDiffs.clear();
    };
    this.doc.on('beforeTransaction', forget);
    this.doc.on('afterTransactionCleanup', forget);
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size === 0 && tr.deleteSet.clients.size === 0) return;
      const event: ChangeEvent = { origin: tr.origin, local: tr.local };
      for (const listener of this.listeners) listener(event);
    });
  }

  get clientId(): number {
    return this.doc.clientID;
  }

  /** Shared until the document next changes: callers must not modify it. */
  stateVector(): StateVector {
    this.commit();
    if (this.cachedStateVector) return this.cachedStateVector;
    // Read off each writer's last struct, as Yjs's encodeStateVector does, without encoding
    // and decoding it: a replicator asks for it on every message it sends.
    const sv: StateVector = new Map();
    for (const [client, structs] of this.doc.store.clients) {
      const last = structs[structs.length - 1];
      sv.set(client, last.id.clock + last.length);
    }
    this.cachedStateVector = sv;
    return sv;
  }

  encodedStateVector(): Uint8Array {
    this.commit();
    return Y.encodeStateVector(this.doc);
  }

  /** The same bytes for the same `since` until the document next changes: callers must not modify them. */
  diff(since?: StateVector): Uint8Array {
    this.commit();
    const key = since ? stateVectorKey(since) : '';
    let update = this.cachedDiffs.get(key);
    if (update === undefined) {
      update = this.encodeDiff(since);
      this.cachedDiffs.set(key, update);
    }
    return update;
  }

  // Yjs's encodeStateAsUpdate decodes the vector we encode for it, rebuilds our state vector and
  // walks every struct for the delete set. Without deletes or pending updates its bytes are the
  // structs past `since` and an empty delete set: written directly, the same bytes for less.
  private encodeDiff(since: StateVector | undefined): Uint8Array {
    const { pendingStructs, pendingDs } = this.doc.store;
    if (!this.deletedAny && pendingStructs === null && pendingDs === null) return encodeStructsSince(this.doc, since);
    return since ? Y.encodeStateAsUpdate(this.doc, encodeStateVector(since)) : Y.encodeStateAsUpdate(this.doc);
  }

  apply(update: Uint8Array | CheckedUpdate, origin?: unknown): void {
    const bytes =
      update instanceof Uint8Array || update.checkedBy !== this ? this.validate(update instanceof Uint8Array ? update : update.bytes).bytes : update.bytes;
    this.commit();
    try {
      Y.applyUpdate(this.doc, bytes, origin);
    } catch (e) {
      throw new InvalidUpdateError((e as Error).message);
    }
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  commit(): void {
    if (!this.commitDue) return;
    this.commitDue = false;
    this.commitWrites();
  }

  /** A subclass buffered a local write: commit it now, or schedule the commit once per batch. */
  protected written(): void {
    if (!this.defer) return this.commitWrites();
    if (this.commitDue) return;
    this.commitDue = true;
    this.defer(() => this.commit());
  }

  /** Writes every buffered local write into the document, in one transaction. */
  protected abstract commitWrites(): void;

  /** Checks an update before it touches the document. */
  validate(update: Uint8Array): CheckedUpdate {
    let decoded: DecodedUpdate;
    try {
      decoded = Y.decodeUpdate(update) as unknown as DecodedUpdate;
    } catch (e) {
      throw new InvalidUpdateError(`cannot decode (${(e as Error).message})`);
    }
    const lookup = createStructLookup(decoded.structs, this.doc);
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) continue;
      // Stores run without gc: a GC range would only fake a state vector.
      if (!(struct instanceof Y.Item)) throw new InvalidUpdateError('holds garbage-collected ranges; stores here never collect');
      // No bound on an item's length: one writer's consecutive appends merge into one item, so
      // a bound would refuse what a replica wrote, and its every later diff with it. The length
      // of the content accepted below is what the update really carries.
      const parent = struct.parent as unknown;
      if (typeof parent === 'string' && parent !== this.rootName) throw new InvalidUpdateError(this.foreignRoot(parent));
      const problem = referenceProblem(struct) ?? this.contentProblem(struct, lookup);
      if (problem !== undefined) throw new InvalidUpdateError(problem);
    }
    if (decoded.ds.clients.size > 0) {
      const problem = this.deletionProblem(decoded.ds.clients);
      if (problem !== undefined) throw new InvalidUpdateError(problem);
    }
    return { bytes: update, checkedBy: this };
  }

  private foreignRoot(parent: string): string {
    if (this.formerRoots.includes(parent)) {
      return `written in an earlier ygossip encoding (root "${parent}"); this version keeps its store under "${this.rootName}" and reads no other (README: stores and peers from an earlier version)`;
    }
    return `writes outside the "${this.rootName}" root`;
  }

  /**
   * Why this store would never have written `item` (a sentence), or undefined. Must accept
   * everything the store's own writes produce, or a replica's diffs are refused for good.
   * `lookup` finds what the item points at (its parent, when named by id), in the update or
   * this replica: Yjs itself follows such pointers without checking them.
   */
  protected abstract contentProblem(item: Y.Item, lookup: StructLookup): string | undefined;

  /** Why this store refuses an update's deletes, or undefined. The stores here only grow. */
  protected deletionProblem(_deletes: DeleteRanges): string | undefined {
    return 'deletes content; this store only grows';
  }

  /**
   * Folds one transaction's change into the store's materialized state. Called once per
   * transaction that integrated or deleted anything, local or replicated, before any listener;
   * must cost what changed, never what the store holds.
   */
  protected abstract integrate(change: TransactionChange): void;
}

export { decodeStateVector, encodeStateVector };
export type { StructLookup, TransactionChange };
