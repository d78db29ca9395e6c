// The runner's one source of randomness: a seeded generator (lib0's xoroshiro128+) so a seed
// replays a run exactly, plus the few draws the runner needs.
import * as prng from 'lib0/prng';
import { webcrypto } from 'node:crypto';

/** Uniform on [0, 1). */
export type Random = () => number;

// fmix32 from MurmurHash3: spreads every input bit over the output.
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Folds any safe integer (negative, zero or above 2^32 included) into a non-zero 32-bit seed. */
function seed32(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  // lib0 seeds xoroshiro from xorshift32, whose state 0 is a fixed point: seed 0 would yield
  // only zeros, so the folded seed must never be 0.
  const folded = mix32(low ^ mix32(high + 0x9e3779b9));
  return folded === 0 ? 0x9e3779b9 : folded;
}

export function createRandom(seed: number): Random {
  const generator = prng.create(seed32(seed));
  return () => generator.next();
}

/**
 * A stream of its own for one consumer of a run's seed (a service), so that what it draws
 * shifts no other stream: the same seed and label give the same stream, another label another.
 */
export function deriveRandom(seed: number, label: string): Random {
  let hash = 0x811c9dc5; // FNV-1a over the label's UTF-16 units
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  const folded = mix32(seed32(seed) ^ hash);
  const generator = prng.create(folded === 0 ? 0x9e3779b9 : folded);
  return () => generator.next();
}

/** An integer uniform on lo..hiInclusive. */
export function randomInt(random: Random, lo: number, hiInclusive: number): number {
  if (!Number.isInteger(lo) || !Number.isInteger(hiInclusive) || hiInclusive < lo) {
    throw new RangeError(`randomInt needs integers lo <= hi, got ${lo}..${hiInclusive}`);
  }
  return lo + Math.floor(random() * (hiInclusive - lo + 1));
}

/** A shuffled copy (Fisher–Yates); the input is left alone. */
export function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const result = items.slice();
  for (let i = result.length - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    const item = result[i];
    result[i] = result[j];
    result[j] = item;
  }
  return result;
}

/** A fresh seed for a run without --seed: a non-negative 32-bit integer, printed for replay. */
export function randomSeed(): number {
  return webcrypto.getRandomValues(new Uint32Array(1))[0];
}
