// `npm run bench`: runs the scenarios in bench/scenarios.ts with the real runner (spawned
// processes, real time), takes medians over repeats, and writes docs/BENCHMARKS.md with the
// commands, the machine and the date. `npm run bench -- efficiency curve` runs some groups.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { kafkaCheckerChild, kafkaCheckerSection } from './kafka-checker.js';
import { kafkaSection } from './kafka.js';
import { scenarios, type Scenario } from './scenarios.js';
import { gossipSim } from './gossip-sim.js';
import { txnCheckerBench } from './txn-checker.js';
import { txnBench } from './txn.js';
import { crashSweepArgs, diskFaultSweeps } from './disk-faults.js';
import { serverBytesTimeline } from '../src/runner/checkers/net.js';
import type { JournalEvent } from '../src/runner/records/journal.js';
import { pairOps } from '../src/runner/checkers/op-pairs.js';
import type { Op } from '../src/runner/records/history.js';
import { linearizabilityBench } from './linearizability/bench.js';
import { maelstromDemosSection } from './maelstrom-demos.js';
import { nodeAddsSection } from './node-adds.js';
import { simSpeedSection } from './sim-speed.js';
import { runCandidateChild, storeCandidatesSection } from './store-candidates.js';

interface Measured {
  valid: unknown;
  lost?: number;
  msgsPerOp?: number;
  median?: number;
  max?: number;
  bytesPerOp?: number;
  finalReads?: unknown;
  /** Stable latency among the nodes outside an isolation fault (`--faults isolated:NODE`). */
  outside?: { excluded: string[]; median?: number; max?: number };
  /** The client's wait for an op's ok (invoke to ok), ms: broadcast, or the scenario's op. */
  opLatency?: { median?: number; max?: number };
  /** Client operations invoked per second of the main phase. */
  opsPerS?: number;
  /** The runner process's peak resident memory (VmHWM), MB. */
  runnerMb?: number;
  wallS: number;
  dir: string;
}

const root = resolve(import.meta.dirname ?? '.', '..');
const median = (xs: number[]): number | undefined => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : undefined;
};

/** This checkout's runner, or for a baseline scenario the one in BASELINE_DIR (an older checkout,
 *  built: `git worktree add /tmp/old <commit> && (cd /tmp/old && npm ci)`). */
function ygossipBin(scenario: Scenario): string {
  if (!scenario.baseline) return join(root, 'bin/ygossip');
  const dir = process.env.BASELINE_DIR;
  if (!dir) throw new Error(`${scenario.group}: set BASELINE_DIR to an older checkout to compare with`);
  return join(resolve(dir), 'bin/ygossip');
}

/** Runs `ygossip test`, sampling the runner's memory high-water mark until it exits. */
/** The nodes' environment: durable by default (the runner gives each run a data directory in its
 *  results folder); a scenario's YGOSSIP_DATA_DIR='' keeps them in memory. */
function nodeEnv(scenario: Scenario): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...scenario.env };
  if (scenario.env?.YGOSSIP_DATA_DIR === undefined) delete env.YGOSSIP_DATA_DIR;
  return env;
}

async function runOnce(scenario: Scenario): Promise<Measured> {
  const store = mkdtempSync(join(tmpdir(), 'ygossip-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, [ygossipBin(scenario), 'test', ...scenario.args, '--json', '--store', store], {
    cwd: root,
    env: nodeEnv(scenario),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  let peakKb = 0;
  const sample = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // Exited between samples.
    }
  }, 100);
  await new Promise((resolve) => child.once('exit', resolve));
  clearInterval(sample);
  const wallS = (performance.now() - started) / 1000;
  const dir = join(store, readlinkSync(join(store, 'latest')));
  const runnerMb = peakKb > 0 ? peakKb / 1024 : undefined;
  if (!existsSync(join(dir, 'results.json'))) {
    return { valid: `error: ${stderr.split('\n').filter(Boolean).slice(-3).join(' ')}`, wallS, dir, runnerMb };
  }
  return { ...measure(dir, clientOp(scenario)), wallS, dir, runnerMb };
}

/** The operation whose invoke-to-ok wait a scenario reports. */
function clientOp(scenario: Scenario): string {
  return typeof scenario.clientLatency === 'string' ? scenario.clientLatency : 'broadcast';
}

function measure(dir: string, op: string): Omit<Measured, 'wallS' | 'dir'> {
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  const test = JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8'));
  const w = results.workload ?? {};
  // Completions by the end of the test, less the final reads: the main phase's operations.
  const invocations = (results.stats?.count ?? 0) - (results.convergence ? test.concurrency : 0);
  return {
    valid: results['valid?'],
    lost: w['lost-count'],
    msgsPerOp: results.net?.servers?.['msgs-per-op'],
    bytesPerOp: results.net?.servers?.['bytes-per-op'],
    median: w['stable-latencies']?.['0.5'],
    max: w['stable-latencies']?.['1'],
    opsPerS: invocations / test.timeLimit,
    outside: results['stable-outside']
      ? {
          excluded: results['stable-outside'].excluded,
          median: results['stable-outside']['stable-latencies']?.['0.5'],
          max: results['stable-outside']['stable-latencies']?.['1'],
        }
      : undefined,
    opLatency: opLatency(dir, op),
    finalReads: w['final-reads'] ? `${w['final-reads'][0]} ×${w['final-reads'].length}, acceptable ${JSON.stringify(w.acceptable)}` : undefined,
  };
}

/** The run's history, as the results folder keeps it. */
function readHistory(dir: string): Op[] {
  return readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Op);
}

/** Invoke-to-ok latency of the history's operations named `op`. */
function opLatency(dir: string, op: string): { median?: number; max?: number } {
  const waits = pairOps(readHistory(dir))
    .filter(({ invoke, complete }) => invoke.f === op && complete?.type === 'ok')
    .map(({ invoke, complete }) => (complete!.time - invoke.time) / 1e6)
    .sort((a, b) => a - b);
  return { median: median(waits), max: waits.at(-1) };
}

function bytesFlatness(dir: string): string {
  const journal: JournalEvent[] = readFileSync(join(dir, 'net-journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const history = readHistory(dir);
  // Ops per 10 s window (client invocations), to turn bytes per window into bytes per op.
  const windows = serverBytesTimeline(journal, 10_000);
  const firstRecv = journal.length ? journal[0].time : 0;
  const opsIn = (startMs: number): number =>
    history.filter(
      (op) =>
        op.type === 'invoke' && op.process !== 'nemesis' && op.time / 1e6 + firstRecv / 1e6 >= startMs && op.time / 1e6 + firstRecv / 1e6 < startMs + 10_000,
    ).length;
  const rows = windows
    .filter((w) => w.msgs > 0)
    .map((w) => {
      const ops = opsIn(w['start-ms']);
      return `| ${(w['start-ms'] / 1000).toFixed(0)}–${(w['start-ms'] / 1000 + 10).toFixed(0)} s | ${w.msgs} | ${w.bytes} | ${ops} | ${ops ? (w.bytes / ops).toFixed(0) : '—'} |`;
    });
  return ['| window | server msgs | server bytes | client ops | bytes per op |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Runs `ygossip sim` on this checkout in a fresh store; its stdout. */
function sim(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return simRun(args, env).stdout;
}

function simRun(args: string[], env: NodeJS.ProcessEnv = process.env): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/ygossip'), 'sim', ...args, '--store', mkdtempSync(join(tmpdir(), 'ygossip-sim-'))], {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The last lines of a sweep's output: its summary (and the outside line, when there is one). */
const lastLines = (stdout: string, n = 1): string => stdout.trim().split('\n').slice(-n).join('; ');

function simTiming(): string {
  const args = ['-w', 'broadcast', '--node-count', '25', '--time-limit', '20', '--rate', '100', '--latency', '100', '--nemesis', 'partition', '--json'];
  const times: number[] = [];
  const runs: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const t = performance.now();
    const { stderr } = simRun([...args, '--seed', String(seed)]);
    times.push((performance.now() - t) / 1000);
    // `ygossip sim` says how long the run itself took (with --json, on stderr).
    const run = /^Run: ([\d.]+) s/m.exec(stderr);
    runs.push(run ? Number(run[1]) : NaN);
  }
  const sweepStart = performance.now();
  const sweep = sim(
    '-w broadcast --node-count 5 --time-limit 10 --rate 50 --latency 50 --nemesis partition --nemesis-interval 2 --faults all --seeds 1..200'.split(' '),
  );
  const sweepS = (performance.now() - sweepStart) / 1000;
  return [
    `Command: \`bin/ygossip sim ${args.join(' ')} --seed N\` (seeds 1–5, whole process including start-up and writing the results folder)`,
    '',
    `Wall time per run: median ${median(times)!.toFixed(2)} s (runs: ${times.map((t) => t.toFixed(2)).join(', ')}); the same test on real time takes about 31 s. The run itself (simulation and checkers, as \`ygossip sim\` prints it, without start-up and the results folder): median ${median(runs)?.toFixed(2) ?? '—'} s (runs: ${runs.map((t) => t.toFixed(2)).join(', ')}).`,
    '',
    `Sweep: \`bin/ygossip sim -w broadcast --node-count 5 --time-limit 10 --rate 50 --latency 50 --nemesis partition --nemesis-interval 2 --faults all --seeds 1..200\`: ${lastLines(sweep)} (${sweepS.toFixed(1)} s wall).`,
    '',
    crashSweeps(),
    '',
    isolationSweeps(),
    '',
    gossipSweep(),
  ].join('\n');
}

/** The first hub (n0) and an ordinary node cut off for the whole main phase, 100 seeds each:
 *  valid, 0 lost, and how fast the others spread values among themselves. */
function isolationSweeps(): string {
  const args = ['-w', 'broadcast', '--node-count', '25', '--time-limit', '20', '--rate', '100', '--latency', '100', '--seeds', '1..100'];
  const healthy = [1, 2, 3].map((seed) => JSON.parse(sim([...args.slice(0, -2), '--seed', String(seed), '--json'])).workload?.['stable-latencies']?.['0.5']);
  const rows = ['n0', 'n12'].map((victim) => `| ${victim} | ${lastLines(sim([...args, '--faults', `isolated:${victim}`]), 2)} |`);
  return [
    `One node cut off for the whole main phase: \`bin/ygossip sim ${args.join(' ')} --faults isolated:NODE\` (default profile; the stable p50 without a fault, seeds 1–3: ${healthy.join(', ')} ms):`,
    '',
    '| node cut off | result |',
    '|---|---|',
    ...rows,
  ].join('\n');
}

/** The gossip profile under every extra fault schedule of the simulation, by seed. */
function gossipSweep(): string {
  const env = { ...process.env, YGOSSIP_PROFILE: 'gossip' };
  const rows = ['grid', 'line', 'tree4'].map((topology) => {
    const args = [
      ...'-w broadcast --node-count 10 --time-limit 10 --rate 50 --latency 50 --topology'.split(' '),
      topology,
      ...'--nemesis partition --nemesis-interval 2 --faults all --seeds 1..200'.split(' '),
    ];
    return `| ${topology} | \`YGOSSIP_PROFILE=gossip bin/ygossip sim ${args.join(' ')}\` | ${lastLines(sim(args, env))} |`;
  });
  return [
    'The gossip profile under partitions and every extra fault schedule (one by seed):',
    '',
    '| topology | command | result |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Kill, pause and partition over 200 seeds per workload, with the simulated disk and without. */
function crashSweeps(): string {
  const args = crashSweepArgs;
  const rows = ['broadcast', 'g-set', 'g-counter', 'pn-counter'].flatMap((workload) =>
    [true, false].map((durable) => {
      const env: NodeJS.ProcessEnv = { ...process.env, YGOSSIP_DATA_DIR: '' };
      if (durable) delete env.YGOSSIP_DATA_DIR;
      const out = sim(['-w', workload, ...args], env);
      const lost = out.split('\n').filter((l) => / lost [1-9]/.test(l)).length;
      return `| ${workload} | ${durable ? 'simulated disk (default)' : 'memory (`YGOSSIP_DATA_DIR=`)'} | ${lastLines(out)} | ${lost} |`;
    }),
  );
  return [
    `Kills, pauses and partitions: \`bin/ygossip sim -w WORKLOAD ${args.join(' ')}\` (Jepsen's stats checker, as in Maelstrom, fails a run in which no operation of some kind succeeded: a seed failed by it alone is one where the nemesis, which targets all nodes at times, kept the whole cluster killed or paused for most of the run; the workload checker, which sees lost values, is the one that judges the node):`,
    '',
    '| workload | nodes keep their store on | result | seeds with lost elements |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function fmt(x: number | undefined, digits = 0): string {
  return x === undefined ? '—' : x.toFixed(digits);
}

const titles: Record<string, string> = {
  calibration: "Runner calibration against Maelstrom's published figures (test fixtures B2/B3)",
  runner: 'The runner itself: operations per second and memory',
  challenge: 'Gossip Glomers challenge settings',
  efficiency: 'Efficiency targets (25 nodes, rate 100, latency 100, 20 s)',
  curve: 'The batching curve (YGOSSIP_BATCH_MS, default profile)',
  bytes: 'Bytes stay flat as the set grows (60 s, rate 100)',
  scale: 'Scale (latency 100, partitions)',
  hubless: 'No node the others cannot live without (25 nodes, rate 100, latency 100, one node isolated for the whole main phase)',
  'gossip-frontier': "The gossip profile's frontier beside the seed's design (25 nodes, grid, rate 100, latency 100, 20 s)",
  stability: '100 nodes, five runs in a row (default profile, rate 100, latency 100)',
  'gossip-sim': 'The gossip profile and 100 nodes in the simulation (ygossip sim, exact and replayable)',
  workloads: 'g-set, g-counter, pn-counter',
  services: "Maelstrom's services add no floor: a lin-kv proxy beside broadcast at rate 2000",
  durability: 'The cost of durability (25 nodes, rate 100, latency 100, 20 s; with and without YGOSSIP_DATA_DIR)',
  sim: 'Simulation speed (ygossip sim, virtual time)',
  'kafka-checker': 'The kafka checker on 5c-like histories (time and memory)',
  kafka: 'Kafka logs (Gossip Glomers 5a–5c): bin/kafka beside a lin-kv baseline',
  'txn-checker': 'The transactional checker (Elle as Maelstrom runs it) on 20,000 transactions',
  txn: 'Gossip Glomers 6a–6c: bin/txn-rw-register, and what the checker finds under stronger models',
  linearizability: 'The linearizability checker beside Porcupine',
  'disk-faults': 'Kills, pauses, partitions and a failing disk (ygossip sim --disk-faults all, 200 seeds per workload)',
  store: "The store's representation: candidates in Yjs (issue 19)",
  'node-adds': 'One node driven over stdin: adds at 50k to 1M beside a plain Set (issue 19)',
  'sim-speed': 'The 25-node, 20 s simulation: wall, CPU and the run itself, before and after (issue 19)',
  'maelstrom-demos': "Maelstrom's own demo nodes under ygossip test (issues 20–22)",
  baseline: 'Before the runner was rebuilt (issues 9 and 10): the same scenarios on the older runner (BASELINE_DIR)',
};

const header =
  '| scenario | command | valid? | lost | servers msgs-per-op | stable p50 ms | stable max ms | server bytes/op | ops/s | runner peak MB | target (msgs / p50 / max) or published | runs |\n|---|---|---|---|---|---|---|---|---|---|---|---|';

/** Runs a scenario `repeat` times; returns its table row and the runs. */
async function runScenario(scenario: Scenario): Promise<{ row: string; runs: Measured[] }> {
  const runs: Measured[] = [];
  for (let i = 0; i < scenario.repeat; i++) {
    const m = await runOnce(scenario);
    runs.push(m);
    process.stderr.write(
      `${scenario.group} | ${scenario.name} | run ${i + 1}/${scenario.repeat}: valid ${m.valid}, lost ${m.lost ?? '—'}, msgs/op ${fmt(m.msgsPerOp, 3)}, p50 ${fmt(m.median)}, max ${fmt(m.max)}, ops/s ${fmt(m.opsPerS)}, runner ${fmt(m.runnerMb)} MB${m.outside ? `, outside p50 ${fmt(m.outside.median)} max ${fmt(m.outside.max)}` : ''} (${m.wallS.toFixed(0)} s)\n`,
    );
  }
  const env = scenario.env
    ? Object.entries(scenario.env)
        .map(([k, v]) => `${k}=${v} `)
        .join('')
    : '';
  const outside = runs[0].outside
    ? `outside ${runs[0].outside.excluded.join(',')}: p50 ${fmt(median(runs.map((r) => r.outside?.median ?? NaN)))} ms, max ${fmt(median(runs.map((r) => r.outside?.max ?? NaN)))} ms`
    : '';
  const client = scenario.clientLatency
    ? `${clientOp(scenario)}_ok after p50 ${fmt(median(runs.map((r) => r.opLatency?.median ?? NaN)), 1)} ms, max ${fmt(median(runs.map((r) => r.opLatency?.max ?? NaN)), 1)} ms`
    : '';
  const perRun = runs.map((r) => r.msgsPerOp ?? NaN);
  const spread = scenario.listRuns
    ? `msgs-per-op per run ${perRun.map((m) => fmt(m, 2)).join(', ')} (largest / smallest ${fmt(Math.max(...perRun) / Math.min(...perRun), 2)})`
    : '';
  const target = [
    outside,
    client,
    spread,
    scenario.target ? `≤ ${scenario.target.msgsPerOp} / ≤ ${scenario.target.median} / ≤ ${scenario.target.max}` : '',
    scenario.note ?? '',
  ]
    .filter(Boolean)
    .join('; ');
  const mid = (pick: (m: Measured) => number | undefined, digits = 0): string => fmt(median(runs.map((r) => pick(r) ?? NaN)), digits);
  const cells = [
    scenario.name,
    `\`${env}bin/ygossip test ${scenario.args.join(' ')}\``,
    runs.map((r) => String(r.valid)).join(', '),
    runs.map((r) => (r.lost === undefined ? '—' : String(r.lost))).join(', '),
    mid((r) => r.msgsPerOp, 3),
    mid((r) => r.median),
    mid((r) => r.max),
    mid((r) => r.bytesPerOp),
    mid((r) => r.opsPerS),
    mid((r) => r.runnerMb),
    target || (scenario.published ?? (runs[0].finalReads ? `final reads ${runs[0].finalReads}` : '')),
    String(runs.length),
  ];
  return { row: `| ${cells.join(' | ')} |`, runs };
}

/** Replaces the marked section of each group in docs/BENCHMARKS.md; other groups stay. */
function writeSections(sections: Map<string, string>): void {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const date = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // Not a checkout.
  }
  const file = join(root, 'docs', 'BENCHMARKS.md');
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench`.\n';
  for (const [group, body] of sections) {
    const start = `<!-- group:${group} -->`;
    const end = `<!-- /group:${group} -->`;
    const block = `${start}\n## ${titles[group] ?? group}\n\nMeasured ${date}, commit ${commit}, ${machine}.\n\n${body}\n${end}`;
    const i = doc.indexOf(start);
    const j = doc.indexOf(end);
    doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(file, doc.endsWith('\n') ? doc : `${doc}\n`);
  process.stderr.write(`wrote ${file}\n`);
}

async function main(): Promise<void> {
  const groups = process.argv.slice(2);
  // Baselines need an older checkout (BASELINE_DIR): they run only when asked for by name.
  const chosen = groups.length ? scenarios.filter((s) => groups.includes(s.group)) : scenarios.filter((s) => !s.baseline);
  const known = new Set([...scenarios.map((s) => s.group), ...Object.keys(moduleGroups)]);
  for (const g of groups) if (!known.has(g)) throw new Error(`unknown bench group ${g}; groups: ${[...known].join(', ')}`);
  const rows = new Map<string, string[]>();
  let bytesTable = '';
  for (const scenario of chosen) {
    const { row, runs } = await runScenario(scenario);
    if (scenario.group === 'bytes') bytesTable = bytesFlatness(runs[0].dir);
    rows.set(scenario.group, [...(rows.get(scenario.group) ?? []), row]);
  }
  const sections = new Map<string, string>();
  for (const [group, groupRows] of rows) {
    let body = `${[header, ...groupRows].join('\n')}\n`;
    if (group === 'bytes' && bytesTable) body += `\nPer 10 s window of the same run:\n\n${bytesTable}\n`;
    sections.set(group, body);
  }
  for (const [group, g] of Object.entries(moduleGroups)) {
    if (groups.includes(group) || (!groups.length && (g.whenAll?.() ?? true))) sections.set(group, `${(await g.run()).trimEnd()}\n`);
  }
  writeSections(sections);
}

/** Groups that measure one module rather than run scenarios; each writes its own section. */
interface ModuleGroup {
  run(): string | Promise<string>;
  /** Whether a plain `npm run bench` (no group named) runs it; always by default. */
  whenAll?: () => boolean;
}

const moduleGroups: Record<string, ModuleGroup> = {
  sim: { run: () => simTiming() },
  'gossip-sim': { run: () => gossipSim(sim) },
  'kafka-checker': { run: () => kafkaCheckerSection(process.argv[1]) },
  kafka: { run: () => kafkaSection() },
  'txn-checker': { run: () => txnCheckerBench() },
  txn: { run: () => txnBench(root) },
  // Needs a Porcupine checkout: run by name, or with the others when PORCUPINE_DIR is set.
  linearizability: { run: () => linearizabilityBench(root), whenAll: () => process.env.PORCUPINE_DIR !== undefined },
  'disk-faults': { run: () => diskFaultSweeps((args) => sim(args)) },
  store: { run: () => storeCandidatesSection(process.argv[1]) },
  'node-adds': { run: () => nodeAddsSection(root) },
  'sim-speed': { run: () => simSpeedSection(root) },
  // Needs a checkout of Maelstrom (its demo/): run by name, or with the others when MAELSTROM_DIR is set.
  'maelstrom-demos': { run: () => maelstromDemosSection(root), whenAll: () => process.env.MAELSTROM_DIR !== undefined },
};

// Some groups measure in a process of their own: this same bundle, re-run with a flag.
if (process.argv[2] === '--store-candidate') runCandidateChild(process.argv.slice(3));
else if (!kafkaCheckerChild(process.argv)) await main();
