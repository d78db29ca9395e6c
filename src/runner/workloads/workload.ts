// What the runner knows of one workload (Maelstrom's workload/*.clj), in one module per workload: its
// setup RPC, operation generator, final read, how a reply completes an op, its checker, and
// the rows it adds to the summary and the report.
import type { NodeId } from '../../maelstrom/message.js';
import type { RpcShape } from '../../workloads/rpc.js';
import type { Op } from '../history.js';
import type { TopologyKind } from '../net/topology.js';
import type { Random } from '../random.js';
import type { Completion, PlannedOp, RpcOutcome } from './outcome.js';

export type WorkloadName = 'echo' | 'broadcast' | 'g-set' | 'g-counter' | 'pn-counter';

/** A checker result: Maelstrom's `valid?` and whatever else the workload reports. */
export interface WorkloadResult {
  'valid?': true | false | 'unknown';
}

export interface SetupContext {
  nodes: readonly NodeId[];
  topology: TopologyKind;
}

/** A request with its shape: the RPC and its fields besides type and msg_id. */
export interface SetupRequest {
  rpc: RpcShape;
  fields: Record<string, unknown>;
}

export interface Workload<R extends WorkloadResult = WorkloadResult> {
  readonly name: WorkloadName;
  /** The RPC each node gets from its setup client after init (broadcast's topology). */
  setupRpc?(ctx: SetupContext): SetupRequest;
  /** A fresh operation stream for one test, drawing from the run's random source. */
  generator(random: Random): () => PlannedOp;
  /** One read per client thread after the recovery wait; absent for workloads without a final phase. */
  readonly finalRead?: {
    op: PlannedOp;
    /** Whether it carries Maelstrom's `final?` flag (g-set's does not). */
    flagged: boolean;
    /** How final reads are compared for the convergence report. */
    holds: 'set' | 'counter';
  };
  complete(op: PlannedOp, outcome: RpcOutcome): Completion;
  check(history: readonly Op[]): R;
  /** Lines of the terminal summary, `[label, text]`. */
  summaryRows(result: R): [string, string][];
  /** The workload section of report.txt. */
  reportLines(result: R): string[];
}
