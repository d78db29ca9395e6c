// kafka's operations as Jepsen 0.3.7 generates them for Maelstrom (tests/kafka.clj workload with
// :txn? false, :crash-clients? true, :sub-via #{:assign}; maelstrom workload/kafka.clj): Elle's
// list-append transactions of one micro-op become `[[poll]]` or `[[send k v]]`; on each request,
// with probability 1/64, an assign of the key that op would have touched comes out instead and
// the op waits for the next request (interleave-subscribes); a third of the assigns also name
// every key with acknowledged sends beyond what any ok poll returned (poll-unseen); crashes come
// on a stagger of their own, mean 30/concurrency s. Keys are decimal strings, as on the wire.
// The offsets ok ops revealed are tracked here for the final phase (track-key-offsets).
import type { Random } from '../base/random.js';
import type { Op } from '../records/history.js';
import { elleTxns } from './elle-txns.js';
import { any, staggered, type OpGenerator } from './generator.js';
import type { OpPlan } from './outcome.js';
import type { WorkloadOptions } from './workload.js';

/** A kafka operation: `[["send", k, msg]]`, `[["poll"]]`, a list of keys to assign, or a crash (null). */
export interface KafkaOp extends OpPlan {
  f: 'send' | 'poll' | 'assign' | 'crash';
  /** The final phase's assign (Jepsen's seek-to-beginning?): every key from offset 0, no RPC. */
  seek?: true;
}

/** Offsets as the node wrote them: integers, beyond 2^53 as bigints. */
export type Offset = number | bigint;

/** Jepsen's sub-p: the chance a request yields an assign instead of the op. */
export const assignP = 1 / 64;
/** Jepsen's crash-client-interval (s), divided by the concurrency. */
export const crashIntervalS = 30;
/** Elle's default pool size for the exponential key distribution. */
export const defaultKeyCount = 10;

const max = (a: Offset, b: Offset): Offset => (a >= b ? a : b);

/**
 * Per key, the highest offset an ok op revealed (Jepsen's op->max-offsets): sends their offset,
 * polls the highest polled (-1 for a key polled empty). Empty for every other op.
 */
export function revealedOffsets(op: Op): { polled: Map<string, Offset>; sent: Map<string, Offset> } {
  const polled = new Map<string, Offset>();
  const sent = new Map<string, Offset>();
  if (op.type !== 'ok' || !Array.isArray(op.value)) return { polled, sent };
  for (const mop of op.value as unknown[]) {
    if (!Array.isArray(mop)) continue;
    if (mop[0] === 'poll' && typeof mop[1] === 'object' && mop[1] !== null) {
      for (const [key, o] of highestPolled(mop[1] as Record<string, unknown>)) polled.set(key, max(polled.get(key) ?? o, o));
    } else if (mop[0] === 'send' && Array.isArray(mop[2]) && isOffset(mop[2][0])) {
      const key = String(mop[1]);
      sent.set(key, max(sent.get(key) ?? mop[2][0], mop[2][0]));
    }
  }
  return { polled, sent };
}

/** Per key of a poll's result, the highest offset returned, -1 for none. */
export function highestPolled(msgs: Record<string, unknown>): Map<string, Offset> {
  const highest = new Map<string, Offset>();
  for (const [key, pairs] of Object.entries(msgs)) {
    let h: Offset = -1;
    if (Array.isArray(pairs)) for (const pair of pairs) if (Array.isArray(pair) && isOffset(pair[0])) h = max(h, pair[0]);
    highest.set(key, h);
  }
  return highest;
}

const isOffset = (v: unknown): v is Offset => typeof v === 'bigint' || Number.isInteger(v);

/** What ok ops revealed so far: the generator's unseen keys and the final phase's targets. */
export class OffsetTracker {
  /** Per key, the highest offset any ok op revealed (track-key-offsets). */
  readonly highest = new Map<string, Offset>();
  /** Keys whose highest acknowledged send is beyond their highest ok poll (poll-unseen). */
  private readonly sent = new Map<string, Offset>();
  private readonly polled = new Map<string, Offset>();

  observe(op: Op): void {
    const { polled, sent } = revealedOffsets(op);
    for (const [key, o] of [...polled, ...sent]) this.highest.set(key, max(this.highest.get(key) ?? o, o));
    for (const [key, o] of sent) this.sent.set(key, max(this.sent.get(key) ?? o, o));
    for (const [key, o] of polled) this.polled.set(key, max(this.polled.get(key) ?? o, o));
    // Jepsen trims every key it is caught up on; only the keys this op touched can have changed.
    for (const key of new Set([...polled.keys(), ...sent.keys()])) {
      if ((this.polled.get(key) ?? -1) >= (this.sent.get(key) ?? -1)) {
        this.sent.delete(key);
        this.polled.delete(key);
      }
    }
  }

  /** Keys with acknowledged sends no ok poll has reached, in the order they were first sent. */
  unseenKeys(): string[] {
    return [...this.sent.keys()];
  }
}

/** The main phase's generator; `tracker` hears every completion. */
export function kafkaGenerator(options: WorkloadOptions, random: Random, tracker: OffsetTracker): OpGenerator<KafkaOp> {
  const txns = elleTxns({ keyCount: options.keyCount ?? defaultKeyCount, minTxnLength: 1, maxTxnLength: 1, maxWritesPerKey: options.maxWritesPerKey }, random);
  let held: { op: KafkaOp; key: string } | undefined;
  const main: OpGenerator<KafkaOp> = {
    next(ctx) {
      if (ctx.free.length === 0) return 'pending';
      const thread = ctx.free[0].thread;
      if (held === undefined) {
        const [[f, k, v]] = txns();
        const key = String(k);
        held = { key, op: f === 'r' ? { f: 'poll', value: [['poll']] } : { f: 'send', value: [['send', key, v]] } };
      }
      if (random() < assignP) return { op: assignOf(held.key), thread };
      const { op } = held;
      held = undefined;
      return { op, thread };
    },
    update: (completion) => tracker.observe(completion),
  };
  const assignOf = (key: string): KafkaOp => {
    const unseen = tracker.unseenKeys();
    const keys = random() < 1 / 3 && unseen.length > 0 ? [...new Set([key, ...unseen])] : [key];
    return { f: 'assign', value: keys };
  };
  const crash = staggered<KafkaOp>((crashIntervalS * 1000) / options.concurrency, () => ({ f: 'crash', value: null }), random);
  return any(crash, main);
}

/** The final phase's poll gap: Jepsen's (stagger 1/5), uniform in [0, 0.4) s. */
export function finalPollGapMs(random: Random): number {
  return random() * 400;
}
