// What a replica of the offset logs (offset-logs.ts) can serve, folded from the records each
// writer appends, one writer's records in that writer's order (Yjs delivers a writer's items in
// clock order). Plain data, no Yjs: the store feeds it from each transaction's change.
//
// Records:
//   ['e', key, offset, prev, msg]  an entry: `msg` at `offset` of `key`, following the entry at
//                                  `prev` (-1: the first); only the key's owner writes them
//   ['v', n]                       its writer vouches for its first n entries (they are durable)
//   ['k', key, offset]             a committed offset (the largest one counts)
//   ['i', n]                       its writer is incarnation n (the largest seen + 1 at start)
//
// An entry is served only once its writer has vouched for it, and only as the next link of its
// key's chain (its prev is the chain's last offset), so a replica serves each key as a prefix
// with no holes: an entry that reached a peer but not its owner's disk before a kill is never
// vouched for and never served, and the owner's next incarnation may give its offset to another
// message without anyone having seen two. Offsets may be sparse (a new incarnation skips every
// offset it knows of); the chain, not offset + 1, says what comes next.

export type LogRecord = ['e', string, number, number, unknown] | ['v', number] | ['k', string, number] | ['i', number];

export interface LogEntry {
  readonly key: string;
  readonly offset: number;
  readonly prev: number;
  readonly msg: unknown;
  /** The Yjs client that wrote it. */
  readonly writer: number;
}

interface KeyLog {
  /** The served chain: offsets and messages, offsets increasing. */
  readonly offsets: number[];
  readonly msgs: unknown[];
  /** Vouched entries whose prev is not served yet, by prev. */
  readonly waiting: Map<number, LogEntry>;
  /** The largest offset of any entry seen, vouched or not. */
  highest: number;
  committed: number | undefined;
}

interface WriterState {
  entries: number;
  vouched: number;
  /** Entries not vouched for yet, from `head` on. */
  pending: LogEntry[];
  head: number;
  incarnation: number;
}

const isOffset = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Why a record is not one this store writes, or undefined; `valueProblem` judges messages. */
export function recordProblem(record: unknown, valueProblem: (msg: unknown) => string | undefined): string | undefined {
  if (!Array.isArray(record)) return 'holds something other than a log record';
  const [tag, a, b, c] = record as unknown[];
  switch (tag) {
    case 'e': {
      if (record.length !== 5 || typeof a !== 'string' || !isOffset(b) || !Number.isSafeInteger(c) || (c as number) < -1 || (c as number) >= b) {
        return 'holds an entry that is not [e, key, offset, prev < offset, msg]';
      }
      const reason = valueProblem(record[4]);
      return reason === undefined ? undefined : `holds a message that ${reason}`;
    }
    case 'v':
    case 'i':
      return record.length === 2 && isOffset(a) ? undefined : `holds a [${String(tag)}, n] record with a bad count`;
    case 'k':
      return record.length === 3 && typeof a === 'string' && isOffset(b) ? undefined : 'holds a committed offset that is not [k, key, offset]';
    default:
      return 'holds a record of an unknown kind';
  }
}

export class OffsetIndex {
  private readonly keys = new Map<string, KeyLog>();
  private readonly writers = new Map<number, WriterState>();
  private maxIncarnation = 0;

  /** Folds one record of `writer`, in that writer's order. */
  add(writer: number, record: LogRecord): void {
    const w = this.writer(writer);
    switch (record[0]) {
      case 'e': {
        const [, key, offset, prev, msg] = record;
        const entry: LogEntry = { key, offset, prev, msg, writer };
        const log = this.log(key);
        log.highest = Math.max(log.highest, offset);
        w.entries++;
        // A vouch may name entries not seen yet (only from a peer that writes out of order).
        if (w.entries <= w.vouched) this.serve(entry);
        else w.pending.push(entry);
        return;
      }
      case 'v':
        this.vouch(w, record[1]);
        return;
      case 'k': {
        const log = this.log(record[1]);
        log.committed = Math.max(log.committed ?? -1, record[2]);
        return;
      }
      case 'i':
        w.incarnation = Math.max(w.incarnation, record[1]);
        this.maxIncarnation = Math.max(this.maxIncarnation, record[1]);
        return;
    }
  }

  /** Served messages of `key` from the first offset ≥ `from`, at most `limit` of them. */
  poll(key: string, from: number, limit: number): [number, unknown][] {
    const log = this.keys.get(key);
    if (log === undefined) return [];
    const { offsets, msgs } = log;
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offsets[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    const out: [number, unknown][] = [];
    for (let i = lo; i < offsets.length && out.length < limit; i++) out.push([offsets[i], msgs[i]]);
    return out;
  }

  committed(key: string): number | undefined {
    return this.keys.get(key)?.committed;
  }

  /** The largest offset of any entry of `key` seen, -1 for none. */
  highest(key: string): number {
    return this.keys.get(key)?.highest ?? -1;
  }

  /** The last served offset of `key`, -1 for none. */
  end(key: string): number {
    const offsets = this.keys.get(key)?.offsets;
    return offsets && offsets.length > 0 ? offsets[offsets.length - 1] : -1;
  }

  /** How many offsets of `key` are served. */
  served(key: string): number {
    return this.keys.get(key)?.offsets.length ?? 0;
  }

  /** The largest incarnation number any writer declared, 0 for none. */
  incarnation(): number {
    return this.maxIncarnation;
  }

  incarnationOf(writer: number): number {
    return this.writers.get(writer)?.incarnation ?? 0;
  }

  /** Every entry no writer has vouched for yet, in each writer's order. */
  unvouched(): LogEntry[] {
    const out: LogEntry[] = [];
    for (const w of this.writers.values()) for (let i = w.head; i < w.pending.length; i++) out.push(w.pending[i]);
    return out;
  }

  private vouch(w: WriterState, n: number): void {
    while (w.vouched < n && w.head < w.pending.length) {
      const entry = w.pending[w.head];
      w.pending[w.head++] = undefined as unknown as LogEntry;
      w.vouched++;
      this.serve(entry);
    }
    w.vouched = Math.max(w.vouched, n);
    // Drop the served front now and then, so the queue costs what is unvouched.
    if (w.head === w.pending.length) {
      w.pending.length = 0;
      w.head = 0;
    } else if (w.head > 1024 && w.head * 2 > w.pending.length) {
      w.pending.splice(0, w.head);
      w.head = 0;
    }
  }

  /** A vouched entry joins its key's chain, or waits for its prev. */
  private serve(entry: LogEntry): void {
    const log = this.log(entry.key);
    const end = log.offsets.length > 0 ? log.offsets[log.offsets.length - 1] : -1;
    // Served already (a new incarnation's copy of an entry its predecessor vouched for too).
    if (entry.offset <= end) return;
    if (entry.prev !== end) {
      if (!log.waiting.has(entry.prev)) log.waiting.set(entry.prev, entry);
      return;
    }
    // A rival waiting on the same prev lost: the chain took this one.
    for (let next: LogEntry | undefined = entry; next !== undefined; next = log.waiting.get(next.offset)) {
      log.waiting.delete(next.prev);
      log.offsets.push(next.offset);
      log.msgs.push(next.msg);
    }
  }

  private log(key: string): KeyLog {
    let log = this.keys.get(key);
    if (log === undefined) {
      log = { offsets: [], msgs: [], waiting: new Map(), highest: -1, committed: undefined };
      this.keys.set(key, log);
    }
    return log;
  }

  private writer(id: number): WriterState {
    let w = this.writers.get(id);
    if (w === undefined) {
      w = { entries: 0, vouched: 0, pending: [], head: 0, incarnation: 0 };
      this.writers.set(id, w);
    }
    return w;
  }
}
