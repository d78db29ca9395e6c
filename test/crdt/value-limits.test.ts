// The value limits: exact at their boundaries, iterative (no stack overflow on any input), the
// same for a store's add and for a peer's update, and never refusing what a replica wrote.
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { GCounter } from '../../src/crdt/g-counter.js';
import { GrowOnlySet } from '../../src/crdt/g-set.js';
import { InvalidUpdateError } from '../../src/crdt/store.js';
import { InvalidValueError, assertValue, checkValue, valueLimits } from '../../src/crdt/value-limits.js';

const { maxDepth, maxBytes } = valueLimits;

function nestedArrays(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function nestedObjects(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { k: v };
  return v;
}

/** An update as another Yjs writer would send it, holding `values` under the set's root. */
function foreignUpdate(...values: unknown[]): Uint8Array {
  const doc = new Y.Doc({ gc: false });
  doc.clientID = 77;
  const chunk = new Y.Array<unknown>();
  doc.getArray('value-chunks').push([chunk]);
  chunk.push(values);
  return Y.encodeStateAsUpdate(doc);
}

describe('checkValue', () => {
  test('depth: the limit passes, one more is refused naming the limit, any depth is checked without overflow', () => {
    expect(checkValue(nestedArrays(maxDepth))).toBeUndefined();
    expect(checkValue(nestedObjects(maxDepth))).toBeUndefined();
    for (const v of [nestedArrays(maxDepth + 1), nestedObjects(maxDepth + 1), nestedArrays(1_000_000)]) {
      expect(checkValue(v)).toBe(`is nested more than ${maxDepth} levels deep (at most ${maxDepth} levels of arrays and objects)`);
    }
    expect(checkValue(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toMatch(/nested more than/);
  });

  test('size: the bytes of JSON.stringify, exactly, at the limit and one past it', () => {
    const cases: [string, number][] = [
      ['x', 1],
      ['é', 2],
      ['€', 3],
      ['😀', 4],
      ['\n', 2],
      ['\u0001', 6],
      ['"', 2],
    ];
    for (const [ch, bytes] of cases) {
      const count = Math.floor((maxBytes - 2) / bytes);
      const fits = ch.repeat(count);
      const room = maxBytes - Buffer.byteLength(JSON.stringify(fits));
      expect(room).toBeGreaterThanOrEqual(0);
      expect(checkValue(fits + 'x'.repeat(room)), `${JSON.stringify(ch)} at the limit`).toBeUndefined();
      expect(checkValue(fits + 'x'.repeat(room + 1)), `${JSON.stringify(ch)} one byte past`).toMatch(new RegExp(`larger than ${maxBytes} bytes`));
    }
    // Wide, not long: [0,0,…,0,10] is exactly the limit, [0,0,…,0,100] one byte past it.
    const wide = Array.from({ length: maxBytes / 2 - 2 }, () => 0);
    expect(Buffer.byteLength(JSON.stringify([...wide, 10]))).toBe(maxBytes);
    expect(checkValue([...wide, 10])).toBeUndefined();
    expect(checkValue([...wide, 100])).toMatch(/larger than/);
  });

  test('property: the size counted is Buffer.byteLength(JSON.stringify(v)) for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.string({ unit: 'binary' }), (v, s) => {
        for (const value of [v, s, { [s]: v }, [s, v]]) {
          // jsonValue writes "__proto__" keys too, refused for another reason.
          if (checkValue(value, { maxDepth, maxBytes: Infinity }) !== undefined) continue;
          const bytes = Buffer.byteLength(JSON.stringify(value));
          expect(checkValue(value, { maxDepth, maxBytes: bytes })).toBeUndefined();
          expect(checkValue(value, { maxDepth, maxBytes: bytes - 1 })).toMatch(/larger than/);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('what does not survive JSON and Yjs unchanged is refused, with why', () => {
    const refused: [unknown, RegExp][] = [
      [Infinity, /not finite/],
      [[1, NaN], /not finite/],
      ['a\ud800b', /lone UTF-16 surrogate/],
      ['\udc00', /lone UTF-16 surrogate/],
      [{ 'x\udbff': 1 }, /object key with a lone/],
      [JSON.parse('{"__proto__":1}'), /"__proto__"/],
      [undefined, /holds undefined/],
      // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test
      [[1, , 3], /holds undefined/],
      [{ a: undefined }, /holds undefined/],
      [10n, /holds a bigint/],
      [() => 1, /holds a function/],
      [new Date(0), /class Date/],
      [new Uint8Array(2), /class Uint8Array/],
    ];
    for (const [value, why] of refused) expect(checkValue(value)).toMatch(why);
    for (const ok of [null, true, false, -0, 1e308, 5e-324, 1.5, '', '😀', [], {}, Object.create(null), { a: [null, { b: 'c' }] }]) {
      expect(checkValue(ok)).toBeUndefined();
    }
  });

  test('a cycle is refused as too deep, not looped over', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(checkValue(cycle)).toMatch(/nested more than/);
  });

  test('assertValue throws InvalidValueError with the reason', () => {
    expect(() => assertValue(nestedArrays(maxDepth + 1))).toThrow(InvalidValueError);
    expect(() => assertValue(Infinity)).toThrow('value holds a number that is not finite');
  });
});

describe('GrowOnlySet under the limits', () => {
  test('add refuses a value past a limit and adds none of the batch', () => {
    const s = new GrowOnlySet<unknown>({ clientId: 1 });
    expect(() => s.add(1, nestedArrays(maxDepth + 1), 2)).toThrow(InvalidValueError);
    expect(() => s.add('x'.repeat(maxBytes))).toThrow(/larger than/);
    expect(s.size).toBe(0);
    expect(s.stateVector().size).toBe(0);
  });

  test('a peer update holding a value past a limit is refused naming it, and changes nothing', () => {
    const s = new GrowOnlySet<unknown>({ clientId: 1 });
    s.add(5);
    for (const [bad, why] of [
      [nestedArrays(maxDepth + 1), /holds a value that is nested more than/],
      ['x'.repeat(maxBytes), /holds a value that is larger than/],
      [Infinity, /not finite/],
    ] as const) {
      expect(() => s.apply(foreignUpdate(1, bad), 'peer')).toThrow(why);
      expect(() => s.validate(foreignUpdate(bad))).toThrow(InvalidUpdateError);
    }
    expect(s.values()).toEqual([5]);
  });

  test('values at the limits replicate, both ways', () => {
    const a = new GrowOnlySet<unknown>({ clientId: 1 });
    const b = new GrowOnlySet<unknown>({ clientId: 2 });
    const deep = nestedObjects(maxDepth);
    const large = '€'.repeat(Math.floor((maxBytes - 2) / 3));
    a.add(deep, large);
    b.apply(a.diff(b.stateVector()), 'a');
    expect(b.values()).toEqual([deep, large]);
  });

  test('a writer whose chunks hold more than a million values (Yjs merges them into one item) is accepted by a peer', () => {
    // A peer may chunk differently (another chunk size): a bound on an item's length would
    // refuse what it wrote, and its every later diff with it. Written raw, as a chunked log
    // with a chunk size past a million would write it (adds one by one would take a while).
    const doc = new Y.Doc({ gc: false });
    doc.clientID = 1;
    const chunk = new Y.Array<number>();
    doc.getArray('value-chunks').push([chunk]);
    chunk.push([0]);
    chunk.push(Array.from({ length: 1_000_000 }, (_, k) => k + 1));
    const items = (doc.store.clients.get(1) ?? []) as Y.Item[];
    expect(items.map((item) => item.length)).toEqual([1, 1_000_001]);
    const b = new GrowOnlySet<number>({ clientId: 2 });
    b.apply(Y.encodeStateAsUpdate(doc), 'a');
    expect(b.size).toBe(1_000_001);
  });
});

describe('counters under the same rule', () => {
  test('a delta a peer would refuse (more than 1000 digits) is refused by add', () => {
    const c = new GCounter({ clientId: 1 });
    c.add(10n ** 999n); // 1000 digits
    expect(() => c.add(10n ** 1000n)).toThrow(/at most 1000 digits/);
    const peer = new GCounter({ clientId: 2 });
    peer.apply(c.diff(), 'c');
    expect(peer.value()).toBe(10n ** 999n);
  });
});
