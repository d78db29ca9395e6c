// The base store's two hooks are enough for a store that overwrites: a register store as
// docs/library.md shows it (a Y.Map, several keys written in one transaction, concurrent
// writes to a key resolved by Yjs), built on YStore with no special case.
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { InvalidUpdateError, YStore, type StructLookup, type TransactionChange, type YStoreOptions } from '../../src/crdt/store.js';

class Registers extends YStore {
  private readonly map: Y.Map<unknown>;
  private readonly current = new Map<string, unknown>();
  readonly changes: TransactionChange[] = [];

  constructor(options: YStoreOptions = {}) {
    super({ root: 'registers' }, options);
    this.map = this.doc.getMap('registers');
  }

  write(entries: Record<string, unknown>): void {
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(entries)) this.map.set(key, value);
    });
  }

  read(key: string): unknown {
    return this.current.get(key);
  }

  protected contentProblem(item: Y.Item, _lookup: StructLookup): string | undefined {
    if (!(item.content instanceof Y.ContentAny)) return 'holds something other than a register value';
    // An overwrite is written after the entry it replaces (its origin), which names the key.
    if (item.parentSub === null && item.origin === null) return 'holds a value under no key';
    return undefined;
  }

  protected override deletionProblem(): string | undefined {
    return undefined;
  }

  protected integrate(change: TransactionChange): void {
    this.changes.push(change);
    for (const item of change.inserted) {
      const key = item.parentSub!;
      this.current.set(key, this.map.get(key));
    }
  }

  protected commitWrites(): void {}
}

describe('a register store on YStore', () => {
  test('a write of several keys reaches a peer as one transaction, overwrites and all', () => {
    const a = new Registers({ clientId: 1 });
    const b = new Registers({ clientId: 2 });
    a.write({ x: 1, y: 2 });
    a.write({ x: 3, z: 4 });
    b.apply(a.diff(), 'a');
    expect(b.changes).toHaveLength(1);
    expect(b.changes[0].inserted.map((item) => item.parentSub)).toEqual(['x', 'y', 'x', 'z']);
    expect(['x', 'y', 'z'].map((k) => b.read(k))).toEqual([3, 2, 4]);
    // Locally, the overwrite of x deleted the item it replaced.
    expect(a.changes[1].deleted.map((item) => item.parentSub)).toEqual(['x']);
  });

  test("concurrent writes to a key end equal on both replicas, by Yjs's rule", () => {
    const a = new Registers({ clientId: 1 });
    const b = new Registers({ clientId: 2 });
    a.write({ k: 'from a' });
    b.write({ k: 'from b' });
    const toB = a.diff(b.stateVector());
    const toA = b.diff(a.stateVector());
    b.apply(toB, 'a');
    a.apply(toA, 'b');
    expect(a.read('k')).toBe(b.read('k'));
    expect(a.read('k')).toBe(a.doc.getMap('registers').get('k'));
  });

  test('its own content check still refuses what it never writes', () => {
    const doc = new Y.Doc();
    doc.getMap('registers').set('t', new Y.Text('nope'));
    expect(() => new Registers({ clientId: 1 }).apply(Y.encodeStateAsUpdate(doc), 'x')).toThrow(InvalidUpdateError);
  });
});
