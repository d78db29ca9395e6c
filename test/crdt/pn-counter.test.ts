import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PNCounter } from '../../src/crdt/pn-counter.js';
import { checkConvergence, checkMutations, expectRejected, foreignUpdates, fullExchange, rawDeltas } from './counter-laws.js';

const make = (clientId: number): PNCounter => new PNCounter({ clientId });

describe('PNCounter', () => {
  test('sums deltas of either sign', () => {
    const c = make(1);
    c.add(-5);
    c.add(4);
    c.add(-1n);
    expect(c.value()).toBe(-2n);
    expect(c.valueForJson()).toBe(-2);
  });

  test('refuses non-integer deltas without changing', () => {
    const c = make(1);
    c.add(-2);
    for (const bad of [0.5, -1.5, Number.NaN, -Infinity, -(2 ** 53), null as unknown as number]) {
      expect(() => c.add(bad)).toThrow(RangeError);
    }
    expect(c.value()).toBe(-2n);
  });

  test('stays exact beyond ±2^53', () => {
    const a = make(1);
    const b = make(2);
    a.add(Number.MIN_SAFE_INTEGER);
    a.add(Number.MIN_SAFE_INTEGER);
    b.add(-(10n ** 40n));
    b.add(10n ** 40n + 3n);
    fullExchange([a, b]);
    const expected = 2n * BigInt(Number.MIN_SAFE_INTEGER) + 3n;
    expect(a.value()).toBe(expected);
    expect(b.value()).toBe(expected);
    expect(a.valueForJson()).toBe(expected);
  });

  test('replicas converge to the exact sum under drops, duplicates and reordering', () => {
    // Maelstrom's own mix: −5…4.
    checkConvergence(make, fc.bigInt({ min: -5n, max: 4n }));
    checkConvergence(make, fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), 50);
  });

  test('concurrent adds and subtractions cancel out across replicas', () => {
    const replicas = [make(1), make(2), make(3)];
    replicas.forEach((r, i) => {
      r.add(i + 1);
      r.add(-(i + 1));
    });
    fullExchange(replicas);
    for (const r of replicas) expect(r.value()).toBe(0n);
  });

  describe('refuses updates it would never write, unchanged', () => {
    for (const [name, update] of Object.entries(foreignUpdates())) {
      test(name, () => {
        const c = make(1);
        c.add(-4);
        expectRejected(c, update);
      });
    }
    test('a negative integer written as digits', () => {
      expectRejected(make(1), rawDeltas(['-3']));
    });
  });

  test('accepts negative deltas from a peer, big ones included', () => {
    const c = make(1);
    c.apply(rawDeltas([-3, '-90071992547409930']), 'peer');
    expect(c.value()).toBe(-90071992547409933n);
  });

  test('random corruption is refused cleanly or leaves an integer sum', () => {
    checkMutations(make);
  });
});

test('10,000 deltas from 5 writers encode in about 2.3 bytes each (the figure in counter.ts)', () => {
  const writers = [1, 2, 3, 4, 5].map(make);
  let seed = 1;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  let expected = 0n;
  for (let n = 0; n < 10_000; n++) {
    const delta = BigInt(Math.floor(random() * 10) - 5);
    writers[n % 5].add(delta);
    expected += delta;
    if (n % 50 === 49) fullExchange(writers);
  }
  fullExchange(writers);
  const size = writers[0].diff().length;
  const before = writers[1].stateVector();
  for (let i = 0; i < 10; i++) writers[0].add(3);
  const diff10 = writers[0].diff(before).length;
  console.log(`PNCounter: 10,000 deltas from 5 writers: ${size} B full state, diff of 10 new deltas ${diff10} B`);
  expect(writers[4].value()).toBe(expected);
  expect(size).toBeLessThan(32_000);
  expect(diff10).toBeLessThan(64);
});
