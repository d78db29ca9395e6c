// Synthetic kafka histories as Maelstrom's kafka workload would record them against a log
// service (for the kafka checker's property tests and its bench): Elle's list-append key and
// value rules (a pool of 10 keys drawn exponentially, messages 1…16 per key, then a fresh key),
// half sends and half polls, assigns of the op's key (a third of them also naming keys with
// unseen sends), crashes every 30/concurrency s, timeouts and definite send failures now and
// then, Maelstrom's client (offsets per assigned key, commits after polls, a fresh client after
// every :info), and the final phase (crash, assign every key from the beginning, poll until
// caught up, at most 10 s). The service is one log per key, linearizable, its appends seen by the
// other nodes after a replication lag; each poll returns the visible prefix from the requested
// offset. Faults make it wrong on purpose: `drop-acked` acknowledges every 50th send without
// storing it; `split-logs` gives each node a log of its own.
import type { Op, OpType } from '../../src/runner/records/history.js';
import { createRandom, type Random } from '../../src/runner/base/random.js';

export interface KafkaHistoryOptions {
  seed: number;
  /** Client operations (invocations) in the main phase. */
  operations: number;
  nodes?: number;
  concurrency?: number;
  /** Operations per second over all threads. */
  rate?: number;
  /** Milliseconds before another node sees an append. */
  replicationMs?: number;
  /** Chance an RPC of the main phase times out (the op is :info; a send may still have happened). */
  timeoutP?: number;
  /** Chance a send fails definitely (not appended). */
  failP?: number;
  fault?: 'none' | 'drop-acked' | 'split-logs';
}

interface Msg {
  value: number;
  /** Milliseconds at which each node sees it. */
  visible: number[];
}

interface Thread {
  id: number;
  process: number;
  node: number;
  /** The client's next offset per assigned key. */
  offsets: Map<string, number>;
  freeAt: number;
  /** Final phase: what this thread still has to do. */
  final?: { step: 'crash' | 'assign' | 'poll'; targets: Map<string, number> };
}

interface Planned {
  f: 'send' | 'poll' | 'assign' | 'crash';
  value: unknown;
  seek?: boolean;
}

const keyCount = 10;
const maxWritesPerKey = 16;

/** Elle's exponential key choice: pool position i has weight 2^(i+1), the last is hottest. */
function drawPosition(random: Random): number {
  const total = 2 ** (keyCount + 1) - 2;
  let r = random() * total;
  for (let i = 0; i < keyCount; i++) {
    r -= 2 ** (i + 1);
    if (r < 0) return i;
  }
  return keyCount - 1;
}

export function kafkaHistory(o: KafkaHistoryOptions): Op[] {
  return new KafkaSim(o).run();
}

class KafkaSim {
  private readonly random: Random;
  private readonly ops: Op[] = [];
  private readonly nodes: number;
  private readonly concurrency: number;
  private readonly gapMs: number;
  private readonly lag: number;
  private readonly fault: NonNullable<KafkaHistoryOptions['fault']>;
  private readonly logs: Map<string, (Msg | undefined)[]>[];
  private readonly committed = new Map<string, number>();
  private readonly pool = Array.from({ length: keyCount }, (_, i) => i);
  private readonly written = new Map<number, number>();
  /** Highest offset acknowledged by an ok send / returned by an ok poll, per key (the generator's and final phase's view). */
  private readonly sentMax = new Map<string, number>();
  private readonly polledMax = new Map<string, number>();
  private sends = 0;
  private issued = 0;
  private nextCrash: number;

  constructor(private readonly o: KafkaHistoryOptions) {
    this.random = createRandom(o.seed);
    this.nodes = o.nodes ?? 2;
    this.concurrency = o.concurrency ?? 2 * this.nodes;
    this.gapMs = (1000 * this.concurrency) / (o.rate ?? 1000);
    this.lag = o.replicationMs ?? 5;
    this.fault = o.fault ?? 'none';
    const shared = new Map<string, (Msg | undefined)[]>();
    this.logs = Array.from({ length: this.nodes }, () => (this.fault === 'split-logs' ? new Map() : shared));
    this.nextCrash = this.crashGap();
  }

  private crashGap(): number {
    return this.random() * 2 * ((30 * 1000) / this.concurrency);
  }

  private record(t: number, type: OpType, process: number, f: string, value: unknown, extra: Partial<Op> = {}): void {
    this.ops.push({ index: this.ops.length, time: Math.round(t * 1e6), type, process, f, value, ...extra });
  }

  run(): Op[] {
    const threads: Thread[] = Array.from({ length: this.concurrency }, (_, id) => ({
      id,
      process: id,
      node: id % this.nodes,
      offsets: new Map(),
      freeAt: this.random() * this.gapMs,
    }));
    const timeline = new Timeline();
    for (const th of threads) timeline.at(th.freeAt, () => this.mainStep(timeline, th));
    timeline.drain();
    const finalStart = timeline.now + 10_000;
    const targets = new Map([...this.sentMax, ...this.polledMax].map(([k]) => [k, Math.max(this.sentMax.get(k) ?? -1, this.polledMax.get(k) ?? -1)]));
    for (const th of threads) {
      th.final = { step: 'crash', targets: new Map(targets) };
      timeline.at(finalStart, () => this.finalStep(timeline, th, finalStart + 10_000));
    }
    timeline.drain();
    return this.ops;
  }

  /** Main phase: each thread invokes, waits for its completion, pauses, invokes again. */
  private mainStep(timeline: Timeline, th: Thread): void {
    if (this.issued >= this.o.operations) return;
    this.issued++;
    this.perform(timeline, th, this.plan(timeline.now), () => timeline.at(timeline.now + this.random() * 2 * this.gapMs, () => this.mainStep(timeline, th)));
  }

  /** Final phase, per thread: crash, assign every key from offset 0, poll until caught up. */
  private finalStep(timeline: Timeline, th: Thread, deadline: number): void {
    const fin = th.final!;
    if (timeline.now > deadline || (fin.step === 'poll' && fin.targets.size === 0)) return;
    const op: Planned =
      fin.step === 'crash'
        ? { f: 'crash', value: null }
        : fin.step === 'assign'
          ? { f: 'assign', value: [...fin.targets.keys()], seek: true }
          : { f: 'poll', value: [['poll']] };
    fin.step = fin.step === 'crash' ? 'assign' : 'poll';
    this.perform(timeline, th, op, (type, value) => {
      if (op.f === 'poll' && type === 'ok') {
        for (const [k, pairs] of Object.entries((value as [[string, Record<string, [number, number][]>]])[0][1])) {
          const seen = pairs.length > 0 ? pairs[pairs.length - 1][0] : -1;
          if (seen >= (fin.targets.get(k) ?? Infinity)) fin.targets.delete(k);
        }
      }
      timeline.at(timeline.now + (op.f === 'poll' ? this.random() * 400 : 0), () => this.finalStep(timeline, th, deadline));
    });
  }

  /** Maelstrom's generator: crashes on schedule, 1 in 8 requests an assign, else a send or a poll. */
  private plan(now: number): Planned {
    if (now >= this.nextCrash) {
      this.nextCrash = now + this.crashGap();
      return { f: 'crash', value: null };
    }
    const poll = this.random() < 0.5;
    if (this.random() < 1 / 8) {
      const keys = [String(this.pool[drawPosition(this.random)])];
      if (this.random() < 1 / 3) for (const [k, o] of this.sentMax) if (o > (this.polledMax.get(k) ?? -1) && !keys.includes(k)) keys.push(k);
      return { f: 'assign', value: keys };
    }
    if (poll) return { f: 'poll', value: [['poll']] };
    for (;;) {
      const at = drawPosition(this.random);
      const key = this.pool[at];
      const n = (this.written.get(key) ?? 0) + 1;
      if (n > maxWritesPerKey) {
        this.pool[at] = Math.max(...this.pool) + 1;
        continue;
      }
      this.written.set(key, n);
      return { f: 'send', value: [['send', String(key), n]] };
    }
  }

  /** Invokes now, applies at a random point, completes after; then `done`. */
  private perform(timeline: Timeline, th: Thread, op: Planned, done: (type: OpType, value: unknown) => void): void {
    const extra = op.seek ? { 'seek-to-beginning?': true } : {};
    this.record(timeline.now, 'invoke', th.process, op.f, op.value, extra as Partial<Op>);
    if (op.f === 'crash') {
      this.record(timeline.now, 'info', th.process, 'crash', null);
      this.newClient(th);
      return done('info', null);
    }
    const applyAt = timeline.now + 0.05 + this.random() * 1.5;
    timeline.at(applyAt, () => {
      const outcome = this.apply(th, op, timeline.now);
      timeline.at(timeline.now + 0.05 + this.random() * 1.5, () => {
        this.record(timeline.now, outcome.type, th.process, op.f, outcome.value, {
          ...extra,
          ...(outcome.error ? { error: outcome.error } : {}),
        } as Partial<Op>);
        if (outcome.type === 'ok') this.learn(op.f, outcome.value);
        if (outcome.type === 'info') this.newClient(th);
        done(outcome.type, outcome.value);
      });
    });
  }

  private newClient(th: Thread): void {
    th.process += this.concurrency;
    th.offsets = new Map();
  }

  /** The generator and final phase track what ok ops revealed (Jepsen's poll-unseen, track-key-offsets). */
  private learn(f: string, value: unknown): void {
    const [mop] = value as [unknown[]];
    if (f === 'send') {
      const [, k, [offset]] = mop as [string, string, [number]];
      this.sentMax.set(k, Math.max(this.sentMax.get(k) ?? -1, offset));
    } else if (f === 'poll') {
      for (const [k, pairs] of Object.entries(mop[1] as Record<string, [number, number][]>)) {
        this.polledMax.set(k, Math.max(this.polledMax.get(k) ?? -1, ...pairs.map((p) => p[0])));
      }
    }
  }

  private apply(th: Thread, op: Planned, now: number): { type: OpType; value: unknown; error?: unknown } {
    // No timeouts in the final phase: one there can leave a correct service's messages unseen.
    const timeout = th.final === undefined && this.random() < (this.o.timeoutP ?? 0.002);
    if (op.f === 'assign') {
      if (timeout) return { type: 'fail', value: op.value, error: 'net-timeout' };
      const keys = op.value as string[];
      th.offsets = new Map(keys.map((k) => [k, op.seek ? 0 : (th.offsets.get(k) ?? this.committed.get(k) ?? 0)]));
      return { type: 'ok', value: op.value };
    }
    if (op.f === 'send') return this.applySend(th, op, now, timeout);
    if (timeout) return { type: 'info', value: op.value, error: 'net-timeout' };
    return { type: 'ok', value: [['poll', this.poll(th, now)]] };
  }

  private applySend(th: Thread, op: Planned, now: number, timeout: boolean): { type: OpType; value: unknown; error?: unknown } {
    const [[, key, msg]] = op.value as [[string, string, number]];
    if (!timeout && this.random() < (this.o.failP ?? 0.002)) return { type: 'fail', value: op.value, error: ['temporarily-unavailable', 'try again'] };
    if (timeout && this.random() < 0.5) return { type: 'info', value: op.value, error: 'net-timeout' };
    const log = this.logs[th.node].get(key) ?? [];
    this.logs[th.node].set(key, log);
    const offset = log.length;
    const dropped = this.fault === 'drop-acked' && ++this.sends % 50 === 0;
    log.push(dropped ? undefined : { value: msg, visible: Array.from({ length: this.nodes }, (_, n) => now + (n === th.node ? 0 : this.lag)) });
    if (timeout) return { type: 'info', value: op.value, error: 'net-timeout' };
    return { type: 'ok', value: [['send', key, [offset, msg]]] };
  }

  /** The visible prefix of each assigned key from the client's offset; then the client's commit. */
  private poll(th: Thread, now: number): Record<string, [number, number][]> {
    const msgs: Record<string, [number, number][]> = {};
    for (const [key, from] of th.offsets) {
      const log = this.logs[th.node].get(key) ?? [];
      const pairs: [number, number][] = [];
      for (let o = from; o < log.length; o++) {
        const m = log[o];
        if (m === undefined) continue;
        if (m.visible[th.node] > now) break;
        pairs.push([o, m.value]);
      }
      if (pairs.length > 0 || this.random() < 0.5) msgs[key] = pairs;
      if (pairs.length === 0) continue;
      const highest = pairs[pairs.length - 1][0];
      th.offsets.set(key, Math.max(from, highest + 1));
      this.committed.set(key, Math.max(this.committed.get(key) ?? 0, highest));
    }
    return msgs;
  }
}

/** A minimal event queue on simulated milliseconds: events run in time order (ties in FIFO order). */
class Timeline {
  now = 0;
  private readonly heap: { t: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  at(t: number, run: () => void): void {
    const h = this.heap;
    h.push({ t, seq: this.seq++, run });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  drain(): void {
    while (this.heap.length > 0) {
      const e = this.pop();
      this.now = Math.max(this.now, e.t);
      e.run();
    }
  }

  private less(a: { t: number; seq: number }, b: { t: number; seq: number }): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }

  private pop(): { t: number; seq: number; run: () => void } {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
