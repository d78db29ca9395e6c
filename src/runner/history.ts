// The test history, as Jepsen records it: one op per invocation and one per completion, in the
// order the runner processed them. Times are integer nanoseconds since the test's origin
// (taken after init, before topology), as in Maelstrom's history.edn.

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

export function isClientOp(op: Op): boolean {
  return op.process !== 'nemesis';
}
