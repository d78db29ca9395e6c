// The kafka checker's first pass (Jepsen's kafka.clj: writer-of, readers-of, writes-by-type,
// reads-by-type, version-orders and the realtime-lag expiry): one walk over the history that
// gathers, per key, what was sent and polled where, by whom and with what outcome. Everything
// later is computed from these facts in a second walk, because skips and lost writes are judged
// against each key's final order, which only the whole history reveals.
import type { Op } from '../../records/history.js';
import { valueKey, type ValueKey } from '../value-key.js';
import { isTxnOp, opReads, opWrites, type KafkaKey, type Pair } from './micro-ops.js';
import { OffsetDiscovery } from './realtime-lag.js';
import { addToLog, versionOrder, type KeyLog, type VersionOrder } from './version-order.js';

export interface KeyFacts {
  /** Each value as first seen, for output. */
  values: Map<ValueKey, unknown>;
  log: KeyLog;
  /** Set once the walk is done. */
  order: VersionOrder;
  /** History position of the (last) completion that sent each value, whatever its outcome. */
  writer: Map<ValueKey, number>;
  /** Values sent by :fail completions. */
  failed: Set<ValueKey>;
  /** Values some :ok poll returned. */
  okRead: Set<ValueKey>;
  /** Values :ok sends acknowledged. */
  acked: Set<ValueKey>;
  /** History position of the first completion that polled each value. */
  firstReader: Map<ValueKey, number>;
}

export interface HistoryFacts {
  keys: Map<KafkaKey, KeyFacts>;
  /** For each completion's position, its invocation's (-1 if none, or not a completion). */
  invocationOf: Int32Array;
  /** For each invocation's position, its completion's (-1 if none). */
  completionOf: Int32Array;
  /** Distinct `error`s of :info sends and polls, in history order. */
  infoCauses: unknown[];
  /** Time of the last :ok send or poll. */
  lastOkTime: number | undefined;
  /** Whether Elle's realtime graph has an edge: some op invoked after a send or poll completed ok. */
  realtimeEdge: boolean;
  /** Whether some op both polls and sends (a txn; Maelstrom never issues one). */
  mixed: boolean;
  discovery: OffsetDiscovery;
}

export function keyFacts(facts: HistoryFacts, key: KafkaKey): KeyFacts {
  let kf = facts.keys.get(key);
  if (kf === undefined) {
    kf = {
      values: new Map(),
      log: new Map(),
      order: versionOrder(new Map()),
      writer: new Map(),
      failed: new Set(),
      okRead: new Set(),
      acked: new Set(),
      firstReader: new Map(),
    };
    facts.keys.set(key, kf);
  }
  return kf;
}

function remember(kf: KeyFacts, pair: Pair): ValueKey {
  const v = valueKey(pair.value);
  if (!kf.values.has(v)) kf.values.set(v, pair.value);
  return v;
}

export function gatherFacts(history: readonly Op[]): HistoryFacts {
  const n = history.length;
  const facts: HistoryFacts = {
    keys: new Map(),
    invocationOf: new Int32Array(n).fill(-1),
    completionOf: new Int32Array(n).fill(-1),
    infoCauses: [],
    lastOkTime: undefined,
    realtimeEdge: false,
    mixed: false,
    discovery: new OffsetDiscovery(),
  };
  const pending = new Map<number, number>();
  const causes = new Set<ValueKey>();
  const infoSends: number[] = [];
  let firstOk = -1;
  history.forEach((op, pos) => {
    if (op.process === 'nemesis') return;
    // Invocations carry no poll results and no offsets: nothing to learn from them but timing.
    if (op.type === 'invoke') return void pending.set(op.process, pos);
    const inv = pending.get(op.process) ?? -1;
    pending.delete(op.process);
    facts.invocationOf[pos] = inv;
    if (inv >= 0) facts.completionOf[inv] = pos;
    if (!isTxnOp(op)) return;
    if (inv >= 0 && firstOk >= 0 && inv > firstOk) facts.realtimeEdge = true;
    if (op.type === 'ok') {
      if (firstOk < 0) firstOk = pos;
      facts.lastOkTime = op.time;
    }
    if (op.type === 'info' && !causes.has(valueKey(op.error ?? null))) {
      causes.add(valueKey(op.error ?? null));
      facts.infoCauses.push(op.error ?? null);
    }
    const reads = opReads(op);
    const writes = opWrites(op);
    if (reads !== undefined && writes !== undefined && reads.size > 0 && writes.size > 0) facts.mixed = true;
    if (reads !== undefined) noteReads(facts, op, pos, reads);
    if (writes !== undefined && noteWrites(facts, op, pos, writes)) infoSends.push(pos);
  });
  // Jepsen trusts an indeterminate send's offsets only once an ok poll proved it happened.
  for (const pos of infoSends) if (mustHaveCommitted(facts, history[pos])) logSends(facts, history[pos]);
  for (const kf of facts.keys.values()) kf.order = versionOrder(kf.log);
  return facts;
}

function noteReads(facts: HistoryFacts, op: Op, pos: number, reads: Map<KafkaKey, Pair[]>): void {
  for (const [key, pairs] of reads) {
    const kf = keyFacts(facts, key);
    let highest = -1;
    for (const pair of pairs) {
      const v = remember(kf, pair);
      // Polls count whatever their outcome: Kafka promises pollers only ever see safe data.
      if (pair.offset !== undefined) {
        addToLog(kf.log, pair.offset, v);
        highest = Math.max(highest, pair.offset);
      }
      if (!kf.firstReader.has(v)) kf.firstReader.set(v, pos);
      if (op.type === 'ok') kf.okRead.add(v);
    }
    if (op.type === 'ok' || op.type === 'info') facts.discovery.known(key, highest, op.time);
  }
}

/** Records the sends; true when the op is indeterminate and claims offsets (decided later). */
function noteWrites(facts: HistoryFacts, op: Op, pos: number, writes: Map<KafkaKey, Pair[]>): boolean {
  let offsetsToDecide = false;
  for (const [key, pairs] of writes) {
    const kf = keyFacts(facts, key);
    let highest = -1;
    for (const pair of pairs) {
      const v = remember(kf, pair);
      kf.writer.set(v, pos);
      if (op.type === 'fail') kf.failed.add(v);
      if (op.type === 'ok') kf.acked.add(v);
      if (pair.offset === undefined) continue;
      highest = Math.max(highest, pair.offset);
      if (op.type === 'ok') addToLog(kf.log, pair.offset, v);
      if (op.type === 'info') offsetsToDecide = true;
    }
    if (op.type === 'ok' || op.type === 'info') facts.discovery.known(key, highest, op.time);
  }
  return offsetsToDecide;
}

function logSends(facts: HistoryFacts, op: Op): void {
  for (const [key, pairs] of opWrites(op) ?? []) {
    const kf = keyFacts(facts, key);
    for (const pair of pairs) if (pair.offset !== undefined) addToLog(kf.log, pair.offset, valueKey(pair.value));
  }
}

/** Jepsen's must-have-committed?: ok, or indeterminate with some message an ok poll returned. */
export function mustHaveCommitted(facts: HistoryFacts, op: Op): boolean {
  if (op.type === 'ok') return true;
  if (op.type !== 'info') return false;
  for (const [key, pairs] of opWrites(op) ?? []) {
    const read = facts.keys.get(key)?.okRead;
    if (read !== undefined && pairs.some((p) => read.has(valueKey(p.value)))) return true;
  }
  return false;
}
