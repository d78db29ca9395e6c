// The ygossip command line: `test` runs a node binary as `maelstrom test` would, `sim` runs
// ygossip's own node in-process on a virtual clock. Exit codes: 0 valid, 1 invalid, 3 unknown,
// 2 usage or start-up error (with a message that says what to fix).
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProgressPrinter,
  createRandom,
  createRealClock,
  createRunDir,
  faultNames,
  faultSchedule,
  formatReport,
  formatSummary,
  linkLatest,
  parseTestOptions,
  runTest,
  simulate,
  testHelp,
  UsageError,
  writeRunFiles,
  withStableOutside,
  type FaultSpec,
  type RunOutcome,
  type TestOptions,
} from '../runner/index.js';
import { checkBin, createProcessHostFactory } from '../runner/node-process.js';
import { configFromEnv } from '../workloads/index.js';

const usage = `Usage: ygossip <command> [options]

Commands:
  test   run a node binary under Maelstrom's semantics (same flags as maelstrom test)
  sim    run ygossip's own node in-process on a virtual clock (deterministic from --seed)
  help   this text; \`ygossip test --help\` and \`ygossip sim --help\` list the options

Example:
  ygossip test -w broadcast --bin bin/broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --nemesis partition
`;

const simHelp = `Usage: ygossip sim -w WORKLOAD [test options] [--seed N | --seeds A..B] [--faults NAME]

Runs ygossip's node for WORKLOAD in-process on a virtual clock: the same network model,
generator, nemesis and checkers as \`ygossip test\`, no processes, exactly reproducible.
The node's profile comes from YGOSSIP_PROFILE, YGOSSIP_BATCH_MS, YGOSSIP_ROUND_MS and
YGOSSIP_GOSSIP_PEERS, as for the bins.

  --seed N        one run (default: random, printed)
  --seeds A..B    one run per seed from A to B; prints each failing seed with the command
                  that replays it, and a count at the end
  --faults NAME   extra faults beyond Maelstrom's: ${faultNames.join(', ')}, or all
                  (with --seeds, cycles through the schedules by seed), or isolated:NODE
                  (that node cut off for the whole main phase; the summary and results.json
                  then give the stable latency among the other nodes, "stable-outside")
  --json          print results.json on stdout (single seed)

${testHelp}`;

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export async function main(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await dispatch(argv);
  } catch (e) {
    if (e instanceof Exit) code = e.code;
    else if (e instanceof UsageError) {
      process.stderr.write(`ygossip: ${e.message}\n(see ygossip ${argv[0] ?? ''} --help)\n`);
      code = 2;
    } else {
      process.stderr.write(`ygossip: ${(e as Error).stack ?? e}\n`);
      code = 2;
    }
  }
  process.exitCode = code;
  // Leftover timers of a finished run must not keep the process alive.
  setImmediate(() => process.exit(code));
}

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'test':
      return runReal(rest);
    case 'sim':
      return runSim(rest);
    case undefined:
    case 'help':
    case '-h':
    case '--help':
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`ygossip: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

const exitFor = (valid: unknown): number => (valid === true ? 0 : valid === false ? 1 : 3);
const useColor = (): boolean => Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;

function describeCommand(kind: string, options: TestOptions, extra: string[] = []): string {
  const parts = [`ygossip ${kind} -w ${options.workload}`];
  if (options.bin) parts.push(`--bin ${options.bin}`);
  parts.push(`--nodes ${options.nodes.join(',')}`, `--time-limit ${options.timeLimit}`, `--rate ${options.rate}`);
  parts.push(`--concurrency ${options.concurrency}`, `--latency ${options.latency}`, `--latency-dist ${options.latencyDist}`);
  if (options.nemesis.length) parts.push(`--nemesis ${options.nemesis.join(',')}`, `--nemesis-interval ${options.nemesisInterval}`);
  if (options.workload === 'broadcast') parts.push(`--topology ${options.topology}`);
  parts.push(`--seed ${options.seed}`, ...extra);
  return parts.join(' ');
}

async function finishRun(kind: string, options: TestOptions, outcome: RunOutcome, runDir: string, extra: string[] = []): Promise<number> {
  const command = describeCommand(kind, options, extra);
  const report = outcome.results
    ? formatReport(outcome.results, { workload: options.workload, command, seed: options.seed, storeDir: runDir, startedAt: new Date().toISOString() })
    : `${outcome.error}\n`;
  await writeRunFiles(runDir, { results: outcome.results, history: outcome.history, journal: outcome.journal, report, test: { ...options, command } });
  linkLatest(options.storeDir, options.workload, runDir);
  const out = options.json ? process.stderr : process.stdout;
  for (const warning of outcome.warnings.slice(0, 10)) process.stderr.write(`warning: ${warning}\n`);
  if (outcome.warnings.length > 10) process.stderr.write(`… ${outcome.warnings.length - 10} more warnings in ${runDir}\n`);
  if (outcome.error || !outcome.results) {
    process.stderr.write(`ygossip: the test could not complete: ${outcome.error}\nNode logs: ${join(runDir, 'node-logs')}\n`);
    return 2;
  }
  if (options.json) process.stdout.write(`${JSON.stringify(outcome.results, null, 2)}\n`);
  out.write(`${formatSummary(outcome.results, { color: !options.json && useColor() })}\n`);
  out.write(`Results: ${runDir}\n${kind === 'sim' ? 'Replay' : 'Rerun'}: ${command}\n`);
  return exitFor(outcome.results['valid?']);
}

async function runReal(input: string[]): Promise<number> {
  const argv = [...input];
  // Not a Maelstrom flag: the simulation's fault schedules, on real time (see ygossip sim --help).
  const faultsText = argv.includes('-h') || argv.includes('--help') ? undefined : takeFlag(argv, '--faults');
  const options = parseTestOptions(argv);
  if (options === 'help') {
    process.stdout.write(testHelp);
    return 0;
  }
  const faults = faultsText === undefined || faultsText === 'none' ? undefined : checkFaults(faultsText, options);
  // --test-count K: K tests, stopping at the first that is not valid (as Maelstrom does).
  let code = 0;
  for (let k = 0; k < options.testCount && code === 0; k++) {
    code = await runOneReal(k === 0 ? options : { ...options, seed: (options.seed + k) >>> 0 }, faults);
  }
  return code;
}

function checkFaults(text: string, options: TestOptions): FaultSpec {
  try {
    faultSchedule(text, options.nodes);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return text as FaultSpec;
}

async function runOneReal(options: TestOptions, faults?: FaultSpec): Promise<number> {
  let bin: string;
  try {
    bin = checkBin(options.bin);
  } catch (e) {
    process.stderr.write(`ygossip: ${(e as Error).message}\n`);
    return 2;
  }
  const runDir = createRunDir(options.storeDir, options.workload);
  const hosts = createProcessHostFactory({
    bin,
    args: options.args,
    logDir: join(runDir, 'node-logs'),
    onStderrLine: options.logStderr ? (id, line) => process.stderr.write(`${id} stderr: ${line}\n`) : undefined,
  });
  const stopAndExit = (signal: string): void => {
    process.stderr.write(`\nygossip: ${signal}: stopping every node\n`);
    void hosts.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stopAndExit('SIGINT'));
  process.once('SIGTERM', () => stopAndExit('SIGTERM'));
  const progress = createProgressPrinter();
  try {
    const clock = createRealClock();
    process.stderr.write(`ygossip test: ${options.workload}, ${options.nodes.length} nodes of ${realpathSync(bin)}, seed ${options.seed}\n`);
    const describeNode = (id: string): string => {
      const { stderr } = hosts.tail(id);
      return stderr.length ? `last lines of ${id}'s stderr:\n  ${stderr.slice(-10).join('\n  ')}` : `${id} wrote nothing on stderr`;
    };
    const schedule = faults ? faultSchedule(faults, options.nodes) : undefined;
    const outcome = await runTest(options, { clock, hosts, random: createRandom(options.seed), onProgress: (p) => progress.update(p), describeNode, faults: schedule });
    progress.clear();
    return await finishRun('test', options, withStableOutside(outcome, options), runDir, faults ? [`--faults ${faults}`] : []);
  } finally {
    progress.clear();
    await hosts.stopAll();
  }
}

function takeFlag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i];
  if (arg.includes('=')) {
    argv.splice(i, 1);
    return arg.slice(name.length + 1);
  }
  const value = argv[i + 1];
  if (value === undefined) throw new UsageError(`${name} needs a value`);
  argv.splice(i, 2);
  return value;
}

async function runSim(input: string[]): Promise<number> {
  const argv = [...input];
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(simHelp);
    return 0;
  }
  const seedsText = takeFlag(argv, '--seeds');
  const faultsText = takeFlag(argv, '--faults') ?? 'none';
  const options = parseTestOptions(argv, { requireBin: false }) as TestOptions;
  if (faultsText !== 'all') checkFaults(faultsText, options);
  let config;
  try {
    config = configFromEnv(process.env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const faultsFor = (seed: number): FaultSpec =>
    faultsText === 'all' ? faultNames[seed % faultNames.length] : (faultsText as FaultSpec);

  if (!seedsText) {
    const faults = faultsFor(options.seed);
    const outcome = await simulate(options, { seed: options.seed, faults, config });
    const runDir = createRunDir(options.storeDir, options.workload);
    return finishRun('sim', options, outcome, runDir, faults !== 'none' ? [`--faults ${faults}`] : []);
  }

  const match = /^(\d+)\.\.(\d+)$/.exec(seedsText);
  if (!match || Number(match[1]) > Number(match[2])) throw new UsageError('--seeds must be a range A..B of whole numbers with A ≤ B');
  const [from, to] = [Number(match[1]), Number(match[2])];
  let failures = 0;
  const started = performance.now();
  for (let seed = from; seed <= to; seed++) {
    const faults = faultsFor(seed);
    const outcome = await simulate({ ...options, seed }, { seed, faults, config });
    const valid = outcome.results?.['valid?'];
    if (valid !== true) {
      failures++;
      const lost = (outcome.results?.workload as { 'lost-count'?: number } | undefined)?.['lost-count'];
      const why = outcome.error ?? `valid? ${String(valid)}${lost !== undefined ? `, lost ${lost}` : ''}`;
      process.stdout.write(`seed ${seed} (${faults}) failed: ${why}\n  replay: ${describeCommand('sim', { ...options, seed }, faults !== 'none' ? [`--faults ${faults}`] : [])}\n`);
    }
  }
  const total = to - from + 1;
  process.stdout.write(`${total - failures} of ${total} seeds valid, ${failures} failed (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return failures > 0 ? 1 : 0;
}
