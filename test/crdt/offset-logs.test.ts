// The offset logs store: an owner's appends get offsets past everything its replica knows; a
// replica serves an entry only once its writer vouched for it; replicas that exchange diffs in
// any order serve the same logs; committed offsets merge by maximum; a restarted owner adopts
// what its predecessors wrote and never vouched for; a peer's update outside the record shapes
// is refused whole.
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { OffsetLogs } from '../../src/crdt/offset-logs.js';
import { InvalidUpdateError } from '../../src/crdt/store.js';
import { InvalidValueError } from '../../src/crdt/value-limits.js';

/** Sends everything `from` has that `to` lacks. */
const sync = (from: OffsetLogs, to: OffsetLogs): void => to.apply(from.diff(to.stateVector()), 'peer');

describe('offset logs', () => {
  test('an owner appends 0, 1, 2… per key; nothing is served before the vouch, everything after', () => {
    const owner = new OffsetLogs({ clientId: 1 });
    expect([owner.append('a', 'x'), owner.append('a', 'y'), owner.append('b', 'z')]).toEqual([0, 1, 0]);
    const replica = new OffsetLogs({ clientId: 2 });
    sync(owner, replica);
    expect(owner.poll('a', 0)).toEqual([]);
    expect(replica.poll('a', 0)).toEqual([]);
    owner.vouch(2);
    sync(owner, replica);
    expect(replica.poll('a', 0)).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
    expect(replica.poll('b', 0)).toEqual([]);
    owner.vouch();
    sync(owner, replica);
    for (const store of [owner, replica]) expect(store.poll('b', 0)).toEqual([[0, 'z']]);
    expect(replica.poll('a', 1, 1)).toEqual([[1, 'y']]);
  });

  test('buffered writes (a node in memory) land in one transaction with their vouch after them', () => {
    const due: (() => void)[] = [];
    const owner = new OffsetLogs({ clientId: 1, defer: (commit) => void due.push(commit) });
    let transactions = 0;
    owner.doc.on('afterTransaction', () => transactions++);
    for (let m = 0; m < 5; m++) owner.append('k', m);
    owner.vouch();
    expect(owner.ownEntries).toBe(5);
    due.splice(0).forEach((commit) => commit());
    expect(transactions).toBe(1);
    expect(owner.poll('k', 3)).toEqual([
      [3, 3],
      [4, 4],
    ]);
  });

  test('a writer continues after every offset its replica knows of, even ones never vouched for', () => {
    const old = new OffsetLogs({ clientId: 1 });
    old.append('k', 'a');
    old.vouch();
    old.append('k', 'junk');
    const next = new OffsetLogs({ clientId: 2 });
    sync(old, next);
    expect(next.append('k', 'b')).toBe(2);
    next.vouch();
    expect(next.poll('k', 0)).toEqual([
      [0, 'a'],
      [2, 'b'],
    ]);
  });

  test('replicas that exchange diffs in any order serve the same logs and committed offsets', () => {
    const owners = [1, 2, 3].map((id) => new OffsetLogs({ clientId: id }));
    owners.forEach((store, i) => {
      for (let m = 0; m < 20; m++) store.append(`k${i}`, m);
      store.vouch();
      store.commitOffset('shared', 5 * (i + 1));
      store.commitOffset('shared', 1);
    });
    const a = new OffsetLogs({ clientId: 10 });
    const b = new OffsetLogs({ clientId: 11 });
    for (const store of owners) sync(store, a);
    for (const store of [...owners].reverse()) sync(store, b);
    for (const key of ['k0', 'k1', 'k2']) expect(a.poll(key, 0)).toEqual(b.poll(key, 0));
    expect(a.poll('k1', 18)).toEqual([
      [18, 18],
      [19, 19],
    ]);
    expect([a.committed('shared'), b.committed('shared'), a.committed('none')]).toEqual([15, 15, undefined]);
  });

  test('committing a lower offset writes nothing', () => {
    const store = new OffsetLogs({ clientId: 1 });
    store.commitOffset('k', 4);
    const before = Y.encodeStateVector(store.doc);
    store.commitOffset('k', 3);
    store.commitOffset('k', 4);
    expect(Y.encodeStateVector(store.doc)).toEqual(before);
    expect(() => store.commitOffset('k', -1)).toThrow(RangeError);
  });

  test('a restarted owner adopts, link by link, the newest incarnation’s entries it never vouched for', () => {
    const first = new OffsetLogs({ clientId: 1 });
    first.declareIncarnation();
    first.append('k', 'a');
    first.vouch();
    first.append('k', 'lost'); // never durable at its writer: it only came back from a peer
    const second = new OffsetLogs({ clientId: 2 });
    sync(first, second);
    expect(second.declareIncarnation()).toBe(2);
    // Written by the second incarnation over what its disk held (offset 1 taken by 'lost', so 2).
    second.append('k', 'kept');
    second.append('k', 'also kept');
    const third = new OffsetLogs({ clientId: 3 });
    sync(second, third);
    third.declareIncarnation();
    expect(third.adopt((key) => key === 'k')).toBe(2);
    third.vouch();
    expect(third.poll('k', 0)).toEqual([
      [0, 'a'],
      [2, 'kept'],
      [3, 'also kept'],
    ]);
    expect(third.append('k', 'next')).toBe(4);
    // Keys it does not own are left alone.
    expect(new OffsetLogs({ clientId: 4 }).adopt(() => false)).toBe(0);
  });

  test('a message the store would not hold is refused before anything is appended', () => {
    const store = new OffsetLogs({ clientId: 1 });
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(() => store.append('k', deep)).toThrow(InvalidValueError);
    expect(store.append('k', 'fine')).toBe(0);
  });

  test("a peer's update with a record outside the shapes is refused whole, and the store stays as it was", () => {
    const forge = (record: unknown): Uint8Array => {
      const doc = new Y.Doc();
      doc.clientID = 99;
      const root = doc.getArray<Y.Array<unknown>>('offset-logs');
      const chunk = new Y.Array<unknown>();
      root.push([chunk]);
      chunk.push([record]);
      return Y.encodeStateAsUpdate(doc);
    };
    const store = new OffsetLogs({ clientId: 1 });
    expect(() => store.apply(forge(['e', 'k', 0, -1, 'ok']))).not.toThrow();
    for (const bad of [['e', 'k', 1, 1, 'x'], ['v', -1], ['k', 3, 1], ['z'], 'text']) {
      const other = new OffsetLogs({ clientId: 2 });
      expect(() => other.apply(forge(bad))).toThrow(InvalidUpdateError);
      expect(other.poll('k', 0)).toEqual([]);
      expect(other.stateVector().size).toBe(0);
    }
  });
});
