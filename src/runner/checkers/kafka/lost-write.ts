// Lost writes (Jepsen's kafka.clj, lost-write-cases): once an ok poll has returned a message at
// some index of a key's log, every message before it must have been returned by some ok poll.
// Because a value may sit at two offsets and an offset may hold two values, the bound is the
// highest *first* index among the values ok polls returned, and a value is owed when its *last*
// index is at or below it. A missing value is lost only if its send must have happened: ok, or
// indeterminate with some message an ok poll returned.
import type { Op } from '../../records/history.js';
import type { ValueKey } from '../value-key.js';
import type { LostWriteCase } from './cases.js';
import { mustHaveCommitted, type HistoryFacts, type KeyFacts } from './key-facts.js';
import type { KafkaKey } from './micro-ops.js';
import { NoWriterError } from './write-read.js';

export function lostWrites(history: readonly Op[], facts: HistoryFacts, key: KafkaKey, kf: KeyFacts): LostWriteCase[] {
  if (kf.okRead.size === 0) return [];
  const first = new Map<ValueKey, number>();
  const last = new Map<ValueKey, number>();
  kf.order.valuesAt.forEach((vs, i) => {
    for (const v of vs) {
      if (!first.has(v)) first.set(v, i);
      last.set(v, i);
    }
  });
  let bound = -1;
  for (const v of kf.okRead) bound = Math.max(bound, first.get(v) ?? -1);
  // Jepsen would throw here (nth of index -1) when ok polls returned only empty lists for the
  // key: nothing was read, so nothing is owed.
  if (bound < 0) return [];
  const atBound = kf.order.valuesAt[bound].find((v) => last.get(v) === bound);
  const readerPos = atBound === undefined ? undefined : kf.firstReader.get(atBound);
  const maxRead = readerPos === undefined ? null : history[readerPos];
  const cases: LostWriteCase[] = [];
  for (let i = 0; i <= bound; i++) {
    for (const v of kf.order.valuesAt[i]) {
      if (last.get(v) !== i || kf.okRead.has(v)) continue;
      const writer = kf.writer.get(v);
      if (writer === undefined) throw new NoWriterError('no-writer-of', key, kf.values.get(v));
      if (!mustHaveCommitted(facts, history[writer])) continue;
      cases.push({ key, value: kf.values.get(v), index: first.get(v)!, 'max-read-index': bound, writer: history[writer], 'max-read': maxRead });
    }
  }
  return cases;
}
