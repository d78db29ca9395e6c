// Maelstrom's clients (Maelstrom's client.clj; Jepsen's generator/interpreter.clj). A Client is one client id on the network:
// msg_ids 1, 2, 3… of its own, a timeout per call, and replies matched by integer in_reply_to
// (anything else is silently discarded, as Maelstrom does). A WorkerPool is the test's client
// threads: each bound to one node, one operation at a time, and "crashed" by an :info
// completion (new process number; a new client id at its next operation unless the workload's
// client is reusable). An operation is one RPC judged by the workload's `complete`, or the
// workload's own `perform` over a client handle (several RPCs, per-client state).
import type { Clock } from '../../maelstrom/clock.js';
import type { Body, Message, NodeId } from '../../maelstrom/message.js';
import type { History, Op } from '../records/history.js';
import type { Network } from '../net/network.js';
import type { Waits } from './waits.js';
import type { ClientHandle, Completion, GeneratorContext, OpPlan, PlannedOp, RpcOutcome, ThreadView, Workload } from '../workloads/index.js';

export const rpcTimeoutMs = 5_000;

export class Client {
  private nextMsgId = 1;
  private readonly pending = new Map<number, { done: (o: RpcOutcome) => void; cancel: () => void }>();
  private open = true;

  constructor(
    readonly id: NodeId,
    private readonly network: Network,
    private readonly clock: Clock,
  ) {
    network.register(id, (message) => this.receive(message));
  }

  call(dest: NodeId, body: Body, timeoutMs: number, done: (outcome: RpcOutcome) => void): void {
    const msgId = this.nextMsgId++;
    const cancel = this.clock.setTimer(timeoutMs, () => {
      if (this.pending.delete(msgId)) done({ kind: 'timeout' });
    });
    this.pending.set(msgId, { done, cancel });
    this.network.send({ src: this.id, dest, body: { ...body, msg_id: msgId } });
  }

  /** Removes the id from the network, as Maelstrom does: later messages to it are errors. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    for (const { cancel } of this.pending.values()) cancel();
    this.pending.clear();
    this.network.unregister(this.id);
  }

  private receive(message: Message): void {
    // Only an integer equal to a msg_id we wait for matches: 1.0 or "1" never does.
    const inReplyTo = message.body.in_reply_to;
    if (typeof inReplyTo !== 'number' || !Number.isInteger(inReplyTo)) return;
    const entry = this.pending.get(inReplyTo);
    if (!entry) return;
    this.pending.delete(inReplyTo);
    entry.cancel();
    entry.done({ kind: 'reply', body: message.body });
  }
}

export interface Worker {
  readonly thread: number;
  readonly node: NodeId;
  process: number;
  client: Client | undefined;
  /** What the workload's `perform` sees of `client`, with the client's state. */
  handle: ClientHandle | undefined;
  busy: boolean;
}

export interface PoolContext {
  nodes: readonly NodeId[];
  concurrency: number;
  workload: Workload;
  history: History;
  waits: Waits;
  newClient(): Client;
  /** Every completion, with the thread that ran it (the main phase's generator hears them). */
  onComplete?(completion: Op, thread: ThreadView): void;
}

export class WorkerPool {
  readonly workers: Worker[];
  /** Operations completed so far, for progress. */
  completed = 0;
  private rotate = 0;
  private busyCount = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly ctx: PoolContext) {
    // Thread i is bound to node i mod n for the whole test.
    this.workers = Array.from({ length: ctx.concurrency }, (_, i) => ({
      thread: i,
      node: ctx.nodes[i % ctx.nodes.length],
      process: i,
      client: undefined,
      handle: undefined,
      busy: false,
    }));
  }

  /** What a generator sees at `timeMs`: every thread, and the free ones from where the last op went (Jepsen rotates too). */
  context(timeMs: number): GeneratorContext {
    const n = this.workers.length;
    const free: ThreadView[] = [];
    for (let k = 0; k < n; k++) {
      const worker = this.workers[(this.rotate + k) % n];
      if (!worker.busy) free.push(view(worker));
    }
    return { time: timeMs, threads: this.workers.map(view), free };
  }

  /** Resolves once no operation is in flight. */
  async idle(): Promise<void> {
    while (this.busyCount > 0) await this.nextCompletion();
  }

  /** Resolves at the next completion. */
  nextCompletion(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get inFlight(): number {
    return this.busyCount;
  }

  /** Invokes `op` on `worker`; resolves with its completion, at its timeout at the latest. */
  invoke(worker: Worker, op: OpPlan): Promise<Op> {
    const { history, workload, concurrency } = this.ctx;
    const done = this.ctx.waits.deferred<Op>();
    if (worker.busy) throw new Error(`thread ${worker.thread} is busy: a generator chose a thread that is not free`);
    worker.busy = true;
    this.busyCount++;
    this.rotate = (worker.thread + 1) % this.workers.length;
    const client = (worker.client ??= this.open(worker));
    const handle = worker.handle!;
    const flag = op.final ? { final: true } : {};
    history.record({ type: 'invoke', process: worker.process, f: op.f, value: op.value, ...flag });
    const finish = (completion: Completion): void => {
      const thread = view(worker);
      const recorded = history.record({ process: worker.process, f: op.f, ...completion, ...flag });
      if (completion.type === 'info') {
        worker.process += concurrency;
        // Maelstrom's interpreter opens a new client for the new process unless the client is reusable.
        if (!workload.client?.reusable) this.close(worker, client);
      }
      worker.busy = false;
      this.busyCount--;
      this.completed++;
      this.ctx.onComplete?.(recorded, thread);
      for (const wake of this.waiters.splice(0)) wake();
      done.resolve(recorded);
    };
    if (workload.perform) {
      let performing: Promise<Completion>;
      try {
        performing = workload.perform(op, handle);
      } catch (e) {
        performing = Promise.reject(e);
      }
      performing.then(finish, (e: unknown) => finish(crashed(op, e)));
    } else {
      const { rpc, fields } = op as PlannedOp;
      if (rpc === undefined || workload.complete === undefined) throw new Error(`${workload.name}: op ${op.f} has no RPC and the workload no perform()`);
      client.call(worker.node, { type: rpc.type, ...fields }, this.timeoutMs, (outcome) => finish(workload.complete!(op, outcome)));
    }
    return done.promise;
  }

  private get timeoutMs(): number {
    return this.ctx.workload.client?.timeoutMs ?? rpcTimeoutMs;
  }

  private open(worker: Worker): Client {
    const client = this.ctx.newClient();
    const { waits } = this.ctx;
    const timeoutMs = this.timeoutMs;
    worker.handle = {
      id: client.id,
      node: worker.node,
      state: this.ctx.workload.client?.state?.(),
      call(body, options = {}) {
        const outcome = waits.deferred<RpcOutcome>();
        client.call(options.dest ?? worker.node, body, options.timeoutMs ?? timeoutMs, (o) => outcome.resolve(o));
        return outcome.promise;
      },
    };
    return client;
  }

  private close(worker: Worker, client: Client): void {
    client.close();
    worker.client = undefined;
    worker.handle = undefined;
  }
}

function view(worker: Worker): ThreadView {
  return { thread: worker.thread, process: worker.process, node: worker.node };
}

/** A perform() that threw: Jepsen's interpreter records the op as :info with the exception. */
function crashed(op: OpPlan, e: unknown): Completion {
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'info', value: op.value, error: `indeterminate: ${message}`, exception: message };
}
