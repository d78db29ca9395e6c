// Maelstrom's kafka checker (Jepsen 0.3.7 tests/kafka.clj with Elle 0.2.2's cycle search, as
// maelstrom/workload/kafka.clj runs it), pure over a history and linear in it: one walk gathers
// each key's log, senders and readers (key-facts), a second judges every op against the final
// logs (poll-order, send-order, write-read, realtime-lag), then per key lost writes, duplicates
// and inconsistent offsets, the unseen messages, and, only when some poll read from the future,
// the cycles (realtime-cycles). The result has Maelstrom's fields; report.ts renders it.
import type { Op } from '../../records/history.js';
import { group, kafkaResult, type KafkaErrors, type KafkaResult, type KafkaUnknown } from './result.js';
import { keepAll, keepBy, type DuplicateCase, type InconsistentOffsetCase, type LostWriteCase } from './cases.js';
import { gatherFacts, type HistoryFacts } from './key-facts.js';
import { lostWrites } from './lost-write.js';
import { assignedKeys, MalformedHistoryError, opReads, opWrites, type KafkaKey } from './micro-ops.js';
import { PollOrder, skipGroup } from './poll-order.js';
import { LagTracker } from './realtime-lag.js';
import { findCycles } from './realtime-cycles.js';
import { SendOrder } from './send-order.js';
import { unseenMessages } from './unseen.js';
import { duplicates, inconsistentOffsets } from './version-order.js';
import { NoWriterError, WriteRead } from './write-read.js';

export { allowedErrorTypes, type KafkaErrors, type KafkaErrorType, type KafkaResult, type KafkaUnknown } from './result.js';
export type * from './cases.js';
export type { WorstLag } from './realtime-lag.js';
export type { KafkaKey } from './micro-ops.js';
export { kafkaReportLines, kafkaSummaryRows } from './report.js';

/** Maelstrom prints the 32 least-repeated duplicates and the 32 offsets with fewest values. */
const shownOffsetCases = 32;

/** Judges a kafka history; "unknown" with the reason when the history cannot be judged. */
export function checkKafka(history: readonly Op[]): KafkaResult | KafkaUnknown {
  try {
    return analyse(history);
  } catch (e) {
    if (e instanceof NoWriterError || e instanceof MalformedHistoryError) return { 'valid?': 'unknown', error: e.message };
    throw e;
  }
}

function analyse(history: readonly Op[]): KafkaResult {
  const facts = gatherFacts(history);
  const { polls, sends, lag, wr } = judgeOps(history, facts);
  const logs = judgeLogs(history, facts);
  // Jepsen meets a sender-less lost write before the graph's sender-less read.
  if (wr.noWriter !== undefined) throw new NoWriterError('no-writer-of-value', wr.noWriter.key, wr.noWriter.value);
  const cycles = findCycles(history, facts, wr.futureReads);
  const g1c = cycles.get('G1c');
  const g1cRealtime = cycles.get('G1c-realtime');
  const found: KafkaErrors = {
    ...logs,
    unseen: unseenMessages(facts),
    'poll-skip': skipGroup(polls.skips),
    'nonmonotonic-poll': group(polls.backs),
    'int-poll-skip': skipGroup(polls.intSkips),
    'int-nonmonotonic-poll': group(polls.intBacks),
    'nonmonotonic-send': group(sends.backs),
    'int-send-skip': skipGroup(sends.intSkips),
    'int-nonmonotonic-send': group(sends.intBacks),
    G1a: group(wr.g1a),
    'precommitted-read': group(wr.precommitted),
    G1c: g1c && group(g1c),
    'G1c-realtime': g1cRealtime && group(g1cRealtime),
    'empty-transaction-graph': !facts.realtimeEdge && !wr.wrEdge ? { count: 1, errs: true } : undefined,
  };
  return kafkaResult(found, facts.infoCauses, lag.worstLag());
}

/** The second walk: every completion against the final logs. */
function judgeOps(history: readonly Op[], facts: HistoryFacts): { polls: PollOrder; sends: SendOrder; lag: LagTracker; wr: WriteRead } {
  const polls = new PollOrder(facts);
  const sends = new SendOrder(facts);
  const lag = new LagTracker(facts.discovery);
  const wr = new WriteRead(history, facts);
  history.forEach((op, pos) => {
    if (op.process === 'nemesis' || op.type === 'invoke') return;
    const process = op.process;
    if (op.f === 'assign') {
      if (op.type === 'fail') return;
      const keys = assignedKeys(op);
      polls.assign(process, keys);
      sends.assign(process, keys);
      if (op.type === 'ok') lag.assign(process, keys);
      return;
    }
    const reads = opReads(op);
    const writes = opWrites(op);
    if (reads !== undefined) {
      polls.visit(op, process, reads);
      wr.visit(op, pos, reads, writes);
    }
    if (writes !== undefined) sends.visit(op, process, writes);
    const invocation = facts.invocationOf[pos];
    if (op.type === 'ok' && reads !== undefined && invocation >= 0) lag.poll(process, history[invocation].time, highestOffsets(reads, writes));
  });
  return { polls, sends, lag, wr };
}

/** Jepsen's op->max-offsets: per key the highest offset polled (-1 for none) or sent. */
function highestOffsets(...maps: (ReadonlyMap<KafkaKey, { offset: number | undefined }[]> | undefined)[]): Map<KafkaKey, number> {
  const highest = new Map<KafkaKey, number>();
  maps.forEach((m, i) => {
    for (const [key, pairs] of m ?? []) {
      let h = highest.get(key) ?? (i === 0 ? -1 : -Infinity);
      for (const p of pairs) if (p.offset !== undefined) h = Math.max(h, p.offset);
      if (h > -Infinity) highest.set(key, h);
    }
  });
  return highest;
}

/** Per key: lost writes, then duplicates and inconsistent offsets. */
function judgeLogs(history: readonly Op[], facts: HistoryFacts): Pick<KafkaErrors, 'lost-write' | 'duplicate' | 'inconsistent-offsets'> {
  const lost = keepAll<LostWriteCase>();
  const dups = keepBy<DuplicateCase>(shownOffsetCases, (c) => c.count, false);
  const inconsistent = keepBy<InconsistentOffsetCase>(shownOffsetCases, (c) => c.values.length, false);
  for (const [key, kf] of facts.keys) {
    const raw = (v: string | number): unknown => kf.values.get(v);
    for (const c of lostWrites(history, facts, key, kf)) lost.add(c);
    for (const c of duplicates(key, kf.order, raw)) dups.add(c);
    for (const c of inconsistentOffsets(key, kf.order, raw)) inconsistent.add(c);
  }
  return { 'lost-write': group(lost), duplicate: group(dups), 'inconsistent-offsets': group(inconsistent) };
}
