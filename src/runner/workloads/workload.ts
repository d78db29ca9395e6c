// What the runner knows of one workload (Maelstrom's workload/*.clj), in one module per workload: its
// setup RPC, operation generator, client, final phase, checker, and the rows it adds to the
// summary and the report.
//
// How to add a workload (kafka, txn-list-append, txn-rw-register, …):
// 1. Declare its RPCs once in src/workloads/rpc.ts (closed response schemas, as Maelstrom's defrpc).
// 2. Write src/runner/workloads/<name>.ts exporting a factory `(options: WorkloadOptions) =>
//    Workload`; add the name to WorkloadName and the factory to the registry in index.ts (with
//    `problem` when some option values cannot run, e.g. lin-kv's concurrency rule: they become
//    usage errors, exit 254, before any node starts).
// 3. Operations: a one-RPC workload gives a plain stream (`() => PlannedOp`, any free thread
//    takes the next op) and `complete(op, outcome)`, usually through completeOp's error table. A
//    workload whose generator must see threads and processes (independent keys, Jepsen's
//    :pending) returns an OpGenerator (generator.ts, with Jepsen's reserve, process-limit, any
//    and a stagger of its own, e.g. any(staggered(30 s / concurrency, crash), main) for kafka's
//    crashes); `update` hears every completion. One whose operation takes several RPCs or
//    keeps per-client state (kafka's poll then commit, its offsets map) gives `perform(op,
//    client)` and `client.state`: the state is made anew whenever the runner opens a new client
//    for the thread, i.e. after an :info unless `client.reusable` (Maelstrom's client/Reusable).
// 4. A final phase (after the heal and the 10 s recovery wait) is a per-thread routine, with a
//    time cap when Maelstrom cuts it (kafka: 10 s); `finalReads` makes the usual one read per
//    thread. Workloads without one end after the main phase.
// 5. The checker is a pure function of the history (checkers/<name>.ts, or a folder for a
//    search), so `ygossip check` can run it on a history from a file; add the workload's fs to
//    the inference in check/infer-workload.ts when they identify it. A workload that grows a set
//    or a counter declares `values` (the f of its adds and of its reads): set-full, the stable
//    latency outside a fault, the convergence report and the report's plots read it by them.
import type { Body, NodeId } from '../../maelstrom/message.js';
import type { RpcShape } from '../../workloads/rpc.js';
import type { SetOps } from '../checkers/set-full.js';
import type { Op } from '../records/history.js';
import type { TopologyKind } from '../net/topology.js';
import type { Random } from '../base/random.js';
import type { OpGenerator, OpStream, ThreadView } from './generator.js';
import type { Completion, OpPlan, RpcOutcome } from './outcome.js';

export type WorkloadName =
  | 'echo'
  | 'broadcast'
  | 'g-set'
  | 'g-counter'
  | 'pn-counter'
  | 'unique-ids'
  | 'lin-kv'
  | 'kafka'
  | 'txn-rw-register'
  | 'txn-list-append';

/** A checker result: Maelstrom's `valid?` and whatever else the workload reports. */
export interface WorkloadResult {
  'valid?': true | false | 'unknown';
}

/** What shapes a workload: the test's layout and Maelstrom's workload flags (core.clj opt-spec). */
export interface WorkloadOptions {
  readonly nodes: readonly NodeId[];
  /** Client threads. */
  readonly concurrency: number;
  /** Mean inter-server latency, ms (--latency): lin-kv's client timeout grows with it. */
  readonly latency: number;
  /** --key-count; absent: the workload's own default (Elle's 10). */
  readonly keyCount?: number;
  /** --max-txn-length (4). */
  readonly maxTxnLength: number;
  /** --max-writes-per-key (16). */
  readonly maxWritesPerKey: number;
  /** --consistency-models (strict-serializable). */
  readonly consistencyModels: readonly string[];
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

/** A thread's client as a workload's `perform` sees it: one id on the network, RPCs one at a time. */
export interface ClientHandle<S = unknown> {
  /** The client's id (c<k>). */
  readonly id: NodeId;
  /** The node this client's thread is bound to. */
  readonly node: NodeId;
  /** The workload's per-client state, made by `client.state()` when this client was opened. */
  readonly state: S;
  /** One request to the thread's node (or `dest`); the reply, or a timeout after the workload's RPC timeout. */
  call(body: Body, options?: { dest?: NodeId; timeoutMs?: number }): Promise<RpcOutcome>;
}

/** How the runner treats a workload's clients. */
export interface ClientSpec<S = unknown> {
  /** Keeps its client id after an :info (Maelstrom's client/Reusable: unique-ids, lin-kv, the txn workloads). */
  readonly reusable?: boolean;
  /** RPC timeout, ms; 5000 when absent (Maelstrom's client.clj default). */
  readonly timeoutMs?: number;
  /** Fresh per-client state, for each client the runner opens. */
  state?(): S;
}

/** One client thread in the final phase. */
export interface FinalThread<O extends OpPlan = OpPlan> {
  readonly thread: ThreadView;
  readonly random: Random;
  /** Performs `op` on this thread: its completion, or undefined when the phase's time is up (nothing is sent then). */
  invoke(op: O): Promise<Op | undefined>;
  sleep(ms: number): Promise<void>;
}

/** What every client thread does after the recovery wait (Maelstrom's final generator). */
export interface FinalPhase<O extends OpPlan = OpPlan> {
  /** One thread's final operations; every thread starts at once, in an order drawn from the seed. */
  run(thread: FinalThread<O>): Promise<void>;
  /** No final operation starts after this many seconds (Maelstrom cuts kafka's final polls at 10). */
  readonly timeLimitS?: number;
}

/**
 * A workload that grows a set (broadcast, g-set) or a counter: the f of the op that adds to it
 * and of the op that reads it whole (broadcast adds with `broadcast`). The one place these names
 * live: set-full, the stable latency outside a fault, the convergence of final reads and the
 * report's plots read the history by them.
 */
export interface WorkloadValues extends SetOps {
  readonly kind: 'set' | 'counter';
}

/**
 * One workload, typed as what it is: R its checker's result, O its operations, S its clients'
 * state. `Workload` with the defaults is the erasure the registry holds and the run drives.
 * Every function here (and in FinalPhase, FinalThread) that takes an R, O or S is a method,
 * whose parameters TypeScript compares both ways, so a `Workload<EchoResult, PlannedOp>` is a
 * `Workload` without a cast; function-typed properties would be compared strictly and refuse
 * it. The erasure is safe as the runner uses it: a workload is only ever handed what it made
 * itself, the ops of its own generator and final phase, its own client's state, its own
 * check's result.
 */
export interface Workload<R extends WorkloadResult = WorkloadResult, O extends OpPlan = OpPlan, S = unknown> {
  readonly name: WorkloadName;
  /** The RPC each node gets from its setup client after init (broadcast's topology). */
  setupRpc?(ctx: SetupContext): SetupRequest;
  /** A fresh operation source for one test's main phase, drawing from the run's random source. */
  generator(random: Random): OpStream<O> | OpGenerator<O>;
  readonly client?: ClientSpec<S>;
  /** A one-RPC operation's completion from its outcome (ops with `rpc`). */
  complete?(op: O, outcome: RpcOutcome): Completion;
  /** An operation of several RPCs or client state; used instead of `complete` when present. */
  perform?(op: O, client: ClientHandle<S>): Promise<Completion>;
  /** After the heal and the recovery wait; absent for workloads that end after the main phase. */
  readonly final?: FinalPhase<O>;
  /** Present when the workload's ops add to and read a set or a counter. */
  readonly values?: WorkloadValues;
  check(history: readonly Op[]): R;
  /** Lines of the terminal summary, `[label, text]`. */
  summaryRows(result: R): [string, string][];
  /** The workload section of report.txt. */
  reportLines(result: R): string[];
}
