// What polls reveal about the sends they read from (Jepsen's kafka.clj: g1a-cases,
// precommitted-read-cases and the wr graph): an ok poll that returns a message whose send
// failed is an aborted read (G1a); an op that polls its own send is a precommitted read; a
// polled message nobody sent leaves the analysis without ground (no-writer-of-value); and an ok
// poll that returns a message whose send was invoked only after the poll completed closes a
// cycle of a write-read and a realtime edge: the G1c-realtime Elle reports.
import type { Op } from '../../records/history.js';
import { valueKey } from '../value-key.js';
import { keepAll, type G1aCase, type PrecommittedReadCase } from './cases.js';
import type { HistoryFacts } from './key-facts.js';
import type { KafkaKey, Pair } from './micro-ops.js';

/** A poll that read from the future: the reader completed before the writer was invoked. */
export interface FutureRead {
  reader: number;
  writer: number;
  key: KafkaKey;
  value: unknown;
  /** The poll's micro-op index. */
  mop: number;
}

/** A polled message without a sender; Jepsen throws, and the result is "unknown". */
export class NoWriterError extends Error {
  constructor(kind: 'no-writer-of' | 'no-writer-of-value', key: KafkaKey, value: unknown) {
    super(`throw+: {:type :${kind}, :key ${JSON.stringify(key)}, :value ${JSON.stringify(value)}}`);
  }
}

export class WriteRead {
  readonly g1a = keepAll<G1aCase>();
  readonly precommitted = keepAll<PrecommittedReadCase>();
  readonly futureReads: FutureRead[] = [];
  /** Whether some op polled a message another op sent: Elle's graph then has a wr edge. */
  wrEdge = false;
  /** The first polled message nobody sent. */
  noWriter: { key: KafkaKey; value: unknown } | undefined;

  constructor(
    private readonly history: readonly Op[],
    private readonly facts: HistoryFacts,
  ) {}

  /** A completion with polls (and, in a txn, perhaps sends). */
  visit(op: Op, pos: number, reads: ReadonlyMap<KafkaKey, Pair[]>, writes: ReadonlyMap<KafkaKey, Pair[]> | undefined): void {
    for (const [key, pairs] of reads) {
      const kf = this.facts.keys.get(key)!;
      for (const pair of pairs) {
        const v = valueKey(pair.value);
        const writer = kf.writer.get(v);
        if (writer === undefined) {
          this.noWriter ??= { key, value: pair.value };
          continue;
        }
        if (writer !== pos) this.wrEdge = true;
        if (op.type !== 'ok') continue;
        if (kf.failed.has(v)) this.g1a.add({ key, value: pair.value, writer: this.history[writer], reader: op });
        if (writer !== pos && this.facts.invocationOf[writer] > pos) this.futureReads.push({ reader: pos, writer, key, value: pair.value, mop: pair.mop });
      }
    }
    if (writes !== undefined) this.ownReads(op, reads, writes);
  }

  private ownReads(op: Op, reads: ReadonlyMap<KafkaKey, Pair[]>, writes: ReadonlyMap<KafkaKey, Pair[]>): void {
    for (const [key, sent] of writes) {
      const polled = new Set((reads.get(key) ?? []).map((p) => valueKey(p.value)));
      const own = sent.find((p) => polled.has(valueKey(p.value)));
      if (own !== undefined) return void this.precommitted.add({ op, key, value: own.value });
    }
  }
}
