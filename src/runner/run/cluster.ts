// The nodes under test, whichever host runs them: started and initialised as Maelstrom's DB
// setup does (Maelstrom's db.clj), what they write routed with Maelstrom's rules (a node that
// writes an invalid line or to an unknown id is never read again, as Maelstrom's process.clj stops its reader thread), and the process faults
// of the nemesis: kill (SIGKILL; the node stays down), start (a fresh process with the same id,
// initialised again), pause and resume (SIGSTOP, SIGCONT).
//
// A paused node answers late, after its client may have given up and left the network: SIGSTOP's
// doing, not the node's. Such a reply is dropped (and counted) instead of muting the node, but
// only when SIGSTOP explains it: it comes from the node itself (its own id as src), and answers
// a client request that this incarnation of the node had been handed and not yet answered when
// a pause began, or was handed while paused, and it is the first answer to it. Anything else to
// an id that is not on the network (a second answer, an answer to a request that arrived after
// the resume, a wrong src) mutes the node as Maelstrom would.
import { isClientId, type Body, type Message, type NodeId } from '../../maelstrom/message.js';
import { responseProblem } from '../../workloads/rpc.js';
import { rpcTimeoutMs, type Client } from './clients.js';
import type { History } from '../records/history.js';
import type { NodeHost, NodeHostFactory } from '../hosts/host.js';
import type { ProcessControls } from '../nemesis/controls.js';
import type { Network } from '../net/network.js';
import type { TestOptions } from './test-options.js';
import { registerServices } from '../services/index.js';
import type { RpcOutcome, SetupRequest, Workload } from '../workloads/index.js';

export const initTimeoutMs = 10_000;

/** What the cluster needs of the test it runs in (the TestRun). */
export interface ClusterContext {
  readonly options: TestOptions;
  readonly workload: Workload;
  readonly network: Network;
  readonly history: History;
  readonly hostFactory: NodeHostFactory;
  /** The test is over: nothing a node writes matters any more. */
  readonly done: boolean;
  lateReplies: number;
  newClient(): Client;
  call(client: Client, dest: NodeId, body: Body, timeoutMs: number, closeAfter?: boolean): Promise<RpcOutcome>;
  guard<T>(promise: Promise<T>): Promise<T>;
  crash(reason: string, node?: NodeId): void;
  warn(text: string): void;
}

type NodeState = 'running' | 'paused' | 'dead' | 'starting';

/** Client requests one incarnation of a node was handed, keyed by client and msg_id. */
interface Requests {
  /** Handed to it and not answered yet. */
  unanswered: Set<string>;
  /** Of those, the ones a pause of this incarnation overlapped: a late answer to them is excused once. */
  excused: Set<string>;
}

const requestKey = (client: NodeId, msgId: unknown): string | undefined =>
  typeof msgId === 'number' && Number.isInteger(msgId) && isClientId(client) ? `${client} ${msgId}` : undefined;

export class Cluster implements ProcessControls {
  readonly hosts = new Map<NodeId, NodeHost>();
  private readonly states = new Map<NodeId, NodeState>();
  private readonly incarnations = new Map<NodeId, number>();
  private readonly muted = new Set<NodeId>();
  /** Per node, its current incarnation's client requests (a new incarnation starts empty). */
  private readonly requests = new Map<NodeId, Requests>();
  private readonly starting = new Map<NodeId, Promise<void>>();

  constructor(private readonly run: ClusterContext) {}

  get nodes(): readonly NodeId[] {
    return this.run.options.nodes;
  }

  /** Maelstrom's setup: the services, every node started, init from c0…c(n-1), the origin, setup clients. */
  async setUp(): Promise<void> {
    const { run } = this;
    // Maelstrom's services, for every workload, start before the nodes (the primary's DB setup).
    registerServices(run.network, { seed: run.options.seed, warn: (text) => run.warn(text) });
    for (const id of this.nodes) {
      run.network.register(id, (message, line) => this.toNode(id, message, line));
      this.launch(id);
    }
    const initClients = this.nodes.map(() => run.newClient());
    await run.guard(Promise.all(this.nodes.map((id, k) => this.init(initClients[k], id))));
    run.history.setOrigin();
    // Maelstrom opens a setup client per node for every workload; they stay open to the end.
    const setupClients = this.nodes.map(() => run.newClient());
    const setup = this.setupRequest();
    if (setup) await run.guard(Promise.all(this.nodes.map((id, k) => this.setUpNode(setupClients[k], id, setup))));
    for (const id of this.nodes) this.states.set(id, 'running');
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.stop()));
  }

  async kill(targets: readonly NodeId[]): Promise<NodeId[]> {
    const hit = targets.filter((id) => this.states.get(id) === 'running' || this.states.get(id) === 'paused');
    for (const id of hit) this.states.set(id, 'dead');
    await Promise.all(hit.map((id) => this.hosts.get(id)!.kill()));
    return hit;
  }

  /** Every node that is down comes back, and answers init (and setup) before this resolves. */
  async startAll(): Promise<NodeId[]> {
    const dead = this.nodes.filter((id) => this.states.get(id) === 'dead');
    for (const id of dead) this.starting.set(id, this.restart(id));
    await Promise.all(this.starting.values());
    return dead;
  }

  pause(targets: readonly NodeId[]): NodeId[] {
    const hit = targets.filter((id) => this.states.get(id) === 'running');
    for (const id of hit) {
      this.states.set(id, 'paused');
      const requests = this.requests.get(id)!;
      for (const key of requests.unanswered) requests.excused.add(key);
      this.hosts.get(id)!.pause();
    }
    return hit;
  }

  resumeAll(): NodeId[] {
    const paused = this.nodes.filter((id) => this.states.get(id) === 'paused');
    for (const id of paused) {
      this.states.set(id, 'running');
      this.hosts.get(id)!.resume();
    }
    return paused;
  }

  private async restart(id: NodeId): Promise<void> {
    this.states.set(id, 'starting');
    this.muted.delete(id); // a new process: Maelstrom reads its output afresh
    this.launch(id);
    await this.init(this.run.newClient(), id);
    const setup = this.setupRequest();
    if (setup) {
      const client = this.run.newClient();
      await this.setUpNode(client, id, setup);
      client.close();
    }
    this.states.set(id, 'running');
    this.starting.delete(id);
  }

  private launch(id: NodeId): void {
    const incarnation = (this.incarnations.get(id) ?? 0) + 1;
    this.incarnations.set(id, incarnation);
    this.requests.set(id, { unanswered: new Set(), excused: new Set() });
    const host = this.run.hostFactory(
      id,
      {
        onMessage: (message) => this.fromNode(id, message),
        onGarbage: (line, reason) => this.mute(id, `wrote a line that is not a valid message (${reason}): ${line.slice(0, 200)}`),
        onExit: (code, signal) => this.run.crash(`node ${id} exited (${signal ? `signal ${signal}` : `exit code ${code}`}); nodes must run until killed`, id),
      },
      incarnation,
    );
    this.hosts.set(id, host);
  }

  private setupRequest(): SetupRequest | undefined {
    return this.run.workload.setupRpc?.({ nodes: this.nodes, topology: this.run.options.topology });
  }

  private async init(client: Client, id: NodeId): Promise<void> {
    const body = { type: 'init', node_id: id, node_ids: [...this.nodes] };
    // Closed the moment it is answered: a second init_ok goes to an id that no longer exists.
    const outcome = await this.run.call(client, id, body, initTimeoutMs, true);
    if (outcome.kind === 'timeout') return this.run.crash(`${id} did not answer init within ${initTimeoutMs / 1000} s`, id);
    // Only the type is checked, as Maelstrom does; an error body is a failed init too.
    if (outcome.body.type !== 'init_ok') this.run.crash(`${id} answered init with ${JSON.stringify(outcome.body).slice(0, 300)}, expected type init_ok`, id);
  }

  private async setUpNode(client: Client, id: NodeId, setup: SetupRequest): Promise<void> {
    const outcome = await this.run.call(client, id, { type: setup.rpc.type, ...setup.fields }, rpcTimeoutMs);
    if (outcome.kind === 'timeout') return this.run.crash(`${id} did not answer ${setup.rpc.type} within ${rpcTimeoutMs / 1000} s`, id);
    const problem = responseProblem(setup.rpc, outcome.body);
    if (problem) this.run.crash(`${id} answered ${setup.rpc.type} with a malformed reply (${problem}): ${JSON.stringify(outcome.body).slice(0, 300)}`, id);
  }

  private toNode(id: NodeId, message: Message, line: string): void {
    const key = requestKey(message.src, message.body.msg_id);
    const requests = this.requests.get(id);
    if (key !== undefined && requests) {
      requests.unanswered.add(key);
      if (this.states.get(id) === 'paused') requests.excused.add(key);
    }
    this.hosts.get(id)?.deliver(message, line);
  }

  private fromNode(id: NodeId, message: Message): void {
    if (this.muted.has(id) || this.run.done) return;
    const { network } = this.run;
    const requests = this.requests.get(id)!;
    const key = requestKey(message.dest, message.body.in_reply_to);
    const firstAnswer = key !== undefined && requests.unanswered.delete(key);
    const excused = key !== undefined && requests.excused.delete(key);
    // The source first: a wrong src is judged whatever its destination.
    if (network.isRegistered(message.src) && !network.isRegistered(message.dest) && message.src === id && firstAnswer && excused) {
      this.run.lateReplies++;
      return;
    }
    if (!network.isRegistered(message.src) || !network.isRegistered(message.dest)) {
      this.mute(
        id,
        `wrote to or as an id that is not on the network (src ${message.src}, dest ${message.dest}): ${JSON.stringify(message.body).slice(0, 200)}`,
      );
      return;
    }
    network.send(message);
  }

  // Maelstrom's reader thread for a node dies on such a line and reads nothing more from it:
  // the node's later replies never arrive, and the verdict follows from that.
  private mute(id: NodeId, what: string): void {
    if (this.muted.has(id) || this.run.done) return;
    this.muted.add(id);
    this.run.warn(`${id} ${what}; as Maelstrom does, nothing more it writes is read`);
  }
}
