// The contract every replicated store keeps, and the Yjs plumbing they share: one Y.Doc per
// replica with its own client id, diffs against a state vector, validated application of a
// peer's update (with the peer as transaction origin) and change events.
import * as Y from 'yjs';
import { decodeStateVector, encodeStateVector, type StateVector } from './state-vector.js';

export interface ChangeEvent {
  /** The transaction origin: undefined for local writes, the peer for replicated ones. */
  origin: unknown;
  local: boolean;
}

export interface ReplicatedStore {
  readonly doc: Y.Doc;
  stateVector(): StateVector;
  /** A Yjs update with everything this replica has beyond `since` (everything when omitted). */
  diff(since?: StateVector): Uint8Array;
  /** Throws InvalidUpdateError when `update` is not one this store could have written. */
  validate(update: Uint8Array): void;
  /** Applies a peer's update; throws InvalidUpdateError and leaves the store as it was if corrupt. */
  apply(update: Uint8Array, origin?: unknown): void;
  /** Called after every transaction that changed the store. Returns an unsubscribe function. */
  onChange(listener: (event: ChangeEvent) => void): () => void;
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
}

/** A random 32-bit client id from the given source (the simulation passes a seeded one). */
export function createClientId(random: () => number = Math.random): number {
  return Math.floor(random() * 0x1_0000_0000) >>> 0;
}

/**
 * Shared base: subclasses name their root type and the content they accept. Stores here only
 * grow, so a valid peer update holds Items of ContentAny under the store's root and nothing
 * deleted: anything else (GC ranges that would fake a state vector, deletions, foreign types)
 * is corrupt.
 */
export abstract class YStore implements ReplicatedStore {
  readonly doc: Y.Doc;
  private readonly listeners = new Set<(event: ChangeEvent) => void>();

  protected constructor(
    protected readonly rootName: string,
    options: YStoreOptions = {},
  ) {
    this.doc = new Y.Doc({ gc: false });
    if (options.clientId !== undefined) this.doc.clientID = options.clientId;
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size === 0 && tr.deleteSet.clients.size === 0) return;
      const event: ChangeEvent = { origin: tr.origin, local: tr.local };
      for (const listener of this.listeners) listener(event);
    });
  }

  get clientId(): number {
    return this.doc.clientID;
  }

  stateVector(): StateVector {
    return Y.decodeStateVector(Y.encodeStateVector(this.doc));
  }

  encodedStateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  diff(since?: StateVector): Uint8Array {
    return since ? Y.encodeStateAsUpdate(this.doc, encodeStateVector(since)) : Y.encodeStateAsUpdate(this.doc);
  }

  apply(update: Uint8Array, origin?: unknown): void {
    this.validate(update);
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (e) {
      throw new InvalidUpdateError((e as Error).message);
    }
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks an update before it touches the document. */
  validate(update: Uint8Array): void {
    let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: { clients: Map<number, unknown[]> } };
    try {
      decoded = Y.decodeUpdate(update) as unknown as typeof decoded;
    } catch (e) {
      throw new InvalidUpdateError(`cannot decode (${(e as Error).message})`);
    }
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) continue;
      if (!(struct instanceof Y.Item)) throw new InvalidUpdateError('holds garbage-collected ranges; stores here never delete');
      // No bound on an item's length: one writer's consecutive appends merge into one item, so
      // a bound would refuse what a replica wrote, and its every later diff with it. The length
      // of the content accepted below is what the update really carries.
      const parent = struct.parent as unknown;
      if (parent !== null && parent !== this.rootName) throw new InvalidUpdateError(`writes outside the "${this.rootName}" root`);
      const problem = this.contentProblem(struct);
      if (problem !== undefined) throw new InvalidUpdateError(problem);
    }
    if (decoded.ds.clients.size > 0) throw new InvalidUpdateError('deletes content; stores here only grow');
  }

  /**
   * Why this store would never have written `item` (a sentence), or undefined. Must accept
   * everything the store's own writes produce, or a replica's diffs are refused for good.
   */
  protected abstract contentProblem(item: Y.Item): string | undefined;
}

export { decodeStateVector, encodeStateVector };
