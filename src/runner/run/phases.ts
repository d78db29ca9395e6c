// One test, as `maelstrom test` runs it (Maelstrom's core.clj and db.clj, Jepsen's generator.clj), in named phases: setup (start
// the nodes, init, the workload's setup RPC), main (client operations at the rate, the nemesis
// beside them), heal, recovery (10 s quiet), the final phase (final reads, or the workload's own
// per-thread routine), and analysis. Every wait is on the
// injected clock, so the same phases drive spawned processes on real time and in-process nodes
// on the simulation's virtual clock.
import type { DiskFaultCounts } from '../../storage/index.js';
import { analyze, type Results } from './analysis.js';
import type { Worker } from './clients.js';
import type { Op } from '../records/history.js';
import type { Journal } from '../records/journal.js';
import type { TestOptions } from './test-options.js';
import { shuffle } from '../base/random.js';
import type { VirtualClock } from '../base/runner-clock.js';
import { TestCrash, TestRun, type Phase, type RunDriver } from './test-run.js';
import { toGenerator, type FinalPhase, type FinalThread } from '../workloads/index.js';

export const recoveryMs = 10_000;

export interface Progress {
  elapsedS: number;
  totalS: number;
  phase: Phase;
  ops: number;
  messages: number;
  faults: string;
}

export interface RunOptions extends RunDriver {
  onProgress?: (progress: Progress) => void;
  /** Given for the simulation: the run advances this clock itself instead of waiting. */
  virtual?: VirtualClock;
}

export interface RunOutcome {
  results?: Results;
  history: Op[];
  journal: Journal;
  warnings: string[];
  /** Set when the test could not run to analysis (a node crashed, never answered init, …). */
  error?: string;
  /** The simulation's disk faults injected, and the recoveries that followed (with --disk-faults). */
  disk?: DiskFaultCounts;
}

export async function runTest(options: TestOptions, driver: RunOptions): Promise<RunOutcome> {
  const run = new TestRun(options, driver);
  const stopProgress = reportProgress(run, driver.onProgress);
  let finished = false;
  // Settled at once into a value, so a crash while the virtual clock runs is never "unhandled".
  const phases = runPhases(run).then(
    () => undefined,
    (error: unknown) => error,
  );
  void phases.then(() => (finished = true));
  if (driver.virtual) await driveVirtualClock(driver.virtual, run, () => finished);
  const failure = await phases;
  if (failure !== undefined && !(failure instanceof TestCrash)) throw failure;
  stopProgress();
  run.phase = 'done';
  await run.cluster.stopAll();
  if (run.lateReplies > 0) run.warn(`${run.lateReplies} replies from paused nodes came after their client had given up; dropped, the nodes read on`);
  const outcome = { history: run.history.ops, journal: driver.journal, warnings: run.warnings };
  if (run.crashed) return { ...outcome, error: run.crashed.message };
  return { ...outcome, results: analysisPhase(run) };
}

async function runPhases(run: TestRun): Promise<void> {
  await run.cluster.setUp();
  await mainPhase(run);
  if (!run.workload.final) {
    await run.guard(run.nemesis.final({ record: false })); // Maelstrom's nemesis teardown: not recorded
    return;
  }
  await run.guard(run.nemesis.final({ record: true }));
  run.phase = 'recovery';
  await run.guard(run.waits.sleep(recoveryMs));
  await finalPhase(run, run.workload.final);
}

/** Operations at the rate and the nemesis beside them, until the time limit; then in-flight ops end. */
async function mainPhase(run: TestRun): Promise<void> {
  run.phase = 'main';
  const cutoff = run.clock.now() + run.options.timeLimit * 1000;
  run.nemesis.start(cutoff);
  if (run.options.rate > 0) await issueOperations(run, cutoff);
  else await run.guard(run.waits.sleepUntil(cutoff));
  await run.guard(run.pool.idle());
}

/**
 * Jepsen's stagger (Jepsen's generator.clj, stagger): operations due at gaps uniform in [0, 2/rate) s. Every
 * operation whose time has come is issued at once, so timer granularity never slows the rate;
 * one whose generator has nothing for the free threads (none free, or Jepsen's :pending) waits
 * for the next completion, and the schedule does not catch up afterwards.
 */
async function issueOperations(run: TestRun, cutoff: number): Promise<void> {
  const { clock, random, pool } = run;
  const started = clock.now();
  const generator = toGenerator(run.workload.generator(random));
  run.mainGenerator = generator;
  const meanGapMs = 1000 / run.options.rate;
  let due = clock.now();
  while (!run.crashed && due < cutoff) {
    await run.guard(run.waits.sleepUntil(due));
    let next = generator.next(pool.context(clock.now() - started));
    while (next === 'pending') {
      // Jepsen asks a pending generator again after each completion, or 1 ms later with none in flight.
      await run.guard(pool.inFlight > 0 ? pool.nextCompletion() : run.waits.sleep(1));
      due = clock.now();
      if (due >= cutoff) return;
      next = generator.next(pool.context(due - started));
    }
    if (next === 'exhausted') return void (await run.guard(run.waits.sleepUntil(cutoff)));
    void pool.invoke(pool.workers[next.thread], next.op);
    due += random() * 2 * meanGapMs;
  }
}

/**
 * Every client thread runs the workload's final routine, all starting at the same moment in an
 * order drawn from the seed; none starts an operation after the phase's time cap.
 */
async function finalPhase(run: TestRun, final: FinalPhase): Promise<void> {
  run.phase = 'final';
  run.mainGenerator = undefined;
  const order = shuffle(run.random, run.pool.workers);
  run.finalFrom = run.history.ops.length;
  const cutoff = final.timeLimitS === undefined ? Infinity : run.clock.now() + final.timeLimitS * 1000;
  await run.guard(Promise.all(order.map((worker) => final.run(finalThread(run, worker, cutoff)))));
}

function finalThread(run: TestRun, worker: Worker, cutoff: number): FinalThread {
  return {
    get thread() {
      return { thread: worker.thread, process: worker.process, node: worker.node };
    },
    random: run.random,
    invoke: (op) => (run.crashed || run.clock.now() >= cutoff ? Promise.resolve(undefined) : run.pool.invoke(worker, op)),
    sleep: (ms) => run.guard(run.waits.sleep(ms)),
  };
}

function analysisPhase(run: TestRun): Results {
  return analyze({
    workload: run.workload,
    history: run.history.ops,
    net: run.driver.journal.tally,
    availability: run.options.availability,
    clients: { nodes: run.options.nodes, concurrency: run.options.concurrency },
    finalFrom: run.finalFrom,
  });
}

/** Runs the virtual clock's timers until a phase can go on; lets it go on; until the run ends. */
async function driveVirtualClock(clock: VirtualClock, run: TestRun, finished: () => boolean): Promise<void> {
  for (;;) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (finished()) return;
    if (!clock.runWhile(() => run.waits.takeWoken()) && !finished()) {
      run.crash('the simulation ran out of events before the test ended (a runner bug)');
    }
  }
}

/** A progress report about once a second; returns the function that stops it. */
function reportProgress(run: TestRun, onProgress: RunOptions['onProgress']): () => void {
  if (!onProgress) return () => {};
  const { options, clock } = run;
  const { final } = run.workload;
  const totalS = options.timeLimit + (final ? recoveryMs / 1000 + (final.timeLimitS ?? 0) : 0);
  let origin: number | undefined;
  let cancel = (): void => {};
  const report = (): void => {
    if (run.phase !== 'setup') origin ??= clock.now();
    onProgress({
      elapsedS: origin === undefined ? 0 : (clock.now() - origin) / 1000,
      totalS,
      phase: run.phase,
      ops: run.pool.completed,
      messages: run.network.stats().sent,
      faults: run.nemesis.describe(),
    });
    cancel = clock.setTimer(1000, report);
  };
  cancel = clock.setTimer(1000, report);
  return () => cancel();
}
