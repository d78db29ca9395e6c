// How the kafka checker reads Maelstrom's history values (Jepsen's tests/kafka.clj, op-reads and
// op-writes): a send is `[["send", k, v]]` when invoked, failed or indeterminate and
// `[["send", k, [offset, v]]]` when ok; a poll is `[["poll"]]` until an ok completion fills in
// `[["poll", {k: [[offset, v], …]}]]`; a `txn` op may mix both. Keys are strings on the wire and
// integers in Maelstrom's generator, so both spell one key here: its decimal string.
import type { Op } from '../../records/history.js';

export type KafkaKey = string;

/** One message as an op saw it; `offset` is undefined when the op did not learn it. */
export interface Pair {
  offset: number | undefined;
  value: unknown;
  /** Position of the micro-op within the op's value (Elle's mop index). */
  mop: number;
}

/** A history value that is not Maelstrom's kafka shape; the checker answers "unknown" with it. */
export class MalformedHistoryError extends Error {}

const malformed = (op: Op, what: string): MalformedHistoryError => new MalformedHistoryError(`op ${op.index} (${op.type} ${op.f}): ${what}`);

export function keyOf(raw: unknown, op: Op): KafkaKey {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isInteger(raw)) return String(raw);
  if (typeof raw === 'bigint') return String(raw);
  throw malformed(op, `a key must be a string or an integer, got ${JSON.stringify(raw)}`);
}

/** Offsets are integers; a missing one (nil in Jepsen) is unknown. */
function offsetOf(raw: unknown, op: Op): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
  throw malformed(op, `an offset must be an integer, got ${JSON.stringify(raw)}`);
}

function microOps(op: Op): unknown[] {
  if (!Array.isArray(op.value)) throw malformed(op, 'the value must be a list of micro-ops');
  return op.value;
}

const readsF = new Set(['poll', 'txn']);
const writesF = new Set(['send', 'txn']);

export const isReadOp = (op: Op): boolean => readsF.has(op.f);
export const isWriteOp = (op: Op): boolean => writesF.has(op.f);
/** The ops Elle's graph is built over: sends, polls and transactions. */
export const isTxnOp = (op: Op): boolean => readsF.has(op.f) || writesF.has(op.f);

function push(into: Map<KafkaKey, Pair[]>, key: KafkaKey, pair: Pair): void {
  const pairs = into.get(key);
  if (pairs === undefined) into.set(key, [pair]);
  else pairs.push(pair);
}

/**
 * Keys to the messages this op polled, in order (Jepsen's op-reads). A key polled with an empty
 * list is present with no pairs. Undefined for ops that cannot read.
 */
export function opReads(op: Op): Map<KafkaKey, Pair[]> | undefined {
  if (!isReadOp(op)) return undefined;
  const reads = new Map<KafkaKey, Pair[]>();
  microOps(op).forEach((mop, i) => {
    if (!Array.isArray(mop) || mop[0] !== 'poll' || mop.length < 2) return;
    const msgs = mop[1];
    if (msgs === null || typeof msgs !== 'object' || Array.isArray(msgs)) throw malformed(op, 'a poll result must be an object of keys to pairs');
    for (const [rawKey, pairs] of Object.entries(msgs as Record<string, unknown>)) {
      const key = keyOf(rawKey, op);
      if (!Array.isArray(pairs)) throw malformed(op, `poll key ${rawKey} must hold a list of [offset, message] pairs`);
      if (!reads.has(key)) reads.set(key, []);
      for (const pair of pairs) {
        if (!Array.isArray(pair) || pair.length !== 2) throw malformed(op, `poll key ${rawKey} holds ${JSON.stringify(pair)}, not an [offset, message] pair`);
        push(reads, key, { offset: offsetOf(pair[0], op), value: pair[1] ?? null, mop: i });
      }
    }
  });
  return reads;
}

/**
 * Keys to the messages this op sent, in order (Jepsen's op-writes). As in Jepsen, a list in the
 * message position is an [offset, message] pair (an ok send); anything else is the bare message.
 */
export function opWrites(op: Op): Map<KafkaKey, Pair[]> | undefined {
  if (!isWriteOp(op)) return undefined;
  const writes = new Map<KafkaKey, Pair[]>();
  microOps(op).forEach((mop, i) => {
    if (!Array.isArray(mop) || mop[0] !== 'send') return;
    if (mop.length < 3) throw malformed(op, 'a send must be ["send", key, message]');
    const v = mop[2];
    const pair: Pair = Array.isArray(v) ? { offset: offsetOf(v[0], op), value: v[1] ?? null, mop: i } : { offset: undefined, value: v ?? null, mop: i };
    push(writes, keyOf(mop[1], op), pair);
  });
  return writes;
}

/** The keys an assign names (its value is the list of keys). */
export function assignedKeys(op: Op): KafkaKey[] {
  if (!Array.isArray(op.value)) throw malformed(op, 'an assign value must be a list of keys');
  return op.value.map((k) => keyOf(k, op));
}
