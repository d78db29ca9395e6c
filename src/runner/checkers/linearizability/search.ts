// Wing–Gong–Lowe search for a linearization of one key's operations, as Porcupine and Knossos's
// wgl do it: the calls and returns in one doubly linked list in history order; take the first
// call that the model accepts and that leads to a configuration (linearized set, state) not
// explored before, lift it and its return out of the list and start again from the head; meeting
// a return means that op can no longer be placed, so undo the last choice. Indefinite ops have
// no return: they may be placed any time after their invocation, or never, and the search
// succeeds once every definite op is placed.
//
// One exact reduction beyond the classic algorithm: two indefinite ops with the same f and value
// are interchangeable once both are invoked (a linearization that uses the later one can use the
// earlier one instead), so one is only placed after every earlier twin is. Histories full of
// timed-out writes of a few values stop being exponential in their number.
import { ConfigCache } from './config-cache.js';
import { LinearizedSet } from './linearized-set.js';
import type { Operation } from './operations.js';
import type { Transitions } from './transitions.js';
import { valueKey } from '../value-key.js';

export interface Budget {
  /** Configurations explored before the key is `unknown`. */
  configs: number;
  /** Milliseconds before the key is `unknown`. */
  timeMs: number;
}

/** A configuration that got furthest: where the final paths start. */
export interface ConfigSample {
  state: number;
  /** The op linearized last, or -1. */
  last: number;
  /** Ops invoked before the blocking op returned and not yet linearized (the blocking op excluded). */
  pending: number[];
}

interface Explored {
  explored: number;
  /** Bytes the configuration cache held at the end. */
  cacheBytes: number;
}

export type SearchOutcome =
  | (Explored & { verdict: true; linearization: number[]; state: number })
  | (Explored & { verdict: false; longest: number[]; blocking: number; samples: ConfigSample[] })
  | (Explored & { verdict: 'unknown'; longest: number[]; cause: string });

/** Configurations kept for the final paths. */
const maxSamples = 8;
/** Pending ops listed per sample. */
const maxPending = 32;

/** Searches ops (indexed 0…n−1, already free of droppable ones) for a linearization. */
export function searchLinearization(
  ops: readonly Operation[],
  transitions: Transitions<unknown>,
  budget: Budget,
  now: () => number = () => performance.now(),
): SearchOutcome {
  return new WglSearch(ops, transitions, budget, now).run();
}

class WglSearch {
  private readonly head: number;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly definiteRank: Int32Array;
  private readonly indefiniteRank: Int32Array;
  private readonly returnRank: Int32Array;
  private readonly twin: Int32Array;
  private readonly zobrist: Int32Array;
  private readonly set: LinearizedSet;
  private readonly cache: ConfigCache;
  private remaining: number;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private sp = 0;
  private readonly best: Int32Array;
  private bestLen = 0;
  private common = 0;
  private blockRank = -1;
  private blocking = -1;
  private samples: ConfigSample[] = [];
  private readonly deadline: number;

  constructor(
    private readonly ops: readonly Operation[],
    private readonly transitions: Transitions<unknown>,
    private readonly budget: Budget,
    private readonly now: () => number,
  ) {
    const n = ops.length;
    this.head = 2 * n;
    this.next = new Int32Array(2 * n + 1).fill(-1);
    this.prev = new Int32Array(2 * n + 1).fill(-1);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.best = new Int32Array(n);
    this.zobrist = zobristKeys(n);
    this.twin = twins(ops);
    const ranks = rankOps(ops);
    this.definiteRank = ranks.definite;
    this.indefiniteRank = ranks.indefinite;
    this.returnRank = ranks.returns;
    this.remaining = ranks.nDefinite;
    this.set = new LinearizedSet(ranks.nDefinite, n - ranks.nDefinite);
    this.cache = new ConfigCache(lastWords(ops, ranks.nDefinite), this.set.indefinite.length);
    this.linkEntries();
    this.deadline = now() + budget.timeMs;
  }

  run(): SearchOutcome {
    let state = this.transitions.init;
    if (this.remaining === 0) return this.success(state);
    let e = this.next[this.head];
    for (let iteration = 1; ; iteration++) {
      if ((iteration & 4095) === 0 && this.now() > this.deadline) return this.unknown(`time limit of ${this.budget.timeMs} ms reached`);
      if (e & 1) {
        // A return: its op can no longer be placed in this configuration. Undo the last choice.
        this.deadEnd(e, state);
        if (this.sp === 0) return this.failure();
        const op = this.stackOp[--this.sp];
        if (this.common > this.sp) this.common = this.sp;
        state = this.stackState[this.sp];
        this.unmark(op);
        this.unlift(op);
        e = this.next[op << 1];
        continue;
      }
      const op = e >> 1;
      const twin = this.twin[op];
      const next = twin >= 0 && !this.linearized(twin) ? -1 : this.transitions.next(op, state);
      if (next < 0) {
        e = this.next[e];
        continue;
      }
      this.mark(op);
      if (this.remaining === 0) {
        this.push(op, state);
        return this.success(next);
      }
      if (!this.cache.add(next, this.set)) {
        this.unmark(op);
        e = this.next[e];
        continue;
      }
      if (this.cache.size > this.budget.configs) return this.unknown(`configuration budget of ${this.budget.configs} spent`);
      this.push(op, state);
      state = next;
      e = this.next[this.head];
    }
  }

  /** The doubly linked list of call (2·op) and return (2·op+1) entries in history order. */
  private linkEntries(): void {
    const entries: number[] = [];
    const position = (entry: number): number => (entry & 1 ? this.ops[entry >> 1].complete!.index : this.ops[entry >> 1].invoke.index);
    this.ops.forEach((op, i) => {
      entries.push(2 * i);
      if (op.outcome !== 'unknown') entries.push(2 * i + 1);
    });
    entries.sort((a, b) => position(a) - position(b));
    let before = this.head;
    for (const entry of entries) {
      this.next[before] = entry;
      this.prev[entry] = before;
      before = entry;
    }
  }

  private linearized(op: number): boolean {
    const r = this.definiteRank[op];
    return r >= 0 ? this.set.hasDefinite(r) : this.set.hasIndefinite(this.indefiniteRank[op]);
  }

  private mark(op: number): void {
    const r = this.definiteRank[op];
    if (r < 0) return this.set.addIndefinite(this.indefiniteRank[op], this.zobrist[op]);
    this.set.addDefinite(r, this.zobrist[op]);
    this.remaining--;
  }

  private unmark(op: number): void {
    const r = this.definiteRank[op];
    if (r < 0) return this.set.removeIndefinite(this.indefiniteRank[op], this.zobrist[op]);
    this.set.removeDefinite(r, this.zobrist[op]);
    this.remaining++;
  }

  private push(op: number, state: number): void {
    const sp = this.sp;
    if (this.common === sp && sp < this.bestLen && this.best[sp] === op) this.common = sp + 1;
    this.stackOp[sp] = op;
    this.stackState[sp] = state;
    this.sp = sp + 1;
    if (this.sp > this.bestLen) {
      // The longest partial linearization so far: copy only where it departs from the last one.
      for (let i = this.common; i < this.sp; i++) this.best[i] = this.stackOp[i];
      this.bestLen = this.common = this.sp;
    }
    this.lift(op);
  }

  private lift(op: number): void {
    this.unlink(op << 1);
    if (this.definiteRank[op] >= 0) this.unlink((op << 1) | 1);
  }

  private unlift(op: number): void {
    // Dancing links: restore in the reverse order of removal.
    if (this.definiteRank[op] >= 0) this.relink((op << 1) | 1);
    this.relink(op << 1);
  }

  private unlink(entry: number): void {
    const p = this.prev[entry];
    const q = this.next[entry];
    this.next[p] = q;
    if (q >= 0) this.prev[q] = p;
  }

  private relink(entry: number): void {
    const q = this.next[entry];
    this.next[this.prev[entry]] = entry;
    if (q >= 0) this.prev[q] = entry;
  }

  /**
   * Knossos reports the op after the longest prefix (in completion order) that some configuration
   * linearized: the return met here is always the unplaced op that completed first, so the
   * furthest such op over all dead ends is that op.
   */
  private deadEnd(entry: number, state: number): void {
    const op = entry >> 1;
    const rank = this.returnRank[op];
    if (rank > this.blockRank) {
      this.blockRank = rank;
      this.blocking = op;
      this.samples = [];
    }
    if (rank !== this.blockRank || this.samples.length >= maxSamples) return;
    const pending: number[] = [];
    for (let e = this.next[this.head]; e !== entry && pending.length < maxPending; e = this.next[e]) if ((e & 1) === 0 && e >> 1 !== op) pending.push(e >> 1);
    this.samples.push({ state, last: this.sp > 0 ? this.stackOp[this.sp - 1] : -1, pending });
  }

  private explored(): Explored {
    return { explored: this.cache.size, cacheBytes: this.cache.bytes };
  }

  private success(state: number): SearchOutcome {
    return { verdict: true, ...this.explored(), linearization: Array.from(this.stackOp.subarray(0, this.sp)), state };
  }

  private failure(): SearchOutcome {
    return { verdict: false, ...this.explored(), longest: Array.from(this.best.subarray(0, this.bestLen)), blocking: this.blocking, samples: this.samples };
  }

  private unknown(cause: string): SearchOutcome {
    return { verdict: 'unknown', ...this.explored(), longest: Array.from(this.best.subarray(0, this.bestLen)), cause };
  }
}

interface Ranks {
  /** Per op: rank among definite ops in invocation order, or −1. */
  definite: Int32Array;
  /** Per op: rank among indefinite ops, or −1. */
  indefinite: Int32Array;
  /** Per op: rank among definite ops in completion order, or −1. */
  returns: Int32Array;
  nDefinite: number;
}

function rankOps(ops: readonly Operation[]): Ranks {
  const n = ops.length;
  const r: Ranks = { definite: new Int32Array(n).fill(-1), indefinite: new Int32Array(n).fill(-1), returns: new Int32Array(n).fill(-1), nDefinite: 0 };
  let indefinite = 0;
  const byInvoke = ops.map((_, i) => i).sort((a, b) => ops[a].invoke.index - ops[b].invoke.index);
  for (const i of byInvoke) {
    if (ops[i].outcome === 'unknown') r.indefinite[i] = indefinite++;
    else r.definite[i] = r.nDefinite++;
  }
  const byReturn = byInvoke.filter((i) => r.definite[i] >= 0).sort((a, b) => ops[a].complete!.index - ops[b].complete!.index);
  byReturn.forEach((op, rank) => (r.returns[op] = rank));
  return r;
}

/**
 * For each d (first unlinearized definite op in invocation order): the last bitset word any
 * linearized definite op can occupy. Every op placed while d is unplaced was invoked before d
 * returned, so only ops invoked before d's completion can be set.
 */
export function lastWords(ops: readonly Operation[], nDefinite: number): Int32Array {
  const definite = ops.filter((o) => o.outcome !== 'unknown').sort((a, b) => a.invoke.index - b.invoke.index);
  const calls = definite.map((o) => o.invoke.index);
  const last = new Int32Array(nDefinite + 1);
  definite.forEach((o, d) => {
    const limit = upperBound(calls, o.complete!.index);
    last[d] = (limit - 1) >> 5;
  });
  last[nDefinite] = (nDefinite >> 5) - 1;
  return last;
}

/** Number of sorted values below x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per indefinite op: the previous indefinite op (in invocation order) with the same f and value, or −1. */
export function twins(ops: readonly Operation[]): Int32Array {
  const twin = new Int32Array(ops.length).fill(-1);
  const lastOfClass = new Map<string, number>();
  const byInvoke = ops.map((_, i) => i).sort((a, b) => ops[a].invoke.index - ops[b].invoke.index);
  for (const i of byInvoke) {
    const o = ops[i];
    if (o.outcome !== 'unknown') continue;
    const k = `${o.f}\u0000${valueKey(o.value)}`;
    const before = lastOfClass.get(k);
    if (before !== undefined) twin[i] = before;
    lastOfClass.set(k, i);
  }
  return twin;
}

/** Fixed pseudo-random keys (xorshift32), so a run is reproducible. */
function zobristKeys(n: number): Int32Array {
  const z = new Int32Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    z[i] = x;
  }
  return z;
}
