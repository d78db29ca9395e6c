import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { GrowOnlySet } from '../../src/crdt/g-set.js';
import { decodeStateVector, encodeStateVector, mergeInto, stateVectorKey, type StateVector } from '../../src/crdt/state-vector.js';

// Client ids are 32-bit; clocks any safe integer. Up to 150 entries: past the scratch arrays' first size.
const vector = fc
  .array(fc.tuple(fc.nat({ max: 0xffff_ffff }), fc.oneof(fc.nat({ max: 1000 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }))), { maxLength: 150 })
  .map((entries) => new Map(entries) as StateVector);

describe('state vectors', () => {
  test('encodeStateVector writes exactly the bytes Yjs writes, whatever the order of insertion', () => {
    fc.assert(
      fc.property(vector, (sv) => {
        expect(encodeStateVector(sv)).toEqual(Y.encodeStateVector(sv));
        expect(decodeStateVector(encodeStateVector(sv))).toEqual(sv);
        const reversed = new Map([...sv].reverse());
        expect(encodeStateVector(reversed)).toEqual(Y.encodeStateVector(sv));
      }),
      { numRuns: 300 },
    );
  });

  test("encoded after a longer vector, a short one is not followed by the longer one's bytes", () => {
    const long: StateVector = new Map(Array.from({ length: 200 }, (_, i) => [i * 7919, i + 1]));
    encodeStateVector(long);
    const short: StateVector = new Map([[5, 3]]);
    expect(encodeStateVector(short)).toEqual(Y.encodeStateVector(short));
  });

  test('stateVectorKey: equal vectors share a key, different ones do not', () => {
    fc.assert(
      fc.property(vector, vector, (a, b) => {
        const same = Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
        expect(stateVectorKey(a) === stateVectorKey(b)).toBe(same);
        expect(stateVectorKey(new Map([...a].reverse()))).toBe(stateVectorKey(a));
      }),
      { numRuns: 300 },
    );
  });

  test('mergeInto raises the target to the entry-wise maximum and leaves the other as it was', () => {
    const target: StateVector = new Map([
      [1, 5],
      [2, 1],
    ]);
    const other: StateVector = new Map([
      [2, 4],
      [3, 2],
      [1, 3],
    ]);
    mergeInto(target, other);
    expect(target).toEqual(
      new Map([
        [1, 5],
        [2, 4],
        [3, 2],
      ]),
    );
    expect(other).toEqual(
      new Map([
        [2, 4],
        [3, 2],
        [1, 3],
      ]),
    );
  });
});

describe("a store's state vector and diffs are kept only until it changes", () => {
  test('after a write or an applied update they are taken anew', () => {
    const a = new GrowOnlySet<number>({ clientId: 1 });
    const b = new GrowOnlySet<number>({ clientId: 2 });
    a.add(1);
    const since = b.stateVector();
    const before = a.diff(since);
    expect(a.diff(since)).toBe(before); // kept
    const sv = a.stateVector();
    a.add(2);
    expect(a.stateVector()).not.toBe(sv);
    expect(a.stateVector().get(1)).toBe(sv.get(1)! + 1);
    b.apply(a.diff(since), 'a');
    expect([...b.values()].sort()).toEqual([1, 2]);
    b.add(3);
    a.apply(b.diff(a.stateVector()), 'b');
    expect([...a.values()].sort()).toEqual([1, 2, 3]);
    expect(a.diff(since)).toEqual(Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(since)));
  });

  test('a diff taken by a change listener, inside the transaction, is not served once Yjs merged the structs', () => {
    const a = new GrowOnlySet<number>({ clientId: 1 });
    const empty: StateVector = new Map();
    const inside: Uint8Array[] = [];
    a.add(1);
    a.onChange(() => inside.push(a.diff(empty)));
    a.add(2); // its item merges with the first one after the listeners ran
    expect(inside).toHaveLength(1);
    const after = a.diff(empty);
    expect(after).toEqual(Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(empty)));
    expect(after).not.toEqual(inside[0]); // one struct where the listener saw two
  });
});
