// Append-only logs of JSON messages, one per key, with offsets assigned by the key's owner, plus a
// committed offset per key: Kafka's data as a replicated store. Every replica holds the same
// records (a chunked log of small tuples, chunked-log.ts) and serves each key from the records
// alone (offset-index.ts): an entry only once its writer has vouched for it, and only as the
// next link of the key's chain, so what a replica serves is a prefix with no holes whatever
// order the records arrived in. Committed offsets merge by maximum.
//
// The store does not know who owns a key: the node decides that (workloads/kafka.ts) and calls
// append() only for its own keys. Offsets continue after every offset this replica has seen for
// the key, so a writer never gives an offset it knows of twice. A writer vouches for its entries
// once they are durable (at once, for a node that keeps its store in memory); at start, a writer
// with a data directory declares a new incarnation and adopts the entries its predecessors wrote
// to disk but never vouched for (adopt()).
import type * as Y from 'yjs';
import { ChunkedLog, chunkedLogProblem, loggedValues } from './chunked-log.js';
import { OffsetIndex, recordProblem, type LogEntry, type LogRecord } from './offset-index.js';
import { YStore, type StructLookup, type TransactionChange, type YStoreOptions } from './store.js';
import { assertValue, checkValue } from './value-limits.js';

export type { LogEntry, LogRecord } from './offset-index.js';

export interface OffsetLogsOptions extends YStoreOptions {
  /** Records per chunk of the log (chunked-log.ts). */
  chunkSize?: number;
}

const root = 'offset-logs';

export class OffsetLogs extends YStore {
  private readonly log: ChunkedLog<LogRecord>;
  private readonly index = new OffsetIndex();
  private uncommitted: LogRecord[] = [];
  /** This writer's last offset per key, buffered writes included. */
  private readonly lastWritten = new Map<string, number>();
  /** Committed offsets written here and not yet folded in, so a burst writes each once. */
  private readonly commitsWritten = new Map<string, number>();
  private entries = 0;
  private vouched = 0;
  private vouchDue = 0;

  constructor(options: OffsetLogsOptions = {}) {
    super({ root }, options);
    this.log = new ChunkedLog<LogRecord>(this.doc, root, options.chunkSize);
  }

  /**
   * Appends `msg` to `key` as its owner; returns its offset: one past every offset of the key this
   * replica knows of. Throws InvalidValueError, appending nothing, if `msg` breaks value-limits.ts.
   */
  append(key: string, msg: unknown): number {
    assertValue(msg);
    const mine = this.lastWritten.get(key);
    const offset = Math.max(this.index.highest(key), mine ?? -1) + 1;
    this.buffer(['e', key, offset, mine ?? this.index.end(key), msg]);
    this.lastWritten.set(key, offset);
    this.entries++;
    return offset;
  }

  /** Entries this writer appended since it started. */
  get ownEntries(): number {
    return this.entries;
  }

  /** Vouches for this writer's first `count` entries (all so far when omitted): they are durable. */
  vouch(count = this.entries): void {
    const n = Math.min(count, this.entries);
    if (n <= Math.max(this.vouched, this.vouchDue)) return;
    this.vouchDue = n;
    this.written();
  }

  /** Raises `key`'s committed offset to `offset` (a lower one changes nothing). */
  commitOffset(key: string, offset: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`a committed offset is a safe integer ≥ 0, not ${offset}`);
    const known = Math.max(this.index.committed(key) ?? -1, this.commitsWritten.get(key) ?? -1);
    if (offset <= known) return;
    this.commitsWritten.set(key, offset);
    this.buffer(['k', key, offset]);
  }

  /** The served messages of `key` from the first offset ≥ `from`, at most `limit`. */
  poll(key: string, from: number, limit = Infinity): [number, unknown][] {
    this.commit();
    return this.index.poll(key, from, limit);
  }

  committed(key: string): number | undefined {
    this.commit();
    return this.index.committed(key);
  }

  /** Declares this writer the next incarnation of whoever ran before it on this store; its number. */
  declareIncarnation(): number {
    const n = this.index.incarnation() + 1;
    this.buffer(['i', n]);
    return n;
  }

  /**
   * Adopts what earlier incarnations wrote for the keys `owns` accepts and never vouched for:
   * from each such key's served end, link by link, the entry of the newest incarnation (an
   * entry written after another at the same link was written because that one never became
   * durable) is appended again under this writer, to be vouched for with its other entries.
   * Returns how many were adopted. Call once, after recovery, before any append.
   */
  adopt(owns: (key: string) => boolean): number {
    this.commit();
    const byLink = new Map<string, Map<number, LogEntry>>();
    for (const entry of this.index.unvouched()) {
      if (entry.writer === this.clientId || !owns(entry.key)) continue;
      let links = byLink.get(entry.key);
      if (!links) byLink.set(entry.key, (links = new Map()));
      const rival = links.get(entry.prev);
      if (!rival || this.index.incarnationOf(entry.writer) > this.index.incarnationOf(rival.writer)) links.set(entry.prev, entry);
    }
    let adopted = 0;
    for (const [key, links] of byLink) {
      for (let next = links.get(this.index.end(key)); next !== undefined; next = links.get(next.offset)) {
        this.buffer(['e', key, next.offset, next.prev, next.msg]);
        this.lastWritten.set(key, next.offset);
        this.entries++;
        adopted++;
      }
    }
    return adopted;
  }

  private buffer(record: LogRecord): void {
    this.uncommitted.push(record);
    this.written();
  }

  protected commitWrites(): void {
    const records = this.uncommitted;
    this.uncommitted = [];
    // The vouch goes after the entries it covers, in the same transaction.
    if (this.vouchDue > this.vouched) {
      records.push(['v', this.vouchDue]);
      this.vouched = this.vouchDue;
    }
    this.commitsWritten.clear();
    this.log.append(records);
  }

  protected integrate(change: TransactionChange): void {
    for (const item of change.inserted) {
      for (const record of loggedValues(item) as LogRecord[]) this.index.add(item.id.client, record);
    }
  }

  protected contentProblem(item: Y.Item, lookup: StructLookup): string | undefined {
    return chunkedLogProblem(item, root, lookup, (record) => recordProblem(record, checkValue));
  }
}
