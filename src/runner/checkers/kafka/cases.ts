// The anomaly cases the kafka checker reports, with Jepsen's field names (tests/kafka.clj), and
// the bounded lists that keep only what Maelstrom prints: condense-error keeps, per type, the
// few smallest or largest cases by some measure; a streaming checker need not hold the rest.
import type { Op } from '../../records/history.js';
import type { KafkaKey } from './micro-ops.js';

export interface DuplicateCase {
  key: KafkaKey;
  value: unknown;
  /** How many offsets hold the value. */
  count: number;
  offsets: number[];
}

export interface InconsistentOffsetCase {
  key: KafkaKey;
  offset: number;
  /** Position among the key's occupied offsets. */
  index: number;
  values: unknown[];
}

export interface LostWriteCase {
  key: KafkaKey;
  value: unknown;
  index: number;
  'max-read-index': number;
  writer: Op;
  'max-read': Op | null;
}

/** Two successive polls (or sends) of one process. */
export interface ExternalSkipCase {
  key: KafkaKey;
  delta: number;
  skipped: unknown[];
  ops: [Op, Op];
}

export interface ExternalNonmonotonicCase {
  key: KafkaKey;
  values: [unknown, unknown];
  delta: number;
  ops: [Op, Op];
}

/** Two successive values of one key within one op. */
export interface InternalSkipCase {
  key: KafkaKey;
  values: [unknown, unknown];
  delta: number;
  skipped: unknown[];
  op: Op;
}

export interface InternalNonmonotonicCase {
  key: KafkaKey;
  values: [unknown, unknown];
  delta: number;
  op: Op;
}

export interface G1aCase {
  key: KafkaKey;
  value: unknown;
  writer: Op;
  reader: Op;
}

export interface PrecommittedReadCase {
  op: Op;
  key: KafkaKey;
  value: unknown;
}

/** One step of a cycle, as Elle explains it. */
export type CycleStep = { type: 'wr'; key: KafkaKey; value: unknown; 'a-mop-index': number; 'b-mop-index': number } | { type: 'realtime'; "a'": Op; b: Op };

export interface CycleCase {
  /** The ops around the cycle, the first repeated at the end. */
  cycle: Op[];
  steps: CycleStep[];
  type: 'G1c' | 'G1c-realtime';
}

export interface UnseenCase {
  /** Nanoseconds: the last ok send or poll. */
  time: number;
  /** Keys to how many acknowledged messages no ok poll returned. */
  unseen: Record<KafkaKey, number>;
  /** Keys to up to 32 of those messages, smallest first. */
  messages: Record<KafkaKey, unknown[]>;
}

/** What Maelstrom prints per error type: how many cases, and the ones it keeps. */
export interface CaseGroup<T> {
  count: number;
  errs: T[];
}

/** Cases of one type as they stream in: a count and the cases condense-error would keep. */
export interface CaseList<T> {
  readonly count: number;
  readonly kept: T[];
  add(c: T): void;
}

export function keepAll<T>(): CaseList<T> {
  const kept: T[] = [];
  return {
    get count() {
      return kept.length;
    },
    kept,
    add: (c) => void kept.push(c),
  };
}

/**
 * Jepsen's `(take n (sort-by f errs))` (`largest` false) or `(take-last n (sort-by f errs))`
 * (`largest` true), kept ascending as it prints them; ties keep arrival order, as a stable sort does.
 */
export function keepBy<T>(limit: number, by: (c: T) => number, largest: boolean): CaseList<T> {
  const kept: T[] = [];
  let count = 0;
  return {
    get count() {
      return count;
    },
    kept,
    add(c) {
      count++;
      const x = by(c);
      let at = kept.length;
      while (at > 0 && by(kept[at - 1]) > x) at--;
      if (!largest && at >= limit) return;
      kept.splice(at, 0, c);
      if (kept.length > limit) {
        if (largest) kept.shift();
        else kept.pop();
      }
    },
  };
}
