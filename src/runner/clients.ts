// Maelstrom's clients (Maelstrom's client.clj; Jepsen's generator/interpreter.clj). A Client is one client id on the network:
// msg_ids 1, 2, 3… of its own, a timeout per call, and replies matched by integer in_reply_to
// (anything else is silently discarded, as Maelstrom does). A WorkerPool is the test's client
// threads: each bound to one node, one operation at a time, and "crashed" by an :info
// completion (new process number, new client id at its next operation).
import type { Clock } from '../maelstrom/clock.js';
import type { Body, Message, NodeId } from '../maelstrom/message.js';
import type { History } from './history.js';
import type { Network } from './net/network.js';
import type { Waits } from './waits.js';
import type { PlannedOp, RpcOutcome, Workload } from './workloads/index.js';

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
  busy: boolean;
}

export interface PoolContext {
  nodes: readonly NodeId[];
  concurrency: number;
  workload: Workload;
  history: History;
  waits: Waits;
  newClient(): Client;
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
      busy: false,
    }));
  }

  /** A free worker, searching from where the last search stopped (Jepsen rotates too). */
  free(): Worker | undefined {
    const n = this.workers.length;
    for (let k = 0; k < n; k++) {
      const worker = this.workers[(this.rotate + k) % n];
      if (!worker.busy) {
        this.rotate = (worker.thread + 1) % n;
        return worker;
      }
    }
    return undefined;
  }

  /** Resolves once some worker is free (at once if one is). */
  async whenFree(): Promise<Worker> {
    for (;;) {
      const worker = this.free();
      if (worker) return worker;
      await this.nextCompletion();
    }
  }

  /** Resolves once no operation is in flight. */
  async idle(): Promise<void> {
    while (this.busyCount > 0) await this.nextCompletion();
  }

  /** Invokes `op` on `worker`; resolves when it completes, with its timeout at the latest. */
  invoke(worker: Worker, op: PlannedOp, final = false): Promise<void> {
    const { history, workload, concurrency } = this.ctx;
    const done = this.ctx.waits.deferred<void>();
    worker.busy = true;
    this.busyCount++;
    worker.client ??= this.ctx.newClient();
    const client = worker.client;
    const flag = final ? { final: true } : {};
    history.record({ type: 'invoke', process: worker.process, f: op.f, value: op.value, ...flag });
    client.call(worker.node, { type: op.rpc.type, ...op.fields }, rpcTimeoutMs, (outcome) => {
      const completion = workload.complete(op, outcome);
      history.record({ process: worker.process, f: op.f, ...completion, ...flag });
      if (completion.type === 'info') {
        worker.process += concurrency;
        client.close();
        worker.client = undefined;
      }
      worker.busy = false;
      this.busyCount--;
      this.completed++;
      for (const wake of this.waiters.splice(0)) wake();
      done.resolve();
    });
    return done.promise;
  }

  private nextCompletion(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
