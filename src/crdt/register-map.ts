// A map of registers on a Yjs document (what bin/txn-rw-register stores): one Y.Map whose
// entries are registers named by string keys. A write of several keys is one Yjs transaction,
// so a replica integrates all of it or none of it (Yjs ships and applies a writer's structs in
// clock order, and a transaction's structs are contiguous), and a register written twice in one
// write only ever holds the last value. Concurrent writes to a register are resolved by Yjs's
// rule for map entries, the same on every replica: the entry integrated rightmost wins (of two
// writes made on the same state, the one with the higher client id), and every other entry of
// that key is deleted as the winner is integrated. The current values are materialized from
// each transaction's change, so a read touches no Yjs structure. Values are JSON within
// value-limits.ts, checked on write and in every peer update alike.
//
// All or none holds for a peer's update too: Yjs integrates a writer's entries in clock order
// up to the first one whose predecessor or origin it lacks and parks the rest, so an update
// that follows a lost one could show part of a transaction (an entry whose origin is a third
// node's entry the lost update carried, after its transaction's earlier entries). Such an update
// is held back whole, never applied: the replica's state vector stays behind, and the sender's
// next diff against it carries what was missing (the replicator resends what a report shows lost).
import * as Y from 'yjs';
import type { StateVector } from './state-vector.js';
import { encodeStructsSince } from './structs-update.js';
import { YStore, type CheckedUpdate, type StructLookup, type TransactionChange, type YStoreOptions } from './store.js';
import { assertValue, checkValue } from './value-limits.js';

const root = 'registers';

export class RegisterMap extends YStore {
  private readonly map: Y.Map<unknown>;
  private readonly current = new Map<string, unknown>();
  /** Updates validated while something they build on was missing; set by contentProblem. */
  private readonly incomplete = new WeakSet<CheckedUpdate>();
  private missing = false;
  private held = 0;

  constructor(options: YStoreOptions = {}) {
    super({ root }, options);
    this.map = this.doc.getMap(root);
  }

  /** The register's committed value on this replica; undefined when it was never written. */
  read(key: string): unknown {
    return this.current.get(key);
  }

  has(key: string): boolean {
    return this.current.has(key);
  }

  get size(): number {
    return this.current.size;
  }

  /** Every register and its value, as this replica holds them now. */
  entries(): Map<string, unknown> {
    return new Map(this.current);
  }

  /**
   * Writes every entry in one Yjs transaction. Throws InvalidValueError, writing none, if a
   * value breaks the limits of value-limits.ts.
   */
  write(entries: ReadonlyMap<string, unknown> | Iterable<readonly [string, unknown]>): void {
    const list = [...entries];
    for (const [, value] of list) assertValue(value);
    this.doc.transact(() => {
      for (const [key, value] of list) this.map.set(key, value);
    });
  }

  /**
   * Everything beyond `since`, without Yjs's delete set: this store deletes only entries that
   * an overwrite outranks, which every replica works out as it integrates the overwrite
   * (structs-update.ts), so a diff costs what it carries, not every write ever made.
   */
  override diff(since?: StateVector): Uint8Array {
    this.commit();
    return encodeStructsSince(this.doc, since);
  }

  /** Peer updates held back so far because Yjs would have integrated only part of them. */
  get heldBack(): number {
    return this.held;
  }

  override validate(update: Uint8Array): CheckedUpdate {
    this.missing = false;
    const checked = super.validate(update);
    if (this.missing) this.incomplete.add(checked);
    return checked;
  }

  /** Applies a peer's update if every entry in it can be integrated now; else holds it back whole. */
  override apply(update: Uint8Array | CheckedUpdate, origin?: unknown): void {
    const checked = update instanceof Uint8Array || update.checkedBy !== this ? this.validate(update instanceof Uint8Array ? update : update.bytes) : update;
    if (this.incomplete.has(checked)) {
      this.held++;
      return;
    }
    super.apply(checked, origin);
  }

  // Writes go straight into the document (one transaction per write): nothing is buffered.
  protected commitWrites(): void {}

  protected contentProblem(item: Y.Item, lookup: StructLookup): string | undefined {
    // Not a problem with the content: a note that Yjs would park this entry (its writer's
    // previous clock or its origin is neither here nor in the update), for apply to hold back.
    const { client, clock } = item.id;
    if ((clock > 0 && lookup.find(Y.createID(client, clock - 1)) === undefined) || (item.origin !== null && lookup.find(item.origin) === undefined))
      this.missing = true;
    // One value per write; Yjs merges a writer's consecutive overwrites of one key into one item
    // once both are deleted, so a peer may send several.
    if (!(item.content instanceof Y.ContentAny) || item.content.arr.length === 0) return 'holds something other than register values';
    // A map entry is written with no right neighbour; an overwrite names the entry it replaces
    // (its origin), which names the key; a first write names the key itself.
    if (item.rightOrigin !== null) return 'holds an entry placed before another, which a map write never does';
    if (item.parentSub === null && item.origin === null) return 'holds a value under no key';
    for (const value of item.content.arr) {
      const problem = checkValue(value);
      if (problem !== undefined) return `holds a value that ${problem}`;
    }
    return undefined;
  }

  /** An overwrite deletes the entry it replaces: a peer's update carries such deletes. */
  protected override deletionProblem(): string | undefined {
    return undefined;
  }

  protected integrate(change: TransactionChange): void {
    // Each key an entry was integrated or deleted under, read once the whole transaction is in:
    // its current value is the map's (Yjs has already deleted the entries that lost). A delete
    // with no overwrite beside it (a peer's update may carry one) leaves the key unwritten.
    for (const list of [change.inserted, change.deleted]) {
      for (const item of list) {
        const key = item.parentSub;
        if (key === null) continue;
        if (this.map.has(key)) this.current.set(key, this.map.get(key));
        else this.current.delete(key);
      }
    }
  }
}
