// The update log over any medium that can write at an offset, atomically replace its bytes and
// keep a file beside them: the format (log-format.ts), the node-id check, recovery after a crash
// and group commit. One write is under way at a time; appends made meanwhile wait in a queue and
// go to the medium together as the next write, so a burst of N acknowledgements costs one data
// sync and one commit sync, not N of each.
//
// Recovery (the policy is in log-format.ts's header): a torn tail past the committed length is
// kept beside the log as `<log>.torn-<offset>`, the log is rewritten without it (a new file,
// renamed over the old one), and the opener warns with the file, the offset and the bytes
// dropped. The returned log says what recovery did, so its user can skip a compaction then.
//
// A failed write is never retried: once a data or commit sync fails, nothing the medium says
// about this log is trusted (a failed fsync may have dropped the data while the page cache still
// shows it: PostgreSQL's "fsyncgate"). Every append from then on rejects; the node stops
// acknowledging and reopens its log from what is on the disk (workloads/supervisor.ts).
//
// Written with then() chains (no async/await): on the simulated disk every step must run inside
// the virtual clock's timer that completes it (completion.ts says why).
import { Completion } from './completion.js';
import { commitOffset, concatBytes, decodeLog, encodeCommit, encodeFrame, encodeLog, recommit, type DecodedLog, type LogHeader } from './log-format.js';
import { StoreError, type LogRecovery, type OpenOptions, type UpdateLog } from './update-log.js';

/**
 * Bytes on some medium. Writes complete in the order they were issued, each durable once it
 * settles; close() finishes every issued write, then releases the medium.
 */
export interface LogMedium {
  /** The file (or simulated disk) named in errors. */
  readonly name: string;
  /** Everything on the medium, or undefined when nothing was ever written. */
  read(): PromiseLike<Uint8Array | undefined>;
  /** Writes `bytes` at `offset` (extending the bytes when it reaches past their end), then syncs. */
  write(offset: number, bytes: Uint8Array): PromiseLike<void>;
  /** All or nothing: a crash leaves the old bytes or the new ones. */
  replace(bytes: Uint8Array): PromiseLike<void>;
  /**
   * Keeps `bytes` durably beside the log as `<name>.<suffix>`, never over an existing file (a
   * number is added); settles with the name used.
   */
  keep(suffix: string, bytes: Uint8Array): PromiseLike<string>;
  close(): PromiseLike<void>;
}

type Op = { kind: 'append'; frames: Uint8Array[]; done: Completion<void>[] } | { kind: 'replace'; bytes: Uint8Array; done: Completion<void>[] };

/** Opens (or creates) the log on `medium` for `nodeId`: validates it, recovers a torn tail. */
export function openFramedLog(medium: LogMedium, nodeId: string, options: OpenOptions = {}): Completion<UpdateLog> {
  return Completion.resolved(medium.read()).then((bytes) => {
    if (bytes === undefined) {
      const fresh = encodeLog({ node: nodeId });
      return medium.replace(fresh).then(() => new FramedLog(medium, { node: nodeId }, fresh.length, 1, { records: 0, uncommitted: 0 }));
    }
    const log = decodeLog(bytes, medium.name);
    if (log.header.node !== nodeId) {
      throw new StoreError(medium.name, `belongs to node ${log.header.node}, not ${nodeId}: refusing to start ${nodeId} from another node's store`);
    }
    const recovery: LogRecovery = { records: log.records.length, uncommitted: log.uncommittedRecords };
    if (!log.tail && log.uncommittedRecords === 0) return new FramedLog(medium, log.header, log.validLength, log.commitSeq, recovery);
    return recover(medium, bytes, log, recovery, options).then(() => new FramedLog(medium, log.header, log.validLength, 1, recovery));
  });
}

/** Keeps the torn tail beside the log, then rewrites the log as its whole records, all committed. */
function recover(medium: LogMedium, bytes: Uint8Array, log: DecodedLog, recovery: LogRecovery, options: OpenOptions): Completion<void> {
  const { tail } = log;
  const kept = tail ? Completion.resolved(medium.keep(`torn-${tail.offset}`, bytes.subarray(tail.offset))) : Completion.resolved<string | undefined>(undefined);
  return kept.then((keptIn) => {
    if (tail && keptIn) {
      recovery.cut = { offset: tail.offset, bytes: tail.length, kind: tail.kind, keptIn };
      options.warn?.(
        `${medium.name}: recovered to byte ${tail.offset} (${log.records.length} whole records; all ${log.committedLength} committed bytes are there); ` +
          `dropped the ${tail.length} bytes after it (${tail.kind}: a write the crash interrupted, past the committed length, so never acknowledged), kept in ${keptIn}`,
      );
    }
    if (log.uncommittedRecords > 0) {
      options.warn?.(
        `${medium.name}: kept ${log.uncommittedRecords} whole records written past the committed length ${log.committedLength} (never acknowledged), committed now`,
      );
    }
    return medium.replace(recommit(bytes, log.validLength));
  });
}

class FramedLog implements UpdateLog {
  private readonly queue: Op[] = [];
  private writing = 0;
  private failure: unknown;
  private closing: Completion<void> | undefined;

  constructor(
    private readonly medium: LogMedium,
    private readonly header: LogHeader,
    /** Bytes in the log once every issued write is done. */
    private end: number,
    /** The last commit's seq. */
    private seq: number,
    readonly recovery: LogRecovery,
  ) {}

  get name(): string {
    return this.medium.name;
  }

  load(): Completion<Uint8Array[]> {
    return Completion.resolved(this.medium.read()).then((bytes) => (bytes === undefined ? [] : decodeLog(bytes, this.medium.name).records));
  }

  append(update: Uint8Array): Completion<void> {
    const refused = this.refusal();
    if (refused) return refused;
    const done = new Completion<void>();
    const last = this.queue[this.queue.length - 1];
    if (last?.kind === 'append') {
      last.frames.push(encodeFrame(update));
      last.done.push(done);
    } else {
      this.queue.push({ kind: 'append', frames: [encodeFrame(update)], done: [done] });
    }
    this.pump();
    return done;
  }

  compact(state: Uint8Array): Completion<void> {
    const refused = this.refusal();
    if (refused) return refused;
    const done = new Completion<void>();
    this.queue.push({ kind: 'replace', bytes: encodeLog(this.header, [state]), done: [done] });
    this.pump();
    return done;
  }

  close(): Completion<void> {
    if (!this.closing) {
      this.closing = new Completion<void>();
      // Hand everything queued to the medium now: its close finishes issued writes in order.
      while (this.queue.length > 0 && this.failure === undefined) this.issue(this.queue.shift()!);
      this.closing.resolve(this.medium.close());
    }
    return this.closing;
  }

  private refusal(): Completion<void> | undefined {
    if (this.failure !== undefined) return Completion.rejected(this.failure);
    if (this.closing) return Completion.rejected(new StoreError(this.medium.name, 'the log is closed'));
    return undefined;
  }

  private pump(): void {
    if (this.writing === 0 && this.queue.length > 0 && this.failure === undefined) this.issue(this.queue.shift()!);
  }

  /** An append is its frames, synced, then the commit slot saying they are there, synced. */
  private write(op: Op): Completion<void> {
    if (op.kind === 'replace') {
      return Completion.resolved(this.medium.replace(op.bytes)).then(() => {
        this.end = op.bytes.length;
        this.seq = 1;
      });
    }
    const bytes = concatBytes(op.frames);
    const end = this.end + bytes.length;
    const seq = this.seq + 1;
    this.end = end;
    this.seq = seq;
    return Completion.resolved(this.medium.write(end - bytes.length, bytes)).then(() => this.medium.write(commitOffset(seq), encodeCommit(seq, end)));
  }

  private issue(op: Op): void {
    this.writing++;
    this.write(op).then(
      () => {
        this.writing--;
        for (const done of op.done) done.resolve();
        this.pump();
      },
      (error: unknown) => {
        this.writing--;
        // What reached the medium is unknown now: refuse everything after, acknowledge nothing.
        this.failure ??= error;
        for (const done of op.done) done.reject(error);
        for (const queued of this.queue.splice(0)) for (const done of queued.done) done.reject(error);
      },
    );
  }
}
