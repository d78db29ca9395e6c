// Realtime lag (Jepsen's kafka.clj, realtime-lag): how long a poll ran behind the log. For each
// key, the first time each offset was known to exist (from any ok or indeterminate send or
// poll); a process that has reached offset o of key k and invokes a poll at t lags by
// t − (when offset o + 1 was first known), or 0. Jepsen keeps a vector slot per offset; here a
// key's knowledge is a list of steps (offsets up to e became known at t), so a node that answers
// with a huge offset costs one entry, not a vector that long.
import type { KafkaKey } from './micro-ops.js';

interface Steps {
  ends: number[];
  times: number[];
}

export interface WorstLag {
  /** Seconds since the origin: when the lagging poll was invoked. */
  time: number;
  /** Seconds. */
  lag: number;
  process?: number;
  key?: KafkaKey;
}

/** When each offset of each key was first known to exist. */
export class OffsetDiscovery {
  private readonly keys = new Map<KafkaKey, Steps>();

  /** The op completing at `time` shows that `offset` (and so every lower one) exists. */
  known(key: KafkaKey, offset: number, time: number): void {
    if (offset < 0) return;
    let steps = this.keys.get(key);
    if (steps === undefined) this.keys.set(key, (steps = { ends: [], times: [] }));
    const last = steps.ends.length > 0 ? steps.ends[steps.ends.length - 1] : -1;
    if (offset <= last) return;
    steps.ends.push(offset);
    steps.times.push(time);
  }

  /** When `offset` was first known to exist; Infinity if never. */
  knownAt(key: KafkaKey, offset: number): number {
    const steps = this.keys.get(key);
    // Jepsen looks the offset up in a vector: a negative one is never there.
    if (steps === undefined || offset < 0) return Infinity;
    const { ends, times } = steps;
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] >= offset) hi = mid;
      else lo = mid + 1;
    }
    return lo < ends.length ? times[lo] : Infinity;
  }
}

/** Per process, the offset it has reached on each key; the worst lag any ok poll showed. */
export class LagTracker {
  private readonly reached = new Map<number, Map<KafkaKey, number>>();
  private worst: { time: number; lag: number; process: number; key: KafkaKey } | undefined;

  constructor(private readonly discovery: OffsetDiscovery) {}

  /** An ok assign: its keys start at -1 unless the process already had them. */
  assign(process: number, keys: readonly KafkaKey[]): void {
    const before = this.reached.get(process);
    const after = new Map<KafkaKey, number>();
    for (const k of keys) after.set(k, before?.get(k) ?? -1);
    this.reached.set(process, after);
  }

  /** An ok poll invoked at `invokedAt`, which reached `highest` (key → highest offset, -1 for none). */
  poll(process: number, invokedAt: number, highest: ReadonlyMap<KafkaKey, number>): void {
    let offsets = this.reached.get(process);
    if (offsets === undefined) this.reached.set(process, (offsets = new Map()));
    for (const [k, o] of highest) offsets.set(k, Math.max(offsets.get(k) ?? -Infinity, o));
    for (const [k, o] of offsets) {
      const lag = Math.max(0, invokedAt - this.discovery.knownAt(k, o + 1));
      // Jepsen's max-by keeps the first of equal maxima.
      if (this.worst === undefined || lag > this.worst.lag) this.worst = { time: invokedAt, lag, process, key: k };
    }
  }

  worstLag(): WorstLag {
    if (this.worst === undefined) return { time: 0, lag: 0 };
    const { time, lag, process, key } = this.worst;
    return { time: time / 1e9, lag: lag / 1e9, process, key };
  }
}
