// Operation generators that see who asks: the part of Jepsen's generator protocol
// (generator.clj) the runner's main phase needs. The runner asks `next` whenever the rate says
// an operation is due; a generator answers with an op and the thread to run it on, with
// 'pending' (nothing now: ask again after the next completion, as Jepsen's :pending), or with
// 'exhausted' (no more ops this phase). `update` hears every completion of the phase (Jepsen's
// update). A plain stream (`() => op`) is the simple case: the next op for the first free thread.
// The combinators below are Jepsen's, for workloads that split threads (lin-kv's independent
// keys) or mix schedules (kafka's crashes): a context restricted to some threads, reserve,
// process-limit, any, and a stagger of a generator's own.
import type { NodeId } from '../../maelstrom/message.js';
import type { Op } from '../records/history.js';
import type { Random } from '../base/random.js';

/** A client thread as a generator sees it: its number, its current process, its node. */
export interface ThreadView {
  readonly thread: number;
  readonly process: number;
  readonly node: NodeId;
}

export interface GeneratorContext {
  /** Milliseconds since the main phase began. */
  readonly time: number;
  /** The threads this generator may use, with their current processes, by thread number. */
  readonly threads: readonly ThreadView[];
  /** Those of them free now, in the order Jepsen hands them out (rotating past the last one used). */
  readonly free: readonly ThreadView[];
}

export interface GeneratedOp<O> {
  readonly op: O;
  /** A free thread of the context. */
  readonly thread: number;
}

export type Generated<O> = GeneratedOp<O> | 'pending' | 'exhausted';

export interface OpGenerator<O> {
  next(ctx: GeneratorContext): Generated<O>;
  /** Every completion of an operation this generator handed out, with the thread that ran it. */
  update?(completion: Op, thread: ThreadView): void;
}

/** The simple generator: the next op, for whichever thread is free. */
export type OpStream<O> = () => O;

export function isOpGenerator<O>(source: OpStream<O> | OpGenerator<O>): source is OpGenerator<O> {
  return typeof source !== 'function';
}

/** A stream as a generator: the first free thread takes the next op; none free is 'pending'. */
export function fromStream<O>(stream: OpStream<O>): OpGenerator<O> {
  return { next: (ctx) => (ctx.free.length === 0 ? 'pending' : { op: stream(), thread: ctx.free[0].thread }) };
}

export function toGenerator<O>(source: OpStream<O> | OpGenerator<O>): OpGenerator<O> {
  return isOpGenerator(source) ? source : fromStream(source);
}

/** The context as a subset of the threads sees it (Jepsen's context filters). */
export function restrict(ctx: GeneratorContext, keep: (thread: number) => boolean): GeneratorContext {
  return { time: ctx.time, threads: ctx.threads.filter((t) => keep(t.thread)), free: ctx.free.filter((t) => keep(t.thread)) };
}

/**
 * Jepsen's reserve with one range: threads 0…count−1 run `reserved`, every other thread `rest`.
 * The range is absolute thread numbers, as Jepsen's code takes it (its own TODO says so): under a
 * generator that hands each group of threads a key, only the group holding threads 0…count−1
 * ever runs `reserved`. When both sides could go, one is drawn with Jepsen's weights: the size of
 * the range against the number of the context's other threads.
 */
export function reserve<O>(count: number, reserved: OpGenerator<O>, rest: OpGenerator<O>, random: Random): OpGenerator<O> {
  const inRange = (thread: number): boolean => thread < count;
  return {
    next(ctx) {
      const sides = [
        { gen: reserved, ctx: restrict(ctx, inRange), weight: count },
        { gen: rest, ctx: restrict(ctx, (t) => !inRange(t)), weight: 0 },
      ];
      sides[1].weight = sides[1].ctx.threads.length;
      const ready = sides.filter((s) => s.ctx.free.length > 0);
      if (ready.length === 2 && random() * (ready[0].weight + ready[1].weight) >= ready[0].weight) ready.reverse();
      let exhausted = 0;
      for (const side of ready.length > 0 ? ready : sides) {
        const generated = side.gen.next(side.ctx);
        if (generated === 'exhausted') exhausted++;
        else if (generated !== 'pending') return generated;
      }
      return exhausted === sides.length ? 'exhausted' : 'pending';
    },
    update(completion, thread) {
      (inRange(thread.thread) ? reserved : rest).update?.(completion, thread);
    },
  };
}

/**
 * Jepsen's process-limit: ops only while the processes of the context's threads, counted over the
 * generator's whole life, number at most `limit`. Every :info gives a thread a new process, so a
 * key of lin-kv retires after its group has crashed limit − 2n times.
 */
export function processLimit<O>(limit: number, gen: OpGenerator<O>): OpGenerator<O> {
  const seen = new Set<number>();
  return {
    next(ctx) {
      const generated = gen.next(ctx);
      if (generated === 'pending' || generated === 'exhausted') return generated;
      const before = seen.size;
      const added: number[] = [];
      for (const t of ctx.threads) if (!seen.has(t.process)) added.push(t.process);
      if (before + added.length > limit) return 'exhausted';
      for (const p of added) seen.add(p);
      return generated;
    },
    update: (completion, thread) => gen.update?.(completion, thread),
  };
}

/**
 * Jepsen's any over generators: the first that has an op for this context (Jepsen takes the
 * soonest; every op here is due now, so the order given breaks the tie). Updates go to all.
 */
export function any<O>(...gens: OpGenerator<O>[]): OpGenerator<O> {
  return {
    next(ctx) {
      let exhausted = 0;
      for (const gen of gens) {
        const generated = gen.next(ctx);
        if (generated === 'exhausted') exhausted++;
        else if (generated !== 'pending') return generated;
      }
      return exhausted === gens.length ? 'exhausted' : 'pending';
    },
    update(completion, thread) {
      for (const gen of gens) gen.update?.(completion, thread);
    },
  };
}

/**
 * Jepsen's stagger on its own schedule: ops from `stream` due at gaps uniform in [0, 2 × meanMs),
 * the first at once; 'pending' until the next is due (kafka's :crash ops, mean 30/concurrency s).
 */
export function staggered<O>(meanMs: number, stream: OpStream<O>, random: Random): OpGenerator<O> {
  let due: number | undefined;
  const inner = fromStream(stream);
  return {
    next(ctx) {
      due ??= ctx.time;
      if (ctx.time < due) return 'pending';
      const generated = inner.next(ctx);
      if (generated !== 'pending' && generated !== 'exhausted') due += random() * 2 * meanMs;
      return generated;
    },
  };
}
