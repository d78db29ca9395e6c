// Everything one test shares while it runs: options and workload, the clock, the seeded random
// source, network and journal, history, the cluster of nodes, client ids, the worker pool and
// the nemesis, plus the ways a test can go wrong (a warning, a crash that ends it).
import type { Body, NodeId } from '../../maelstrom/message.js';
import { Client, WorkerPool } from './clients.js';
import { Cluster } from './cluster.js';
import { createHistory, type History } from '../records/history.js';
import type { NodeHostFactory } from '../hosts/host.js';
import type { Journal } from '../records/journal.js';
import { createNemesis, runSchedules, type Nemesis } from '../nemesis/index.js';
import { createNetwork, type Network } from '../net/network.js';
import type { TestOptions } from './test-options.js';
import type { Random } from '../base/random.js';
import type { RunnerClock } from '../base/runner-clock.js';
import { createWaits, type Deferred, type Waits } from './waits.js';
import { createWorkload, type OpGenerator, type OpPlan, type RpcOutcome, type Workload } from '../workloads/index.js';

export type Phase = 'setup' | 'main' | 'recovery' | 'final' | 'done';

export interface RunDriver {
  clock: RunnerClock;
  hosts: NodeHostFactory;
  random: Random;
  journal: Journal;
  /** What to say about a node that failed (e.g. the tail of its stderr). */
  describeNode?: (id: NodeId) => string;
  /** A workload to run instead of the registry's for options.workload (tests of the runner itself). */
  workload?: Workload;
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
  readonly cluster: Cluster;
  readonly warnings: string[] = [];
  phase: Phase = 'setup';
  /** History index of the first final read, once they begin. */
  finalFrom: number | undefined;
  /** The main phase's generator while it runs: it hears every completion (Jepsen's update). */
  mainGenerator: OpGenerator<OpPlan> | undefined;
  crashed: TestCrash | undefined;
  private readonly crash$: Deferred<never>;
  private nextClient = 0;

  constructor(
    readonly options: TestOptions,
    readonly driver: RunDriver,
  ) {
    const { clock, random, journal } = driver;
    this.workload = driver.workload ?? createWorkload(options.workload, options);
    this.waits = createWaits(clock);
    this.crash$ = this.waits.deferred<never>();
    this.crash$.promise.catch(() => {}); // observed through guard()
    this.network = createNetwork({ clock, random, latency: options.latency, latencyDist: options.latencyDist, journal });
    this.history = createHistory(clock);
    this.pool = new WorkerPool({
      ...options,
      workload: this.workload,
      history: this.history,
      waits: this.waits,
      newClient: () => this.newClient(),
      onComplete: (op, thread) => this.mainGenerator?.update?.(op, thread),
    });
    this.cluster = new Cluster(this);
    this.nemesis = createNemesis({
      clock,
      random,
      nodes: options.nodes,
      network: this.network,
      record: (f, value) => this.history.record({ type: 'info', process: 'nemesis', f, value }),
      schedules: runSchedules(options),
      processes: this.cluster,
      faults: options.nemesis,
    });
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  get hostFactory(): NodeHostFactory {
    return this.driver.hosts;
  }

  get clock(): RunnerClock {
    return this.driver.clock;
  }

  get random(): Random {
    return this.driver.random;
  }

  /** Replies a paused node wrote late, to requests a pause had held, after their client gave up (dropped, see Cluster). */
  lateReplies = 0;

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
}
