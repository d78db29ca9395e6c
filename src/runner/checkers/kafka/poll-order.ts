// Do polls move through each log one message at a time? (Jepsen's kafka.clj,
// poll-skip+nonmonotonic-cases and int-poll-skip+nonmonotonic-cases.) Within one poll of a key,
// each value must sit right after the one before it in the key's order (int-poll-skip when it
// jumps ahead, int-nonmonotonic-poll when it stays or goes back); across one process's polls,
// a key's first value must follow the last value the previous ok poll of that key returned
// (poll-skip, nonmonotonic-poll). A process forgets a key only when an assign drops it; a value
// outside the order counts as a step of one.
import type { Op } from '../../records/history.js';
import { valueKey, type ValueKey } from '../value-key.js';
import {
  keepBy,
  type CaseGroup,
  type CaseList,
  type ExternalNonmonotonicCase,
  type ExternalSkipCase,
  type InternalNonmonotonicCase,
  type InternalSkipCase,
} from './cases.js';
import type { HistoryFacts, KeyFacts } from './key-facts.js';
import type { KafkaKey, Pair } from './micro-ops.js';
import { indexDelta } from './version-order.js';

/** How many cases of each kind Maelstrom prints (condense-error). */
export const shownOrderCases = 8;

/** A skip as found; the skipped values are listed only for the cases that are kept. */
export interface SkipDraft<T> {
  found: Omit<T, 'skipped'>;
  kf: KeyFacts;
  /** Order indices: the skipped values lie strictly between. */
  from: number;
  to: number;
}

/** The kept skips with their skipped values listed. */
export function skipGroup<T>(list: CaseList<SkipDraft<T>>): CaseGroup<T> {
  const errs = list.kept.map(({ found, kf, from, to }) => ({ ...found, skipped: kf.order.byIndex.slice(from + 1, to).map((v) => kf.values.get(v)) }) as T);
  return { count: list.count, errs };
}

export const skipList = <T extends { delta: number }>(): CaseList<SkipDraft<T>> => keepBy<SkipDraft<T>>(shownOrderCases, (d) => d.found.delta, true);
export const nonmonotonicList = <T extends { delta: number }>(): CaseList<T> => keepBy<T>(shownOrderCases, (c) => c.delta, false);

/** After an ok or indeterminate assign, a process remembers only the keys it still has. */
export function keepAssigned<T>(byProcess: Map<number, Map<KafkaKey, T>>, process: number, keys: readonly KafkaKey[]): void {
  const before = byProcess.get(process);
  if (before === undefined) return;
  const after = new Map<KafkaKey, T>();
  for (const k of keys) {
    const last = before.get(k);
    if (last !== undefined) after.set(k, last);
  }
  byProcess.set(process, after);
}

interface LastRead {
  op: Op;
  /** The last value that poll returned for the key (undefined when it returned none). */
  value: ValueKey | undefined;
}

/** Skips and backward steps between consecutive values of one op's pairs, for sends and polls alike. */
export function internalOrder(
  op: Op,
  kf: KeyFacts,
  key: KafkaKey,
  pairs: readonly Pair[],
  skips: CaseList<SkipDraft<InternalSkipCase>>,
  backs: CaseList<InternalNonmonotonicCase>,
): void {
  let prev: ValueKey | undefined;
  for (const pair of pairs) {
    const v = valueKey(pair.value);
    const step = indexDelta(kf.order, prev, v);
    if (step !== undefined && step.delta !== 1) {
      const values: [unknown, unknown] = [kf.values.get(prev!), pair.value];
      if (step.delta > 1) skips.add({ found: { key, values, delta: step.delta, op }, kf, from: step.from, to: step.to });
      else backs.add({ key, values, delta: step.delta, op });
    }
    prev = v;
  }
}

export class PollOrder {
  readonly intSkips = skipList<InternalSkipCase>();
  readonly intBacks = nonmonotonicList<InternalNonmonotonicCase>();
  readonly skips = skipList<ExternalSkipCase>();
  readonly backs = nonmonotonicList<ExternalNonmonotonicCase>();
  private readonly lastReads = new Map<number, Map<KafkaKey, LastRead>>();

  constructor(private readonly facts: HistoryFacts) {}

  /** An ok or indeterminate assign: the process keeps its last reads of these keys only. */
  assign(process: number, keys: readonly KafkaKey[]): void {
    keepAssigned(this.lastReads, process, keys);
  }

  /** A completion with polls (any outcome; only an ok one moves the process on). */
  visit(op: Op, process: number, reads: ReadonlyMap<KafkaKey, Pair[]>): void {
    let mine = this.lastReads.get(process);
    for (const [key, pairs] of reads) {
      const kf = this.facts.keys.get(key)!;
      internalOrder(op, kf, key, pairs, this.intSkips, this.intBacks);
      const last = mine?.get(key);
      if (last === undefined || pairs.length === 0) continue;
      const step = indexDelta(kf.order, last.value, valueKey(pairs[0].value));
      if (step === undefined || step.delta === 1) continue;
      const ops: [Op, Op] = [last.op, op];
      if (step.delta > 1) this.skips.add({ found: { key, delta: step.delta, ops }, kf, from: step.from, to: step.to });
      else this.backs.add({ key, values: [kf.values.get(last.value!), pairs[0].value], delta: step.delta, ops });
    }
    if (op.type !== 'ok') return;
    if (mine === undefined) this.lastReads.set(process, (mine = new Map()));
    for (const [key, pairs] of reads) mine.set(key, { op, value: pairs.length > 0 ? valueKey(pairs[pairs.length - 1].value) : undefined });
  }
}
