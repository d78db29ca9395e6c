// The storage contract a node persists its replicated store through: one append-only log of
// Yjs updates per node, opened with the node id it belongs to. Implementations: files in a data
// directory (file-storage.ts) and the simulation's disk (memory-disk.ts); both pass the one
// suite in test/conformance/update-log.test.ts.
//
// Every method returns a PromiseLike, not a Promise: the simulated disk settles them inside the
// virtual clock's timers (see completion.ts), so callers chain with then() on the node's path.

export interface UpdateLog {
  /** The file (or simulated disk) the log lives in, for messages. */
  readonly name: string;
  /** What opening the log found and did. */
  readonly recovery: LogRecovery;
  /** Everything durable in this log, oldest first (an update per append, or fewer after a compaction). */
  load(): PromiseLike<Uint8Array[]>;
  /**
   * Settles once `update` is durable: on disk, so neither a killed process nor (for files) a
   * lost machine loses it. Appends become durable in the order they were made; appends made
   * while a write is under way go to disk together in the next one. Rejects if the write or
   * its sync failed, and every later append then rejects too: a failed sync is never retried
   * (the log's tail is unknown; reopen the log to go on).
   */
  append(update: Uint8Array): PromiseLike<void>;
  /**
   * Replaces everything stored by one update that holds it all (the store's full state), in
   * one atomic step: a crash leaves either the old log or the new one. Ordered with appends.
   */
  compact(state: Uint8Array): PromiseLike<void>;
  /** Writes everything appended so far, then closes; later appends reject. */
  close(): PromiseLike<void>;
}

export interface OpenOptions {
  /** Where a recovery is reported (a torn tail cut off and where its bytes were kept). */
  warn?: (line: string) => void;
}

/** What opening a log found: how many records, and what recovery had to do. */
export interface LogRecovery {
  /** Whole records read back. */
  records: number;
  /** Of them, written past the committed length before a crash (never acknowledged), kept. */
  uncommitted: number;
  /** A torn tail cut off: at which byte, how long, what it looked like, and the file keeping it. */
  cut?: { offset: number; bytes: number; kind: string; keptIn: string };
}

/**
 * Where a node keeps its log. `open` learns the node id only at init: it refuses a store that
 * belongs to another node id, and one that is corrupt or shorter than what it committed, with a
 * StoreError naming the file and the byte offset; it recovers a torn tail (log-format.ts says
 * the policy); a store that does not exist yet is created empty. `open` may be called again
 * once the log it returned is closed (a node restarting from its log after a failed write).
 */
export interface NodeStorage {
  open(nodeId: string, options?: OpenOptions): PromiseLike<UpdateLog>;
}

/** A store that cannot be used as it is; the message starts with the file (or disk) it is about. */
export class StoreError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'StoreError';
  }
}
