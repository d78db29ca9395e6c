import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { GCounter } from '../../src/crdt/g-counter.js';
import { checkConvergence, checkMutations, expectRejected, foreignUpdates, fullExchange, rawDeltas } from './counter-laws.js';

const make = (clientId: number): GCounter => new GCounter({ clientId });

describe('GCounter', () => {
  test('starts at zero and sums its own adds exactly', () => {
    const c = make(1);
    expect(c.value()).toBe(0n);
    c.add(3);
    c.add(0);
    c.add(4n);
    expect(c.value()).toBe(7n);
    expect(c.valueForJson()).toBe(7);
  });

  test('refuses negative and non-integer deltas without changing', () => {
    const c = make(1);
    c.add(2);
    for (const bad of [-1, -1n, 1.5, Number.NaN, Infinity, 2 ** 53, '3' as unknown as number, undefined as unknown as number]) {
      expect(() => c.add(bad)).toThrow(RangeError);
    }
    expect(c.value()).toBe(2n);
  });

  test('a zero delta writes nothing', () => {
    const c = make(1);
    c.add(0);
    expect(c.stateVector().size).toBe(0);
  });

  test('stays exact beyond 2^53', () => {
    const a = make(1);
    const b = make(2);
    a.add(Number.MAX_SAFE_INTEGER);
    a.add(Number.MAX_SAFE_INTEGER);
    b.add(10n ** 30n);
    b.add(1);
    fullExchange([a, b]);
    const expected = 2n * BigInt(Number.MAX_SAFE_INTEGER) + 10n ** 30n + 1n;
    expect(a.value()).toBe(expected);
    expect(b.value()).toBe(expected);
    expect(a.valueForJson()).toBe(expected);
  });

  test('diff, apply, change events with the peer as origin', () => {
    const a = make(1);
    const b = make(2);
    const events: unknown[] = [];
    b.onChange((e) => events.push(e));
    a.add(5);
    b.add(1);
    events.length = 0;
    b.apply(a.diff(b.stateVector()), 'a');
    expect(events).toEqual([{ origin: 'a', local: false }]);
    expect(b.value()).toBe(6n);
    // Nothing new: applying again is a no-op and raises no event.
    b.apply(a.diff(), 'a');
    expect(events).toHaveLength(1);
    expect(b.value()).toBe(6n);
  });

  test('replicas converge to the exact sum under drops, duplicates and reordering', () => {
    checkConvergence(make, fc.bigInt({ min: 0n, max: 6n }));
    checkConvergence(make, fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 70n }), fc.constant(0n)), 50);
  });

  describe('refuses updates it would never write, unchanged', () => {
    for (const [name, update] of Object.entries(foreignUpdates())) {
      test(name, () => {
        const c = make(1);
        c.add(4);
        expectRejected(c, update);
      });
    }
    test('a negative delta', () => {
      const c = make(1);
      expectRejected(c, rawDeltas([-3]));
      expectRejected(c, rawDeltas(['-90071992547409930']));
    });
    test('a good delta next to a bad one', () => {
      const c = make(1);
      expectRejected(c, rawDeltas([3, -1, 2]));
    });
  });

  test('accepts what another counter wrote, big deltas included', () => {
    const c = make(1);
    c.apply(rawDeltas([3, '90071992547409930']), 'peer');
    expect(c.value()).toBe(90071992547409933n);
  });

  test('values that name themselves as their chunk are refused, unchanged (Yjs would throw in the middle of applying them)', () => {
    const source = make(1);
    source.add(1);
    const update = source.diff();
    update[23] = 1; // the parent clock of the value item: 0 (its chunk) becomes 1 (itself)
    const value = Y.decodeUpdate(update).structs[1] as Y.Item;
    expect(value.parent).toEqual(value.id);
    const c = make(2);
    c.add(7);
    expectRejected(c, update);
  });

  test('random corruption is refused cleanly or leaves an integer sum', () => {
    checkMutations(make);
  });
});
