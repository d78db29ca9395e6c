// One test, as `maelstrom test` runs it (spec §1, §5): init every node, send the topology, run
// client operations at the rate with the nemesis beside them, heal, wait, final reads, analyse.
// Written as callbacks on an injected Clock so one orchestration drives spawned processes on
// real time and in-process nodes on a virtual clock; every wait is bounded on that clock.
import type { Clock } from '../maelstrom/clock.js';
import type { Body, Message, NodeId } from '../maelstrom/message.js';
import { Client, type RpcOutcome, completeOp } from './client.js';
import { createGenerator, hasFinalPhase, type PlannedOp } from './generator.js';
import type { Op } from './history.js';
import type { JournalEvent } from './journal.js';
import { createGrudge, formatGrudge, nemesisGapMs, pickPartitionShape } from './nemesis.js';
import { createNetwork, type Network, type NetworkFaults } from './network.js';
import type { NodeHost, NodeHostFactory } from './node-host.js';
import type { TestOptions } from './options.js';
import type { Random } from './random.js';
import { analyze, type Results } from './results.js';
import type { VirtualClock } from './scheduler.js';
import { buildTopology } from './topology.js';

export const initTimeoutMs = 10_000;
export const rpcTimeoutMs = 5_000;
export const recoveryMs = 10_000;

export interface Progress {
  elapsedS: number;
  totalS: number;
  phase: 'setup' | 'main' | 'recovery' | 'final' | 'done';
  ops: number;
  messages: number;
  partition: string;
}

/** Extra faults (the simulation's schedules); called when the main phase starts. */
export type FaultSchedule = (ctx: { clock: Clock; network: Network; nodes: readonly NodeId[]; random: Random; mainMs: number; setFaults(f: NetworkFaults): void; note(text: string): void }) => void;

export interface RunDriver {
  clock: Clock;
  /** Given for the simulation: the run advances it itself instead of waiting in real time. */
  virtual?: VirtualClock;
  hosts: NodeHostFactory;
  random: Random;
  onProgress?: (progress: Progress) => void;
  faults?: FaultSchedule;
  /** What to say about a node that failed (e.g. the tail of its stderr). */
  describeNode?: (id: NodeId) => string;
}

export interface RunOutcome {
  results?: Results;
  history: Op[];
  journal: JournalEvent[];
  warnings: string[];
  /** Set when the test could not run to analysis (a node crashed, never answered init, …). */
  error?: string;
}

const maxWarnings = 200;

export async function runTest(options: TestOptions, driver: RunDriver): Promise<RunOutcome> {
  const { clock, random } = driver;
  const nodes = options.nodes;
  const n = nodes.length;
  const network = createNetwork({ clock, random, latency: options.latency, latencyDist: options.latencyDist });
  const history: Op[] = [];
  const warnings: string[] = [];
  const hosts = new Map<NodeId, NodeHost>();
  let finished = false;
  let error: string | undefined;
  let origin = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let progressTimer: (() => void) | undefined;
  let phase: Progress['phase'] = 'setup';
  let partitionLabel = 'none';
  let opsDone = 0;

  const warn = (text: string): void => {
    if (warnings.length < maxWarnings) warnings.push(text);
    else if (warnings.length === maxWarnings) warnings.push('… further warnings omitted');
  };
  const finish = (failure?: string): void => {
    if (finished) return;
    finished = true;
    if (failure) error = failure;
    progressTimer?.();
    phase = 'done';
    resolveDone();
  };
  const nowNs = (): number => Math.round((clock.now() - origin) * 1e6);
  const record = (op: Omit<Op, 'index' | 'time'>): Op => {
    const full = { index: history.length, time: nowNs(), ...op } as Op;
    history.push(full);
    return full;
  };

  // Nodes: their output goes onto the network; garbage and strangers become warnings.
  for (const id of nodes) {
    const host = driver.hosts(id, {
      onMessage(message: Message) {
        if (finished) return;
        if (!network.isRegistered(message.src) || !network.isRegistered(message.dest)) {
          warn(`${id} wrote to or as an unknown id (src ${message.src}, dest ${message.dest}); Maelstrom would stop reading this node: ${JSON.stringify(message).slice(0, 200)}`);
          return;
        }
        network.send(message);
      },
      onGarbage(line, reason) {
        warn(`${id} wrote a line that is not a valid message (${reason}); Maelstrom would stop reading this node: ${line.slice(0, 200)}`);
      },
      onExit(code, signal) {
        const detail = driver.describeNode?.(id);
        finish(`node ${id} exited (${signal ? `signal ${signal}` : `exit code ${code}`}); nodes must run until killed${detail ? `\n${detail}` : ''}`);
      },
    });
    hosts.set(id, host);
    network.register(id, (message) => host.deliver(message));
  }

  let nextClient = 0;
  const newClient = (): Client => new Client(`c${nextClient++}`, network, clock);

  // Setup RPCs (init, topology): each must be answered with the expected type in time.
  const setupRound = (label: string, timeoutMs: number, bodyFor: (id: NodeId) => Body, expected: string, then: () => void): void => {
    let left = n;
    const clients: Client[] = [];
    for (const id of nodes) {
      const client = newClient();
      clients.push(client);
      client.call(id, bodyFor(id), timeoutMs, (outcome: RpcOutcome) => {
        if (finished) return;
        if (outcome.kind === 'timeout') {
          const detail = driver.describeNode?.(id);
          return finish(`${id} did not answer ${label} within ${timeoutMs / 1000} s${detail ? `\n${detail}` : ''}`);
        }
        if (outcome.body.type !== expected) {
          return finish(`${id} answered ${label} with ${JSON.stringify(outcome.body).slice(0, 300)}, expected type ${expected}`);
        }
        if (--left === 0) {
          if (label === 'init') for (const c of clients) c.close();
          then();
        }
      });
    }
  };

  const startMain = (): void => {
    phase = 'main';
    const mainStart = clock.now();
    const cutoff = mainStart + options.timeLimit * 1000;
    const generator = createGenerator(options.workload, random);
    const concurrency = options.concurrency;
    const threads = Array.from({ length: concurrency }, (_, i) => ({
      index: i,
      node: nodes[i % n],
      process: i,
      client: undefined as Client | undefined,
      busy: false,
    }));
    let rotate = 0;
    let waitingOp: PlannedOp | undefined;
    let mainOver = false;
    let nemesisOn = false;

    const invoke = (thread: (typeof threads)[number], op: PlannedOp, final: boolean, after: () => void): void => {
      thread.busy = true;
      thread.client ??= newClient();
      const client = thread.client;
      const flag = final ? { final: true } : {};
      record({ type: 'invoke', process: thread.process, f: op.f, value: op.value, ...flag });
      client.call(thread.node, op.body, rpcTimeoutMs, (outcome) => {
        if (finished) return;
        const completion = completeOp(options.workload, op.f, op.value, outcome);
        record({ process: thread.process, f: op.f, ...completion, ...flag });
        opsDone++;
        if (completion.type === 'info') {
          // An indeterminate op crashes the process: new number, and a new client id next time.
          thread.process += concurrency;
          client.close();
          thread.client = undefined;
        }
        thread.busy = false;
        after();
      });
    };

    const freeThread = (): (typeof threads)[number] | undefined => {
      for (let k = 0; k < concurrency; k++) {
        const thread = threads[(rotate + k) % concurrency];
        if (!thread.busy) {
          rotate = (thread.index + 1) % concurrency;
          return thread;
        }
      }
      return undefined;
    };

    const opFinished = (): void => {
      if (waitingOp && clock.now() >= cutoff) {
        waitingOp = undefined;
        endMain();
        return;
      }
      if (waitingOp) {
        const thread = freeThread();
        if (thread) {
          const op = waitingOp;
          waitingOp = undefined;
          invoke(thread, op, false, opFinished);
          scheduleNext();
        }
        return;
      }
      if (mainOver) maybeFinal();
    };

    // Staggered ops: gaps U[0, 2/rate) s; an op due while every thread is busy waits for one,
    // and the schedule does not catch up afterwards.
    const issue = (): void => {
      if (finished) return;
      if (clock.now() >= cutoff) return endMain();
      const op = generator.next();
      const thread = freeThread();
      if (!thread) {
        waitingOp = op;
        return;
      }
      invoke(thread, op, false, opFinished);
      scheduleNext();
    };
    const scheduleNext = (): void => {
      const gap = random() * (2000 / options.rate);
      if (clock.now() + gap >= cutoff) {
        clock.setTimer(Math.max(0, cutoff - clock.now()), endMain);
        return;
      }
      clock.setTimer(gap, issue);
    };

    const endMain = (): void => {
      if (mainOver) return;
      mainOver = true;
      waitingOp = undefined;
      maybeFinal();
    };

    const maybeFinal = (): void => {
      if (finished || !mainOver || threads.some((t) => t.busy) || nemesisPending) return;
      if (finalStarted) return;
      finalStarted = true;
      const finalRead = generator.finalRead();
      if (!finalRead) return finish();
      if (nemesisOn || options.nemesis.length > 0) {
        record({ type: 'info', process: 'nemesis', f: 'stop-partition', value: null });
        network.heal();
        partitionLabel = 'none';
        record({ type: 'info', process: 'nemesis', f: 'stop-partition', value: 'network-healed' });
      }
      stopFaults();
      phase = 'recovery';
      clock.setTimer(recoveryMs, () => {
        if (finished) return;
        phase = 'final';
        let left = concurrency;
        for (const thread of threads) {
          invoke(thread, generator.finalRead()!, generator.finalFlag, () => {
            if (--left === 0) finish();
          });
        }
      });
    };
    let finalStarted = false;
    let nemesisPending = false;

    // Nemesis: start-partition at once, then alternate with gaps U[0, 2·interval).
    if (options.nemesis.includes('partition')) {
      let partitioned = false;
      const nemesisStep = (): void => {
        if (finished || mainOver) return;
        if (!partitioned) {
          const shape = pickPartitionShape(random);
          const grudge = createGrudge(shape, nodes, random);
          record({ type: 'info', process: 'nemesis', f: 'start-partition', value: shape });
          network.partition(grudge);
          partitionLabel = shape;
          nemesisOn = true;
          record({ type: 'info', process: 'nemesis', f: 'start-partition', value: ['isolated', formatGrudge(grudge)] });
        } else {
          record({ type: 'info', process: 'nemesis', f: 'stop-partition', value: null });
          network.heal();
          partitionLabel = 'none';
          record({ type: 'info', process: 'nemesis', f: 'stop-partition', value: 'network-healed' });
        }
        partitioned = !partitioned;
        const gap = nemesisGapMs(options.nemesisInterval, random);
        if (clock.now() + gap < cutoff) clock.setTimer(gap, nemesisStep);
      };
      nemesisStep();
    }

    let stopFaults = (): void => {};
    if (driver.faults) {
      driver.faults({
        clock,
        network,
        nodes,
        random,
        mainMs: options.timeLimit * 1000,
        setFaults: (f) => network.setFaults(f),
        note: (text) => record({ type: 'info', process: 'nemesis', f: 'fault', value: text }),
      });
      stopFaults = () => network.setFaults({ dropProbability: 0, duplicateProbability: 0 });
    }

    if (options.rate > 0) issue();
    else clock.setTimer(options.timeLimit * 1000, endMain);
  };

  // Progress about once a second.
  const totalS = options.timeLimit + (hasFinalPhase(options.workload) ? recoveryMs / 1000 : 0);
  if (driver.onProgress) {
    const report = (): void => {
      if (finished) return;
      driver.onProgress!({
        elapsedS: phase === 'setup' ? 0 : (clock.now() - origin) / 1000,
        totalS,
        phase,
        ops: opsDone,
        messages: network.stats().sent,
        partition: partitionLabel,
      });
      progressTimer = clock.setTimer(1000, report);
    };
    progressTimer = clock.setTimer(1000, report);
  }

  // Init from c0..c(n-1), then the origin, then setup clients c(n)..c(2n-1).
  setupRound('init', initTimeoutMs, (id) => ({ type: 'init', node_id: id, node_ids: [...nodes] }), 'init_ok', () => {
    origin = clock.now();
    if (options.workload === 'broadcast') {
      const topology = buildTopology(options.topology, nodes);
      setupRound('topology', rpcTimeoutMs, () => ({ type: 'topology', topology }), 'topology_ok', startMain);
    } else {
      for (let i = 0; i < n; i++) newClient(); // Maelstrom opens a setup client per node anyway.
      startMain();
    }
  });

  if (driver.virtual) {
    const ran = driver.virtual.runWhile(() => finished);
    if (!ran) finish('the simulation ran out of events before the test ended (a runner bug)');
  }
  await done;
  await Promise.all([...hosts.values()].map((h) => h.stop()));
  const journal = network.journal;
  if (error) return { history, journal, warnings, error };
  const results = analyze({ workload: options.workload, history, journal, availability: options.availability });
  return { results, history, journal, warnings };
}
