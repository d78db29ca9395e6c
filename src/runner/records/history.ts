// The test history, as Jepsen records it: one op per invocation and one per completion, in the
// order the runner processed them. Times are integer nanoseconds since the test's origin
// (taken after init, before topology), as in Maelstrom's history.edn.
import type { Clock } from '../../maelstrom/clock.js';

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export interface Op {
  /** Position in the history, 0-based, dense. */
  index: number;
  /** Integer nanoseconds since the origin. */
  time: number;
  type: OpType;
  /** Client process number (thread + k·concurrency after each :info), or 'nemesis'. */
  process: number | 'nemesis';
  /** Operation name: broadcast, read, add, echo, start-partition, stop-partition, … */
  f: string;
  value: unknown;
  /** Error as Maelstrom records it, e.g. 'net-timeout' or ['malformed-request', 'text']. */
  error?: unknown;
  /** Maelstrom's :final? flag on final reads. */
  final?: boolean;
  /** Exception text for :info completions caused by an exception (malformed response, …). */
  exception?: string;
}

export interface History {
  readonly ops: Op[];
  /** Sets time 0 to now (Maelstrom takes it once every node answered init). */
  setOrigin(): void;
  record(op: Omit<Op, 'index' | 'time'>): Op;
}

export function createHistory(clock: Clock): History {
  const ops: Op[] = [];
  let origin = clock.now();
  return {
    ops,
    setOrigin() {
      origin = clock.now();
    },
    record(op) {
      const full = { index: ops.length, time: Math.round((clock.now() - origin) * 1e6), ...op } as Op;
      ops.push(full);
      return full;
    },
  };
}
