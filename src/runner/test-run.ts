// Everything one test shares while it runs: options and workload, the clock, the seeded random
// source, network and journal, history, the node hosts, client ids, the worker pool and the
// nemesis, plus the ways a test can go wrong (a warning, a muted node, a crash that ends it).
import type { Body, Message, NodeId } from '../maelstrom/message.js';
import { Client, WorkerPool } from './clients.js';
import { createHistory, type History } from './history.js';
import type { NodeHost, NodeHostFactory } from './hosts/host.js';
import type { Journal } from './journal.js';
import { createNemesis, partitionSchedule, type Nemesis, type Schedule } from './nemesis/index.js';
import { createNetwork, type Network } from './net/network.js';
import type { TestOptions } from './options.js';
import type { Random } from './random.js';
import type { RunnerClock } from './runner-clock.js';
import { createWaits, type Waits } from './waits.js';
import { workloads, type RpcOutcome, type Workload } from './workloads/index.js';

export type Phase = 'setup' | 'main' | 'recovery' | 'final' | 'done';

export interface RunDriver {
  clock: RunnerClock;
  hosts: NodeHostFactory;
  random: Random;
  journal: Journal;
  /** Fault schedules beyond --nemesis (the simulation's). */
  schedules?: readonly Schedule[];
  /** What to say about a node that failed (e.g. the tail of its stderr). */
  describeNode?: (id: NodeId) => string;
}

/** Ends a test before analysis: a node crashed, never answered init, answered setup wrongly. */
export class TestCrash extends Error {
  override name = 'TestCrash';
}

const maxWarnings = 200;

export class TestRun {
  readonly workload: Workload;
  readonly network: Network;
  readonly history: History;
  readonly waits: Waits;
  readonly pool: WorkerPool;
  readonly nemesis: Nemesis;
  readonly hosts = new Map<NodeId, NodeHost>();
  readonly warnings: string[] = [];
  phase: Phase = 'setup';
  /** History index of the first final read, once they begin. */
  finalFrom: number | undefined;
  crashed: TestCrash | undefined;
  private readonly crash$;
  private readonly muted = new Set<NodeId>();
  private nextClient = 0;

  constructor(
    readonly options: TestOptions,
    readonly driver: RunDriver,
  ) {
    const { clock, random, journal } = driver;
    this.workload = workloads[options.workload];
    this.waits = createWaits(clock);
    this.crash$ = this.waits.deferred<never>();
    this.crash$.promise.catch(() => {}); // observed through guard()
    this.network = createNetwork({ clock, random, latency: options.latency, latencyDist: options.latencyDist, journal });
    this.history = createHistory(clock);
    this.pool = new WorkerPool({ ...options, workload: this.workload, history: this.history, waits: this.waits, newClient: () => this.newClient() });
    const schedules = [...(options.nemesis.includes('partition') ? [partitionSchedule(options.nemesisInterval)] : []), ...(driver.schedules ?? [])];
    this.nemesis = createNemesis({
      clock,
      random,
      nodes: options.nodes,
      network: this.network,
      record: (f, value) => this.history.record({ type: 'info', process: 'nemesis', f, value }),
      schedules,
      partitions: options.nemesis.includes('partition'),
    });
  }

  get clock(): RunnerClock {
    return this.driver.clock;
  }

  get random(): Random {
    return this.driver.random;
  }

  /** Clients are c0, c1, … in the order they are opened, as in Maelstrom. */
  newClient(): Client {
    return new Client(`c${this.nextClient++}`, this.network, this.clock);
  }

  /** One RPC as a promise (setup RPCs; operations go through the pool). `closeAfter`: the
   *  client leaves the network the moment its call ends, as Maelstrom's init client does. */
  call(client: Client, dest: NodeId, body: Body, timeoutMs: number, closeAfter = false): Promise<RpcOutcome> {
    const outcome = this.waits.deferred<RpcOutcome>();
    client.call(dest, body, timeoutMs, (o) => {
      if (closeAfter) client.close();
      outcome.resolve(o);
    });
    return outcome.promise;
  }

  /** `promise`, unless the test crashes first. */
  guard<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.crash$.promise]);
  }

  crash(reason: string, node?: NodeId): void {
    if (this.crashed) return;
    const detail = node !== undefined ? this.driver.describeNode?.(node) : undefined;
    this.crashed = new TestCrash(detail ? `${reason}\n${detail}` : reason);
    this.crash$.reject(this.crashed);
  }

  warn(text: string): void {
    if (this.warnings.length < maxWarnings) this.warnings.push(text);
    else if (this.warnings.length === maxWarnings) this.warnings.push('… further warnings omitted');
  }

  /** Starts every node and routes what it writes, with Maelstrom's rules (spec §2.8). */
  startNodes(): void {
    for (const id of this.options.nodes) {
      const host = this.driver.hosts(id, {
        onMessage: (message) => this.fromNode(id, message),
        onGarbage: (line, reason) => this.mute(id, `wrote a line that is not a valid message (${reason}): ${line.slice(0, 200)}`),
        onExit: (code, signal) => this.crash(`node ${id} exited (${signal ? `signal ${signal}` : `exit code ${code}`}); nodes must run until killed`, id),
      });
      this.hosts.set(id, host);
      this.network.register(id, (message) => host.deliver(message));
    }
  }

  private fromNode(id: NodeId, message: Message): void {
    if (this.muted.has(id) || this.phase === 'done') return;
    if (!this.network.isRegistered(message.src) || !this.network.isRegistered(message.dest)) {
      this.mute(id, `wrote to or as an id that is not on the network (src ${message.src}, dest ${message.dest}): ${JSON.stringify(message.body).slice(0, 200)}`);
      return;
    }
    this.network.send(message);
  }

  // Maelstrom's reader thread for a node dies on such a line and reads nothing more from it:
  // the node's later replies never arrive, and the verdict follows from that.
  private mute(id: NodeId, what: string): void {
    if (this.muted.has(id) || this.phase === 'done') return;
    this.muted.add(id);
    this.warn(`${id} ${what}; as Maelstrom does, nothing more it writes is read`);
  }
}
