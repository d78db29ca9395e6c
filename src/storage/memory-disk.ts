// The simulation's disks: one byte store per node id that outlives the node's incarnations. A
// write becomes durable only after a delay on the injected clock, drawn from the injected
// (seeded) random, so a seed replays which writes a kill catches in flight. The runner keeps one
// MemoryDisks per run and hands each incarnation `disks.forNode(id)`; on a kill it calls the
// handle's crash(): writes not yet durable are gone, durable ones stay, and the next
// incarnation's forNode(id) reads exactly those. The bytes are the same log format as a file,
// so recovery, torn tails and corruption go through the same code as on a real disk.
import { Completion } from './completion.js';
import { openFramedLog, type LogMedium } from './framed-log.js';
import { concatBytes } from './log-format.js';
import { StoreError, type NodeStorage, type OpenOptions, type UpdateLog } from './update-log.js';

/** What the disk needs of a clock (the node's Clock and the runner's both fit). */
export interface DiskClock {
  now(): number;
  setTimer(delayMs: number, fn: () => void): () => void;
}

export interface MemoryDiskOptions {
  clock: DiskClock;
  /** Uniform on [0, 1); seeded, so a run replays. */
  random: () => number;
  /** A write is durable this long after it was issued, drawn per write (default 1 to 5 ms). */
  writeDelayMs?: { min: number; max: number };
}

/** One incarnation's view of its node's disk. */
export interface DiskHandle extends NodeStorage {
  /**
   * The process died: writes not yet durable are dropped (their completions reject), durable
   * bytes stay for the next incarnation. Everything this handle opened refuses work after.
   */
  crash(): void;
}

export interface MemoryDisks {
  /**
   * A handle for a new incarnation of `id`; refused while an earlier one still has the log open.
   * `clock` is the one this incarnation's writes finish on (a paused node's own clock, so it
   * learns of nothing while stopped); the disks' clock by default.
   */
  forNode(id: string, clock?: DiskClock): DiskHandle;
  /** The durable bytes of `id`'s disk, or undefined if nothing was ever written (a copy). */
  bytes(id: string): Uint8Array | undefined;
  /** Replaces `id`'s durable bytes (tests use it to damage a store). */
  setBytes(id: string, bytes: Uint8Array): void;
}

interface Disk {
  durable: Uint8Array | undefined;
  /** The medium that has the log open, if any. */
  user: MemoryMedium | undefined;
}

interface PendingWrite {
  apply: () => void;
  done: Completion<void>;
  cancel: () => void;
}

export function createMemoryDisks(options: MemoryDiskOptions): MemoryDisks {
  const disks = new Map<string, Disk>();
  const disk = (id: string): Disk => {
    let d = disks.get(id);
    if (!d) disks.set(id, (d = { durable: undefined, user: undefined }));
    return d;
  };
  const { min, max } = options.writeDelayMs ?? { min: 1, max: 5 };
  const delay = (): number => min + options.random() * (max - min);
  return {
    forNode(id, clock = options.clock) {
      const d = disk(id);
      if (d.user && !d.user.released) throw new Error(`memory disk ${id} is still open by an earlier incarnation: crash() or close it first`);
      const media: MemoryMedium[] = [];
      return {
        open(nodeId: string, openOptions?: OpenOptions): PromiseLike<UpdateLog> {
          if (d.user && !d.user.released) return Completion.rejected(new StoreError(`memory disk ${id}`, 'already open'));
          const medium = new MemoryMedium(`memory disk ${id}`, d, clock, delay);
          d.user = medium;
          media.push(medium);
          return openFramedLog(medium, nodeId, openOptions);
        },
        crash() {
          for (const medium of media) medium.crash();
        },
      };
    },
    bytes: (id) => (disks.get(id)?.durable ? new Uint8Array(disks.get(id)!.durable!) : undefined),
    setBytes(id, bytes) {
      disk(id).durable = new Uint8Array(bytes);
    },
  };
}

class MemoryMedium implements LogMedium {
  released = false;
  private readonly pending: PendingWrite[] = [];
  /** When the last issued write becomes durable: writes complete in the order issued. */
  private lastDueAt = -Infinity;

  constructor(
    readonly name: string,
    private readonly disk: Disk,
    private readonly clock: DiskClock,
    private readonly delay: () => number,
  ) {}

  read(): Completion<Uint8Array | undefined> {
    if (this.released) return Completion.rejected(new StoreError(this.name, 'the disk handle is gone'));
    return Completion.resolved<Uint8Array | undefined>(this.disk.durable ? new Uint8Array(this.disk.durable) : undefined);
  }

  append(bytes: Uint8Array): Completion<void> {
    const copy = new Uint8Array(bytes);
    return this.write(() => {
      this.disk.durable = this.disk.durable ? concatBytes([this.disk.durable, copy]) : copy;
    });
  }

  replace(bytes: Uint8Array): Completion<void> {
    const copy = new Uint8Array(bytes);
    return this.write(() => {
      this.disk.durable = copy;
    });
  }

  /** A clean exit: every issued write reaches the disk now (the simulation does not wait on it). */
  close(): Completion<void> {
    for (const write of this.pending.splice(0)) {
      write.cancel();
      write.apply();
      write.done.resolve();
    }
    this.released = true;
    return Completion.resolved<void>(undefined);
  }

  crash(): void {
    if (this.released) return;
    this.released = true;
    const lost = this.pending.splice(0);
    for (const write of lost) write.cancel();
    for (const write of lost) write.done.reject(new StoreError(this.name, 'the process was killed before this write was durable'));
  }

  private write(apply: () => void): Completion<void> {
    if (this.released) return Completion.rejected(new StoreError(this.name, 'the disk handle is gone'));
    const done = new Completion<void>();
    const now = this.clock.now();
    const dueAt = Math.max(now + this.delay(), this.lastDueAt);
    this.lastDueAt = dueAt;
    const write: PendingWrite = { apply, done, cancel: () => {} };
    // Equal due times run in the order set, so writes still land in order.
    write.cancel = this.clock.setTimer(dueAt - now, () => {
      // A paused node's clock may hold this past a crash: a crashed write never lands.
      const at = this.pending.indexOf(write);
      if (at < 0) return;
      this.pending.splice(at, 1);
      apply();
      done.resolve();
    });
    this.pending.push(write);
    return done;
  }
}
