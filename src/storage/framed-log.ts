// The update log over any medium that can read, append and atomically replace bytes: the
// format (log-format.ts), the node-id check, the repair of a torn tail, and group commit. One
// write is under way at a time; appends made meanwhile wait in a queue and go to the medium
// together as the next write, so a burst of N acknowledgements costs one sync, not N.
//
// Written with then() chains (no async/await): on the simulated disk every step must run inside
// the virtual clock's timer that completes it (completion.ts says why).
import { Completion } from './completion.js';
import { concatBytes, decodeLog, encodeFrame, encodeLogStart } from './log-format.js';
import { StoreError, type OpenOptions, type UpdateLog } from './update-log.js';

/**
 * Bytes on some medium. Writes complete in the order they were issued, each durable once it
 * settles; close() finishes every issued write, then releases the medium.
 */
export interface LogMedium {
  /** The file (or simulated disk) named in errors. */
  readonly name: string;
  /** Everything durable, or undefined when nothing was ever written. */
  read(): PromiseLike<Uint8Array | undefined>;
  append(bytes: Uint8Array): PromiseLike<void>;
  /** All or nothing: a crash leaves the old bytes or the new ones. */
  replace(bytes: Uint8Array): PromiseLike<void>;
  close(): PromiseLike<void>;
}

type Op = { kind: 'append'; frames: Uint8Array[]; done: Completion<void>[] } | { kind: 'replace'; bytes: Uint8Array; done: Completion<void>[] };

/** Opens (or creates) the log on `medium` for `nodeId`: validates it, repairs a torn tail. */
export function openFramedLog(medium: LogMedium, nodeId: string, options: OpenOptions = {}): Completion<UpdateLog> {
  return Completion.resolved(medium.read()).then((bytes) => {
    if (bytes === undefined) return medium.replace(encodeLogStart(nodeId)).then(() => new FramedLog(medium, nodeId));
    const log = decodeLog(bytes, medium.name);
    if (log.nodeId !== nodeId) {
      throw new StoreError(medium.name, `belongs to node ${log.nodeId}, not ${nodeId}: refusing to start ${nodeId} from another node's store`);
    }
    if (log.tornBytes === 0) return new FramedLog(medium, nodeId);
    options.warn?.(`${medium.name}: dropped an unfinished last write (${log.tornBytes} bytes after ${log.records.length} complete records): the process ended in the middle of it, before it was acknowledged`);
    return medium.replace(bytes.subarray(0, log.validLength)).then(() => new FramedLog(medium, nodeId));
  });
}

class FramedLog implements UpdateLog {
  private readonly queue: Op[] = [];
  private writing = 0;
  private failure: unknown;
  private closing: Completion<void> | undefined;

  constructor(
    private readonly medium: LogMedium,
    private readonly nodeId: string,
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
    this.queue.push({ kind: 'replace', bytes: concatBytes([encodeLogStart(this.nodeId), encodeFrame(state)]), done: [done] });
    this.pump();
    return done;
  }

  close(): Completion<void> {
    if (!this.closing) {
      this.closing = new Completion<void>();
      // Hand everything queued to the medium now: its close finishes issued writes in order.
      while (this.queue.length > 0) this.issue(this.queue.shift()!);
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
    if (this.writing === 0 && this.queue.length > 0) this.issue(this.queue.shift()!);
  }

  private issue(op: Op): void {
    this.writing++;
    const write = op.kind === 'append' ? this.medium.append(concatBytes(op.frames)) : this.medium.replace(op.bytes);
    write.then(
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
