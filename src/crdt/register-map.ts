// A map of registers on a Yjs document (what bin/txn-rw-register stores): one Y.Map whose
// entries are registers named by string keys. A write of several keys is one Yjs transaction,
// so a replica integrates all of it or none of it (Yjs ships and applies a writer's structs in
// clock order, and a transaction's structs are contiguous), and a register written twice in one
// write only ever holds the last value. Concurrent writes to a register are resolved by Yjs's
// rule for map entries, the same on every replica: the entry integrated rightmost wins (of two
// writes unaware of each other, the one with the higher client id), and every other entry of
// that key is deleted as the winner is integrated. The current values are materialized from
// each transaction's change, so a read touches no Yjs structure. Values are JSON within
// value-limits.ts, checked on write and in every peer update alike.
import * as Y from 'yjs';
import type { StateVector } from './state-vector.js';
import { encodeStructsSince } from './structs-update.js';
import { YStore, type StructLookup, type TransactionChange, type YStoreOptions } from './store.js';
import { assertValue, checkValue } from './value-limits.js';

const root = 'registers';

export class RegisterMap extends YStore {
  private readonly map: Y.Map<unknown>;
  private readonly current = new Map<string, unknown>();

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

  // Writes go straight into the document (one transaction per write): nothing is buffered.
  protected commitWrites(): void {}

  protected contentProblem(item: Y.Item, _lookup: StructLookup): string | undefined {
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
