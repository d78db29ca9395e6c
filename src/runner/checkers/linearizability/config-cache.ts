// The configurations the search has already explored: (set of linearized operations, model
// state) pairs, compared exactly (a hash collision never prunes a branch). Each is stored
// compactly: definite ops are numbered in invocation order and all those before the first
// unlinearized one (d) are linearized, so only the bits from d to the last op invoked before
// d's completion can differ, plus one bit per indefinite op. That keeps a configuration of a
// 10,000-op key to a few words where a full bitset would take hundreds.

import type { LinearizedSet } from './linearized-set.js';

export class ConfigCache {
  private table: Int32Array;
  private mask: number;
  private hashes: Int32Array<ArrayBuffer>;
  private starts: Int32Array<ArrayBuffer>;
  private arena: Int32Array<ArrayBuffer>;
  private used = 0;
  size = 0;

  /** `lastWord[d]`: the last word of the definite bitset that can be set while d is unlinearized. */
  constructor(
    private readonly lastWord: Int32Array,
    private readonly indefiniteWords: number,
    slots = 4096,
  ) {
    this.table = new Int32Array(slots);
    this.mask = this.table.length - 1;
    this.hashes = new Int32Array(slots / 2);
    this.starts = new Int32Array(slots / 2);
    this.arena = new Int32Array(slots);
  }

  /** Adds the configuration (state, set); false when it was already there. */
  add(state: number, c: LinearizedSet): boolean {
    const h = mix(c.hash ^ stateHash(state));
    let slot = h & this.mask;
    for (let e = this.table[slot]; e !== 0; e = this.table[slot]) {
      if (this.hashes[e - 1] === h && this.equals(e - 1, state, c)) return false;
      slot = (slot + 1) & this.mask;
    }
    const index = this.size++;
    this.store(index, h, state, c);
    this.table[slot] = index + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    return true;
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.table.byteLength + this.hashes.byteLength + this.starts.byteLength + this.arena.byteLength;
  }

  private equals(index: number, state: number, c: LinearizedSet): boolean {
    const a = this.arena;
    let at = this.starts[index];
    if (a[at] !== state || a[at + 1] !== c.d) return false;
    at += 2;
    for (let w = c.d >> 5, last = this.lastWord[c.d]; w <= last; w++) if (a[at++] !== c.definite[w]) return false;
    for (let w = 0; w < this.indefiniteWords; w++) if (a[at++] !== c.indefinite[w]) return false;
    return true;
  }

  private store(index: number, h: number, state: number, c: LinearizedSet): void {
    if (index >= this.hashes.length) {
      this.hashes = grow(this.hashes, this.hashes.length * 2);
      this.starts = grow(this.starts, this.starts.length * 2);
    }
    const first = c.d >> 5;
    const last = this.lastWord[c.d];
    const length = 2 + Math.max(0, last - first + 1) + this.indefiniteWords;
    if (this.used + length > this.arena.length) this.arena = grow(this.arena, Math.max(this.arena.length * 2, this.used + length));
    const a = this.arena;
    let at = this.used;
    this.hashes[index] = h;
    this.starts[index] = at;
    a[at++] = state;
    a[at++] = c.d;
    for (let w = first; w <= last; w++) a[at++] = c.definite[w];
    for (let w = 0; w < this.indefiniteWords; w++) a[at++] = c.indefinite[w];
    this.used = at;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = this.hashes[i] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** The state's part of a configuration's hash. */
export function stateHash(state: number): number {
  return Math.imul(state + 1, 0x9e3779b1);
}

function grow(a: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

/** Murmur3's 32-bit finalizer: spreads the XOR of Zobrist keys over the table. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
