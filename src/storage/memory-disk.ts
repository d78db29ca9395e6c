// The simulation's disks: one byte store per node id that outlives the node's incarnations. A
// write becomes durable only after a delay on the injected clock, drawn from the injected
// (seeded) random, so a seed replays which writes a kill catches in flight. The runner keeps one
// MemoryDisks per run and hands each incarnation `disks.forNode(id)`; on a kill it calls the
// handle's crash(): writes not yet durable are gone, durable ones stay, and the next
// incarnation's forNode(id) reads exactly those. The bytes are the same log format as a file,
// so recovery, torn tails and corruption go through the same code as on a real disk.
//
// Faults, by seed when asked for (`faults`): on a kill, the oldest write in flight may land in
// part (a torn write) or as zeros (the file's size extended, its data never written: a zeroed
// tail) instead of not at all; and any write's sync may fail (landing whole, in part or not at
// all, and reported failed), as fsync can with EIO. faultCounts() says how many of each were
// injected, and how many recoveries cut a tail and how many logs were reopened after a failure,
// so a sweep shows it reached every recovery path.
import { Completion } from './completion.js';
import { openFramedLog, type LogMedium } from './framed-log.js';
import { StoreError, type NodeStorage, type OpenOptions, type UpdateLog } from './update-log.js';

/** What the disk needs of a clock (the node's Clock and the runner's both fit). */
export interface DiskClock {
  now(): number;
  setTimer(delayMs: number, fn: () => void): () => void;
}

/** The disk faults to inject; none by default. */
export interface DiskFaults {
  /** On a kill, the oldest write in flight may land in part. */
  tornWrites?: boolean;
  /** On a kill, the oldest write in flight that extends the bytes may leave zeros there instead. */
  zeroedTails?: boolean;
  /** Probability, per write, that its sync fails. */
  fsyncFailureRate?: number;
}

export interface DiskFaultCounts {
  tornWrites: number;
  zeroedTails: number;
  fsyncFailures: number;
  /** Recoveries that cut a torn tail off a log (and kept its bytes beside it). */
  tailsCut: number;
  /** Logs opened again after a failed sync (a node restarting from its log). */
  reopenedAfterFailure: number;
}

export interface MemoryDiskOptions {
  clock: DiskClock;
  /** Uniform on [0, 1); seeded, so a run replays. */
  random: () => number;
  /** A write is durable this long after it was issued, drawn per write (default 1 to 5 ms). */
  writeDelayMs?: { min: number; max: number };
  faults?: DiskFaults;
  /** Where fault draws come from (default `random`): a stream of their own keeps delays apart. */
  faultRandom?: () => number;
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
  /** Files kept beside `id`'s log (torn tails), by name. */
  keptFiles(id: string): ReadonlyMap<string, Uint8Array>;
  faultCounts(): DiskFaultCounts;
}

interface Disk {
  /** The durable bytes: the first `length` of a buffer that grows by doubling, so an append costs its own bytes, not the log's. */
  durable: { buffer: Uint8Array; length: number } | undefined;
  kept: Map<string, Uint8Array>;
  /** The medium that has the log open, if any. */
  user: MemoryMedium | undefined;
  /** A sync failed since the log was last opened. */
  failed: boolean;
}

interface PendingWrite {
  /** Lands the write: whole, or (a fault) its first `part` bytes, or zeros where it extends the bytes. */
  land: (how?: { part: number } | 'zeros') => void;
  /** A write at an offset (not a replace or a kept file): only these tear. */
  at: { offset: number; length: number } | undefined;
  done: Completion<void>;
  cancel: () => void;
}

interface Injector {
  faults: DiskFaults;
  random: () => number;
  counts: DiskFaultCounts;
}

export function createMemoryDisks(options: MemoryDiskOptions): MemoryDisks {
  const disks = new Map<string, Disk>();
  const disk = (id: string): Disk => {
    let d = disks.get(id);
    if (!d) disks.set(id, (d = { durable: undefined, kept: new Map(), user: undefined, failed: false }));
    return d;
  };
  const { min, max } = options.writeDelayMs ?? { min: 1, max: 5 };
  const delay = (): number => min + options.random() * (max - min);
  const injector: Injector = {
    faults: options.faults ?? {},
    random: options.faultRandom ?? options.random,
    counts: { tornWrites: 0, zeroedTails: 0, fsyncFailures: 0, tailsCut: 0, reopenedAfterFailure: 0 },
  };
  return {
    forNode(id, clock = options.clock) {
      const d = disk(id);
      if (d.user && !d.user.released) throw new Error(`memory disk ${id} is still open by an earlier incarnation: crash() or close it first`);
      const media: MemoryMedium[] = [];
      return {
        open(nodeId: string, openOptions?: OpenOptions): PromiseLike<UpdateLog> {
          if (d.user && !d.user.released) return Completion.rejected(new StoreError(`memory disk ${id}`, 'already open'));
          if (d.failed) injector.counts.reopenedAfterFailure++;
          d.failed = false;
          const medium = new MemoryMedium(`memory disk ${id}`, d, clock, delay, injector);
          d.user = medium;
          media.push(medium);
          return openFramedLog(medium, nodeId, openOptions);
        },
        crash() {
          for (const medium of media) medium.crash();
        },
      };
    },
    bytes: (id) => copyOf(disks.get(id)?.durable),
    setBytes(id, bytes) {
      disk(id).durable = { buffer: new Uint8Array(bytes), length: bytes.length };
    },
    keptFiles: (id) => new Map(disks.get(id)?.kept ?? []),
    faultCounts: () => ({ ...injector.counts }),
  };
}

const copyOf = (durable: Disk['durable']): Uint8Array | undefined => (durable ? durable.buffer.slice(0, durable.length) : undefined);

/** Writes `bytes` at `offset` of the disk's durable bytes (zeros fill any gap), growing them. */
function writeAt(disk: Disk, offset: number, bytes: Uint8Array): void {
  const end = offset + bytes.length;
  const d = (disk.durable ??= { buffer: new Uint8Array(Math.max(end, 64)), length: 0 });
  if (end > d.buffer.length) {
    const grown = new Uint8Array(Math.max(end, 2 * d.buffer.length));
    grown.set(d.buffer.subarray(0, d.length));
    d.buffer = grown;
  }
  d.buffer.set(bytes, offset);
  d.length = Math.max(d.length, end);
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
    private readonly injector: Injector,
  ) {}

  read(): Completion<Uint8Array | undefined> {
    if (this.released) return Completion.rejected(new StoreError(this.name, 'the disk handle is gone'));
    return Completion.resolved<Uint8Array | undefined>(copyOf(this.disk.durable));
  }

  write(offset: number, bytes: Uint8Array): Completion<void> {
    const copy = new Uint8Array(bytes);
    const land = (how?: { part: number } | 'zeros'): void => {
      if (how === undefined) writeAt(this.disk, offset, copy);
      else if (how === 'zeros') writeAt(this.disk, offset, new Uint8Array(copy.length));
      else writeAt(this.disk, offset, copy.subarray(0, how.part));
    };
    return this.schedule(land, { offset, length: copy.length });
  }

  replace(bytes: Uint8Array): Completion<void> {
    const copy = new Uint8Array(bytes);
    return this.schedule(() => void (this.disk.durable = { buffer: copy, length: copy.length }), undefined);
  }

  keep(suffix: string, bytes: Uint8Array): Completion<string> {
    let name = `${this.name}.${suffix}`;
    for (let k = 1; this.disk.kept.has(name); k++) name = `${this.name}.${suffix}.${k}`;
    const copy = new Uint8Array(bytes);
    return this.schedule(() => {
      this.disk.kept.set(name, copy);
      this.injector.counts.tailsCut++;
    }, undefined).then(() => name);
  }

  /** A clean exit: every issued write reaches the disk now (the simulation does not wait on it). */
  close(): Completion<void> {
    for (const write of this.pending.splice(0)) {
      write.cancel();
      write.land();
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
    if (lost[0]) this.tearOnCrash(lost[0]);
    for (const write of lost) write.done.reject(new StoreError(this.name, 'the process was killed before this write was durable'));
  }

  /** The oldest write in flight at a kill: lost (as every later one), or, as a fault, torn or zeroed. */
  private tearOnCrash(write: PendingWrite): void {
    const { faults, random, counts } = this.injector;
    const { at } = write;
    if (at === undefined || at.length < 2) return;
    // Zeros are what a size extended without its data leaves: only past the old end.
    const extending = at.offset + at.length > (this.disk.durable?.length ?? 0);
    const kinds = [faults.tornWrites && 'torn', faults.zeroedTails && extending && 'zeros'].filter(Boolean);
    if (kinds.length === 0) return;
    const pick = Math.floor(random() * (kinds.length + 1));
    if (kinds[pick] === 'torn') {
      write.land({ part: 1 + Math.floor(random() * (at.length - 1)) });
      counts.tornWrites++;
    } else if (kinds[pick] === 'zeros') {
      write.land('zeros');
      counts.zeroedTails++;
    }
  }

  /** A write whose sync fails: it lands whole, in part or not at all, and is reported failed. */
  private failSync(write: PendingWrite): boolean {
    const { faults, random, counts } = this.injector;
    const { at } = write;
    if (at === undefined || !faults.fsyncFailureRate || random() >= faults.fsyncFailureRate) return false;
    const how = Math.floor(random() * 3);
    if (how === 0) write.land();
    else if (how === 1 && at.length > 1) write.land({ part: 1 + Math.floor(random() * (at.length - 1)) });
    counts.fsyncFailures++;
    this.disk.failed = true;
    write.done.reject(new StoreError(this.name, 'fsync failed (EIO, injected by the simulated disk): nothing written since the last good sync is trusted'));
    return true;
  }

  private schedule(land: PendingWrite['land'], at: PendingWrite['at']): Completion<void> {
    if (this.released) return Completion.rejected(new StoreError(this.name, 'the disk handle is gone'));
    const done = new Completion<void>();
    const now = this.clock.now();
    const dueAt = Math.max(now + this.delay(), this.lastDueAt);
    this.lastDueAt = dueAt;
    const write: PendingWrite = { land, at, done, cancel: () => {} };
    // Equal due times run in the order set, so writes still land in order.
    write.cancel = this.clock.setTimer(dueAt - now, () => {
      // A paused node's clock may hold this past a crash: a crashed write never lands.
      const at = this.pending.indexOf(write);
      if (at < 0) return;
      this.pending.splice(at, 1);
      if (this.failSync(write)) return;
      land();
      done.resolve();
    });
    this.pending.push(write);
    return done;
  }
}
