// Maelstrom's kafka workload on the runner side (maelstrom workload/kafka.clj over Jepsen 0.3.7
// tests/kafka.clj): the generator (kafka-generator.ts), the client, the final phase and the
// kafka checker. The client is not reusable (every :info opens a fresh one with no offsets) and
// keeps, per assigned key, the next offset to poll. An assign asks list_committed_offsets for the
// keys it newly takes (already assigned keys keep their place, unknown ones start at 0); a poll
// sends the client's offsets, advances them past what came back, then commits the highest offset
// of every key that returned messages, and is ok only if both RPCs are; a send is one RPC; a
// crash is an immediate :info. Errors are wrapped with assign idempotent (its timeouts and errors
// fail). The final phase, after the heal and the recovery wait: on every thread a crash, an
// assign of every key ok ops revealed from offset 0, then polls spaced uniform in [0, 0.4) s until
// the thread has polled up to the highest offset known for each key; cut at 10 s.
import type { Body } from '../../maelstrom/message.js';
import { kafkaRpcs, type RpcShape } from '../../workloads/rpc.js';
import { checkKafka, kafkaReportLines, kafkaSummaryRows, type KafkaResult, type KafkaUnknown } from '../checkers/kafka/index.js';
import { table, type Row } from '../base/plain-text.js';
import { finalPollGapMs, highestPolled, kafkaGenerator, OffsetTracker, revealedOffsets, type KafkaOp, type Offset } from './kafka-generator.js';
import { completeOp, type ClientStyle, type Completion } from './outcome.js';
import type { ClientHandle, FinalThread, Workload, WorkloadOptions } from './workload.js';

export type { KafkaOp } from './kafka-generator.js';

/** The client's state: per assigned key, the next offset to poll. */
export interface KafkaClientState {
  offsets: Map<string, Offset>;
}

export type KafkaWorkloadResult = KafkaResult | KafkaUnknown;

/** Maelstrom cuts the final polls at 10 s. */
export const finalPhaseS = 10;

const style: ClientStyle = { wraps: true, idempotent: new Set(['assign']) };

export function createKafka(options: WorkloadOptions): Workload<KafkaWorkloadResult, KafkaOp, KafkaClientState> {
  // One test, one generator: the final phase polls up to what the main phase's ok ops revealed.
  let tracker = new OffsetTracker();
  return {
    name: 'kafka',
    generator: (random) => kafkaGenerator(options, random, (tracker = new OffsetTracker())),
    client: { state: () => ({ offsets: new Map() }) },
    perform: (op, client) => perform(op, client),
    final: { timeLimitS: finalPhaseS, run: (thread) => finalPolls(thread, tracker) },
    check: (history) => checkKafka(history),
    summaryRows: (result) => (isUnknown(result) ? unknownRows(result) : kafkaSummaryRows(result)),
    reportLines: (result) => (isUnknown(result) ? table(unknownRows(result)) : kafkaReportLines(result)),
  };
}

const isUnknown = (r: KafkaWorkloadResult): r is KafkaUnknown => r['valid?'] === 'unknown';
const unknownRows = (r: KafkaUnknown): Row[] => [['kafka', `not judged: ${r.error}`]];

async function perform(op: KafkaOp, client: ClientHandle<KafkaClientState>): Promise<Completion> {
  switch (op.f) {
    case 'crash':
      return { type: 'info', value: op.value };
    case 'assign':
      return assign(op, client);
    case 'send':
      return send(op, client);
    case 'poll':
      return poll(op, client);
  }
}

/** One RPC: the reply's body when it is a well-formed ok, else the op's completion for what came instead. */
async function call(
  op: KafkaOp,
  client: ClientHandle<KafkaClientState>,
  rpc: RpcShape,
  fields: Record<string, unknown>,
): Promise<{ body: Body } | { done: Completion }> {
  const outcome = await client.call({ type: rpc.type, ...fields });
  const done = completeOp(style, { ...op, rpc, fields }, outcome, () => undefined);
  return done.type === 'ok' && outcome.kind === 'reply' ? { body: outcome.body } : { done };
}

async function assign(op: KafkaOp, client: ClientHandle<KafkaClientState>): Promise<Completion> {
  const keys = op.value as string[];
  const state = client.state;
  if (op.seek) {
    state.offsets = new Map(keys.map((k) => [k, 0]));
    return { type: 'ok', value: op.value };
  }
  const reply = await call(op, client, kafkaRpcs.listCommittedOffsets, { keys });
  if ('done' in reply) return reply.done;
  const committed = reply.body.offsets as Record<string, Offset>;
  state.offsets = new Map(keys.map((k) => [k, state.offsets.get(k) ?? (Object.hasOwn(committed, k) ? committed[k] : 0)]));
  return { type: 'ok', value: op.value };
}

async function send(op: KafkaOp, client: ClientHandle<KafkaClientState>): Promise<Completion> {
  const [[, key, msg]] = op.value as [[string, string, unknown]];
  const reply = await call(op, client, kafkaRpcs.send, { key, msg });
  if ('done' in reply) return reply.done;
  return { type: 'ok', value: [['send', key, [reply.body.offset, msg]]] };
}

async function poll(op: KafkaOp, client: ClientHandle<KafkaClientState>): Promise<Completion> {
  const { offsets } = client.state;
  const reply = await call(op, client, kafkaRpcs.poll, { offsets: Object.fromEntries(offsets) });
  if ('done' in reply) return reply.done;
  const msgs = reply.body.msgs as Record<string, [Offset, unknown][]>;
  const value = [['poll', msgs]];
  const polled = highestPolled(msgs);
  const commits: Record<string, Offset> = {};
  for (const [key, highest] of polled) {
    // The next offset to poll never goes back (merge-with max).
    const next = typeof highest === 'bigint' ? highest + 1n : highest + 1;
    const current = offsets.get(key);
    offsets.set(key, current === undefined || next > current ? next : current);
    // Maelstrom's txn-offsets: the highest offset returned, at least 0, for keys with messages.
    if (msgs[key].length > 0) commits[key] = highest >= 0 ? highest : 0;
  }
  if (Object.keys(commits).length > 0) {
    const committed = await call(op, client, kafkaRpcs.commitOffsets, { offsets: commits });
    if ('done' in committed) return committed.done;
  }
  return { type: 'ok', value };
}

/** One thread's final routine (Jepsen's final-polls, each thread on its own copy of the targets). */
async function finalPolls(thread: FinalThread<KafkaOp>, tracker: OffsetTracker): Promise<void> {
  const targets = new Map(tracker.highest);
  if (targets.size === 0) return;
  if ((await thread.invoke({ f: 'crash', value: null })) === undefined) return;
  const keys = [...targets.keys()].sort(byKey);
  const assigned = await thread.invoke({ f: 'assign', value: keys, seek: true });
  if (assigned === undefined) return;
  // Jepsen's stagger: each poll due a uniform [0, 0.4) s after the previous one was due.
  let dueNs = assigned.time;
  while (targets.size > 0) {
    const polled = await thread.invoke({ f: 'poll', value: [['poll']] });
    if (polled === undefined) return;
    for (const [key, seen] of revealedOffsets(polled).polled) {
      const target = targets.get(key);
      if (target !== undefined && target <= seen) targets.delete(key);
    }
    dueNs += finalPollGapMs(thread.random) * 1e6;
    if (targets.size > 0 && dueNs > polled.time) await thread.sleep((dueNs - polled.time) / 1e6);
  }
}

/** Jepsen's targets are a sorted map of integer keys. */
function byKey(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return Number.isNaN(x) || Number.isNaN(y) ? (a < b ? -1 : a > b ? 1 : 0) : x - y;
}
