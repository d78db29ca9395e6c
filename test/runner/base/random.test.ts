import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, deriveRandom, randomInt, randomSeed, shuffle } from '../../../src/runner/base/random.js';

const draw = (seed: number, count: number) => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random());
};

describe('createRandom', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
  });

  it('gives different sequences for different seeds, including seeds equal mod 2^32', () => {
    expect(draw(1, 10)).not.toEqual(draw(2, 10));
    expect(draw(1, 10)).not.toEqual(draw(2 ** 32 + 1, 10));
    expect(draw(-1, 10)).not.toEqual(draw(2 ** 32 - 1, 10));
  });

  it('is not degenerate for seed 0 (lib0 yields only zeros for a raw 0 seed)', () => {
    const values = draw(0, 50);
    expect(new Set(values).size).toBe(50);
  });

  it('stays in [0, 1) with a mean near 1/2', () => {
    const values = draw(7, 20_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRandom(1.5)).toThrow(/seed/);
  });
});

describe('deriveRandom', () => {
  const take = (random: () => number): number[] => Array.from({ length: 10 }, () => random());

  it('replays per seed and label, and differs by label and from the run stream of the same seed', () => {
    expect(take(deriveRandom(5, 'seq-kv'))).toEqual(take(deriveRandom(5, 'seq-kv')));
    expect(take(deriveRandom(5, 'seq-kv'))).not.toEqual(take(deriveRandom(5, 'lww-kv')));
    expect(take(deriveRandom(5, 'seq-kv'))).not.toEqual(take(deriveRandom(6, 'seq-kv')));
    expect(take(deriveRandom(5, 'seq-kv'))).not.toEqual(take(createRandom(5)));
    expect(take(deriveRandom(0, ''))).not.toEqual(new Array(10).fill(0));
  });
});

describe('randomInt', () => {
  it('stays within lo..hi inclusive', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, lo, width) => {
        const random = createRandom(seed);
        for (let k = 0; k < 20; k++) {
          const value = randomInt(random, lo, lo + width);
          if (!Number.isInteger(value) || value < lo || value > lo + width) return false;
        }
        return true;
      }),
    );
  });

  it('reaches both ends of a small range', () => {
    const random = createRandom(3);
    const seen = new Set(Array.from({ length: 200 }, () => randomInt(random, 0, 4)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects an empty range', () => {
    expect(() => randomInt(createRandom(1), 3, 2)).toThrow(RangeError);
  });
});

describe('shuffle', () => {
  it('returns a permutation and leaves the input alone', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer()), (seed, items) => {
        const copy = items.slice();
        const result = shuffle(createRandom(seed), items);
        expect(items).toEqual(copy);
        expect(result.slice().sort()).toEqual(copy.slice().sort());
      }),
    );
  });

  it('actually reorders, deterministically per seed', () => {
    const items = Array.from({ length: 20 }, (_, k) => k);
    expect(shuffle(createRandom(5), items)).not.toEqual(items);
    expect(shuffle(createRandom(5), items)).toEqual(shuffle(createRandom(5), items));
  });
});

describe('randomSeed', () => {
  it('is a non-negative 32-bit integer that varies', () => {
    const seeds = Array.from({ length: 5 }, randomSeed);
    for (const seed of seeds) {
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThan(2 ** 32);
    }
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});
