// A node that restarts from its log after a failed write, without leaving its process. A failed
// fsync may have dropped data the page cache still shows (PostgreSQL's "fsyncgate"), so the
// node neither retries it nor trusts what it holds in memory: the incarnation that saw the
// failure is closed (its replies still pending are never sent, its log refuses every append),
// and a new one is built over the same transport and storage, opens the log again (recovery
// reads what the disk holds, cuts a torn tail, and rewrites the log as a new file) and is
// handed the init and topology it was given, so it serves as the same node id under a fresh
// Yjs client id. Peers repair whatever it lost by gossip, as after a kill. This is what
// "restarts" means for a bin process and for an in-process node alike: the process (or the
// runner's host) stays, its memory is rebuilt from its log. A restart whose recovery fails ends
// the node as a failed start does (the bin exits with status 1).
import type { Logger } from '../maelstrom/log.js';
import type { Body } from '../maelstrom/message.js';
import { runCloseListeners, type CloseListener, type NodeRuntime } from '../maelstrom/node.js';
import { createMemoryTransport, type MemoryTransport, type Transport } from '../maelstrom/transport.js';

export interface WorkloadNode {
  /** Ends the node; resolves once its store finished and every close listener did. */
  close(reason?: string): Promise<void>;
  /** Runs once the node ends for good (not at a restart), with the reason. */
  onClose(listener: CloseListener): this;
  /** Restarts from the log after a failed write, so far. */
  readonly restarts: number;
}

/** Builds and starts one incarnation over `transport`; its store calls `restart` when a write failed. */
export type Incarnation = (transport: Transport, restart: (error: unknown) => void) => NodeRuntime;

export function superviseNode(transport: Transport, logger: Logger, build: Incarnation): WorkloadNode {
  return new Supervisor(transport, logger, build);
}

class Supervisor implements WorkloadNode {
  restarts = 0;
  private runtime!: NodeRuntime;
  private inner!: MemoryTransport;
  /** What the first incarnation was initialised with, replayed (without msg_id: no reply) to the next. */
  private init: Body | undefined;
  private topology: Body | undefined;
  private replacing = false;
  private closing: Promise<void> | undefined;
  private readonly listeners: CloseListener[] = [];

  constructor(
    private readonly outer: Transport,
    private readonly logger: Logger,
    private readonly build: Incarnation,
  ) {
    this.start();
    outer.open(
      (line) => this.receive(line),
      (reason) => {
        if (this.closing) return;
        logger.log(`transport ended: ${reason}; closing`);
        void this.close(reason);
      },
    );
  }

  onClose(listener: CloseListener): this {
    this.listeners.push(listener);
    return this;
  }

  close(reason = 'closed'): Promise<void> {
    if (this.closing) return this.closing;
    let finished!: () => void;
    this.closing = new Promise<void>((resolve) => (finished = resolve));
    const stopped = this.runtime.close(reason);
    this.outer.close();
    void Promise.all([stopped, runCloseListeners(this.listeners, reason, this.logger)]).then(finished);
    return this.closing;
  }

  private start(): void {
    const inner = createMemoryTransport((line) => {
      if (inner === this.inner) this.outer.write(line);
    });
    this.inner = inner;
    const runtime = this.build(inner, (error) => this.restart(runtime, error));
    this.runtime = runtime;
    runtime.onInit(({ nodeId, nodeIds }) => {
      this.init ??= { type: 'init', node_id: nodeId, node_ids: nodeIds };
    });
    // An incarnation that ends by itself (its init failed) ends the node.
    runtime.onClose((reason) => {
      if (runtime === this.runtime && !this.replacing) void this.close(reason);
    });
  }

  private receive(line: string): void {
    // Only a topology message is remembered here (init comes from the runtime, once accepted).
    if (line.includes('"topology"')) {
      try {
        const { body } = JSON.parse(line) as { body?: Body };
        if (body?.type === 'topology' && this.init) {
          const { msg_id: _answered, ...rest } = body;
          this.topology = rest as Body;
        }
      } catch {
        // Not JSON: the runtime answers it.
      }
    }
    this.inner.deliver(line);
  }

  private restart(from: NodeRuntime, error: unknown): void {
    if (from !== this.runtime || this.closing || !this.init) return;
    this.restarts++;
    this.logger.log(
      `restart ${this.restarts}: a store write failed (${(error as Error)?.message ?? String(error)}); dropping everything in memory and recovering from the log`,
    );
    this.replacing = true;
    void from.close('restarting from the log after a failed write');
    this.replacing = false;
    this.start();
    const dest = this.init.node_id as string;
    this.inner.deliver(JSON.stringify({ src: 'ygossip', dest, body: this.init }));
    if (this.topology) this.inner.deliver(JSON.stringify({ src: 'ygossip', dest, body: this.topology }));
  }
}
