// The search's memory, against naive models: the linearized set's d and hash against a plain
// Set, and the configuration cache's compact encoding against a Set of full descriptions.
// A cache that called two different configurations equal would prune a branch that might be
// the only linearization, so these run on many sets that cross 32-bit word boundaries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigCache, stateHash } from '../../../../src/runner/checkers/linearizability/config-cache.js';
import { LinearizedSet } from '../../../../src/runner/checkers/linearizability/linearized-set.js';

const key = (r: number): number => Math.imul(r + 1, 0x27d4eb2d) | 0;

describe('linearized set', () => {
  it('keeps d at the first definite op not in the set and the hash at the XOR of the members', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ definite: fc.boolean(), r: fc.nat(99) }), { maxLength: 400 }), (steps) => {
        const set = new LinearizedSet(100, 100);
        const definite = new Set<number>();
        const indefinite = new Set<number>();
        for (const { definite: isDefinite, r } of steps) {
          const members = isDefinite ? definite : indefinite;
          const salt = isDefinite ? 0 : 1000;
          if (members.has(r)) {
            members.delete(r);
            if (isDefinite) set.removeDefinite(r, key(r + salt));
            else set.removeIndefinite(r, key(r + salt));
          } else {
            members.add(r);
            if (isDefinite) set.addDefinite(r, key(r + salt));
            else set.addIndefinite(r, key(r + salt));
          }
          let d = 0;
          while (definite.has(d)) d++;
          expect(set.d).toBe(d);
          let hash = 0;
          for (const m of definite) hash ^= key(m);
          for (const m of indefinite) hash ^= key(m + 1000);
          expect(set.hash).toBe(hash);
          expect(set.hasDefinite(r)).toBe(definite.has(r));
        }
      }),
      { numRuns: 200, seed: 30 },
    );
  });
});

describe('configuration cache', () => {
  const nDefinite = 130;
  const nIndefinite = 70;

  // Few distinct values, near word boundaries, so equal and almost-equal configurations recur.
  const ds = [0, 1, 30, 31, 32, 33, 63, 64, 65, 96, 127, 129];

  /** A configuration as the search makes them: every definite op before d in, d out, a few
   *  after d (up to its window's end), any indefinite ones, and a state. */
  const config = (windows: number[]) =>
    fc
      .record({
        d: fc.constantFrom(...ds),
        after: fc.array(fc.nat(40), { maxLength: 3 }),
        indefinite: fc.array(fc.constantFrom(0, 31, 32, 33, 64, 69), { maxLength: 2 }),
        state: fc.nat(1),
      })
      .map((c) => ({
        ...c,
        after: c.after.map((x) => c.d + 1 + (x % Math.max(1, windows[c.d] - c.d))).filter((x) => x < windows[c.d]),
      }));

  // Colliding: every configuration gets one hash (the state's part cancelled), so the exact
  // comparison alone decides; a table of 16 slots grows and rehashes many times.
  it.each([
    ['distinct hashes', false],
    ['every hash colliding', true],
  ])('adds exactly the configurations a set of full descriptions has not seen (%s)', (_name, collide) => {
    const zobrist = collide ? () => 0 : key;
    // Windows of 1 to 40 ops: the last op that can be in while d is out.
    const windows = Array.from({ length: nDefinite + 1 }, (_, d) => Math.min(nDefinite, d + 1 + ((d * 7919) % 40)));
    const lastWord = Int32Array.from(windows, (limit) => (limit - 1) >> 5);
    fc.assert(
      fc.property(fc.array(config(windows), { minLength: 50, maxLength: 600 }), (configs) => {
        const cache = new ConfigCache(lastWord, (nIndefinite >> 5) + 1, 16);
        const seen = new Set<string>();
        for (const c of configs) {
          const set = new LinearizedSet(nDefinite, nIndefinite);
          for (let r = 0; r < c.d; r++) set.addDefinite(r, zobrist(r));
          for (const r of c.after) if (!set.hasDefinite(r)) set.addDefinite(r, zobrist(r));
          for (const i of c.indefinite) if (!set.hasIndefinite(i)) set.addIndefinite(i, zobrist(i + 1000));
          if (collide) set.hash = stateHash(c.state);
          const description = `${c.state}|${[...new Set(c.after)].sort((a, b) => a - b)}|${[...new Set(c.indefinite)].sort((a, b) => a - b)}|${c.d}`;
          expect(cache.add(c.state, set)).toBe(!seen.has(description));
          seen.add(description);
        }
        expect(cache.size).toBe(seen.size);
      }),
      { numRuns: 150, seed: 31 },
    );
  });
});
