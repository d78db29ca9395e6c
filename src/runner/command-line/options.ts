// The flags of `ygossip test` and `ygossip sim`, in one table: Maelstrom's names and defaults
// (Maelstrom's core.clj option specs) plus ours (--seed, --json, --store, and the simulation's --seeds,
// --faults and --disk-faults), parsed into plain TestOptions or a UsageError naming the flag; and the command
// line that replays a run.
import { readFileSync } from 'node:fs';
import type { NodeId } from '../../maelstrom/message.js';
import { extraFaults, parseExtraFault, type NemesisFault } from '../nemesis/index.js';
import { latencyDists, validateLatency, type LatencyDist } from '../net/network.js';
import { topologyKinds } from '../net/topology.js';
import { randomSeed } from '../base/random.js';
import { diskFaultKinds, type DiskFaultKind, type TestOptions } from '../run/test-options.js';
import { defaultWorkloadOptions, workloadNames, workloadProblem, type WorkloadName, type WorkloadOptions } from '../workloads/index.js';

export type Command = 'test' | 'sim' | 'check';

// What the flags parse into, for callers that parse and then run.
export type { TestOptions, DiskFaultKind } from '../run/test-options.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

const defaultNodes: readonly NodeId[] = ['n1', 'n2', 'n3', 'n4', 'n5'];
const services = new Set(['lin-kv', 'seq-kv', 'lww-kv', 'lin-tso']);

interface FlagSpec {
  names: readonly string[];
  /** The commands that take it; test and sim when absent. */
  only?: readonly Command[];
  /** Placeholder for the value; absent for a boolean flag. */
  value?: string;
  defaultText: string;
  help: string;
}

const all: readonly Command[] = ['test', 'sim', 'check'];

const flagSpecs: readonly FlagSpec[] = [
  { names: ['--bin'], only: ['test'], value: 'FILE', defaultText: 'required', help: 'node binary to test' },
  { names: ['-w', '--workload'], only: all, value: 'NAME', defaultText: 'required', help: `workload: ${workloadNames.join(', ')}` },
  { names: ['--node-count'], value: 'N', defaultText: 'unset', help: 'run N nodes named n0..n(N-1); overrides the node list' },
  { names: ['--nodes'], value: 'LIST', defaultText: 'n1,n2,n3,n4,n5', help: 'comma-separated node ids' },
  { names: ['-n', '--node'], value: 'ID', defaultText: 'none', help: 'a node id; repeatable' },
  { names: ['--nodes-file'], value: 'FILE', defaultText: 'none', help: 'file of node ids, one per line' },
  { names: ['--time-limit'], value: 'SECONDS', defaultText: '60', help: 'length of the main phase (positive integer)' },
  { names: ['--rate'], value: 'RATE', defaultText: '5', help: 'client requests per second, all clients together (0 = none)' },
  { names: ['--concurrency'], value: 'C', defaultText: '1n', help: 'client threads: an integer, or an integer followed by n (times the node count)' },
  { names: ['--latency'], value: 'MS', defaultText: '0', help: 'mean latency between nodes, integer ms (clients have none)' },
  { names: ['--latency-dist'], value: 'DIST', defaultText: 'constant', help: `latency distribution: ${latencyDists.join(', ')}` },
  { names: ['--nemesis'], value: 'FAULTS', defaultText: 'none', help: "comma-separated faults: partition (Maelstrom's), kill, pause (Jepsen's)" },
  { names: ['--nemesis-interval'], value: 'SECONDS', defaultText: '10', help: 'mean seconds between nemesis operations' },
  { names: ['--topology'], value: 'KIND', defaultText: 'grid', help: `broadcast topology: ${topologyKinds.join(', ')}` },
  { names: ['--availability'], only: all, value: 'A', defaultText: 'none', help: "fraction of requests that must succeed: 'total' or a number in [0, 1]" },
  { names: ['--key-count'], only: all, value: 'N', defaultText: '10 (Elle)', help: 'keys in play at once (kafka, txn workloads)' },
  { names: ['--max-txn-length'], only: all, value: 'N', defaultText: '4', help: 'most micro-operations in a transaction (txn workloads)' },
  {
    names: ['--max-writes-per-key'],
    only: all,
    value: 'N',
    defaultText: '16',
    help: 'writes to a key before it is replaced by a fresh one (kafka, txn workloads)',
  },
  {
    names: ['--consistency-models'],
    only: all,
    value: 'MODELS',
    defaultText: 'strict-serializable',
    help: "models to check (txn workloads); as Maelstrom, only ' , ' (spaces around the comma) separates two",
  },
  { names: ['--log-stderr'], defaultText: 'off', help: "copy the nodes' stderr to the console" },
  { names: ['--test-count'], value: 'K', defaultText: '1', help: 'run K tests, stopping at the first invalid one' },
  { names: ['--seed'], value: 'INT', defaultText: 'random', help: 'seed for every random choice; printed so a run can be replayed' },
  { names: ['--json'], only: all, defaultText: 'off', help: 'print results as JSON instead of a summary' },
  { names: ['--store'], value: 'DIR', defaultText: 'store', help: 'directory results are written under' },
  {
    names: ['--seeds'],
    only: ['sim'],
    value: 'A..B',
    defaultText: 'none',
    help: 'one run per seed from A to B; prints each failing seed with its replay command',
  },
  {
    names: ['--faults'],
    value: 'NAME',
    defaultText: 'none',
    help: `ygossip's faults beyond Maelstrom's: ${extraFaults.join(', ')}, isolated:<node> (cut off for the whole main phase; the summary then gives the stable latency among the others), or all (one by seed)`,
  },
  {
    names: ['--disk-faults'],
    only: ['sim'],
    value: 'KINDS',
    defaultText: 'none',
    help: "the simulated disk's faults, by seed: torn (a kill tears the write in flight), zeroed (a kill leaves zeros in its place), fsync (a write's sync fails: the node restarts from its log), comma-separated, or all",
  },
  { names: ['-h', '--help'], only: all, defaultText: '', help: 'show this help' },
];

/** The options part of `ygossip <command> --help`. */
export function optionsHelp(command: Command): string {
  return flagSpecs
    .filter((spec) => takes(spec, command))
    .map((spec) => {
      const left = `  ${spec.names.join(', ')}${spec.value ? ` ${spec.value}` : ''}`;
      const right = spec.defaultText ? `${spec.help} (default: ${spec.defaultText})` : spec.help;
      return `${left.padEnd(30)} ${right}`;
    })
    .join('\n');
}

export const testHelp: string = [
  'Usage: ygossip test --bin FILE -w WORKLOAD [options] [-- node args...]',
  '',
  "Runs a Maelstrom test against a node binary, with Maelstrom's options and defaults.",
  'Arguments that are not options are passed to every node.',
  '',
  'Options:',
  optionsHelp('test'),
  '',
].join('\n');

function takes(spec: FlagSpec, command: Command): boolean {
  return (spec.only ?? ['test', 'sim']).includes(command);
}

const byName = new Map(flagSpecs.flatMap((spec) => spec.names.map((name) => [name, spec] as const)));

function usage(flag: string, message: string): UsageError {
  return new UsageError(`${flag} ${message}`);
}

function parseInteger(flag: string, text: string, min: number, what: string): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw usage(flag, `must be ${what}, got ${JSON.stringify(text)}`);
  return value;
}

function parseNumber(flag: string, text: string, what: string, ok: (value: number) => boolean): number {
  const value = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || !ok(value)) throw usage(flag, `must be ${what}, got ${JSON.stringify(text)}`);
  return value;
}

function parseNodeList(flag: string, ids: string[]): NodeId[] {
  for (const id of ids) {
    if (id === '') throw usage(flag, 'must not contain an empty node id');
    if (id.startsWith('c')) throw usage(flag, `must not name ${JSON.stringify(id)}: ids starting with c are clients`);
    if (services.has(id)) throw usage(flag, `must not name ${JSON.stringify(id)}: that is a Maelstrom service`);
  }
  return ids;
}

type Values = Map<string, string[]>;

/** argv after the subcommand. Maelstrom's defaults. Returns 'help' for -h/--help. */
export function parseOptions(command: Command, argv: string[]): TestOptions | 'help' {
  const tokens = tokenize(command, argv);
  if (tokens === 'help') return 'help';
  const { values, args } = tokens;
  // A repeated flag keeps its last value, as Jepsen's parser does; only --node accumulates.
  const last = (key: string): string | undefined => values.get(key)?.at(-1);
  const workload = parseWorkload(last('--workload'));
  const bin = last('--bin') ?? '';
  if (bin === '' && command === 'test') throw usage('--bin', 'is required: the path of the node binary to test');
  const nodes = resolveNodes(values, last('--node-count'));
  const duplicate = nodes.find((node, k) => nodes.indexOf(node) !== k);
  if (duplicate !== undefined) throw usage('--nodes', `must not repeat a node id, ${JSON.stringify(duplicate)} appears twice`);
  const storeDir = last('--store') ?? 'store';
  if (storeDir === '') throw usage('--store', 'must be a directory path, got ""');
  const seedText = last('--seed');
  const options: TestOptions = {
    workload,
    bin,
    args,
    nodes,
    timeLimit: parseInteger('--time-limit', last('--time-limit') ?? '60', 1, 'a positive integer (seconds)'),
    rate: parseNumber('--rate', last('--rate') ?? '5', 'a non-negative number (requests per second)', () => true),
    concurrency: parseConcurrency(last('--concurrency') ?? '1n', nodes.length),
    ...parseLatency(last('--latency') ?? '0', last('--latency-dist') ?? 'constant'),
    nemesis: parseNemesis(last('--nemesis')),
    nemesisInterval: parseNumber('--nemesis-interval', last('--nemesis-interval') ?? '10', 'a positive number (seconds)', (x) => x > 0),
    topology: oneOf('--topology', last('--topology') ?? 'grid', topologyKinds),
    logStderr: values.has('--log-stderr'),
    testCount: parseInteger('--test-count', last('--test-count') ?? '1', 1, 'a positive integer'),
    seed: seedText === undefined ? randomSeed() : parseInteger('--seed', seedText, Number.MIN_SAFE_INTEGER, 'an integer'),
    json: values.has('--json'),
    storeDir,
    ...parseWorkloadFlags(last),
  };
  const availability = parseAvailability(last('--availability'));
  if (availability !== undefined) options.availability = availability;
  Object.assign(options, parseSimFlags(last('--seeds'), last('--faults'), nodes));
  const problem = workloadProblem(workload, options);
  if (problem !== undefined) throw new UsageError(problem);
  const diskFaults = last('--disk-faults');
  if (diskFaults !== undefined) options.diskFaults = parseDiskFaults(diskFaults);
  return options;
}

function parseAvailability(text: string | undefined): 'total' | number | undefined {
  if (text === undefined) return undefined;
  return text === 'total' ? 'total' : parseNumber('--availability', text, "'total' or a number between 0 and 1", (x) => x <= 1);
}

/** `ygossip check`: the histories to check and what to check them as. */
export interface CheckOptions extends Partial<Omit<WorkloadOptions, 'nodes' | 'concurrency' | 'latency'>> {
  /** Absent: inferred per history (test.json, Maelstrom's store layout, the ops). */
  workload?: WorkloadName;
  /** Absent: the run's own (test.json), else none. */
  availability?: 'total' | number;
  json: boolean;
  /** History files and folders (a run's, or a store of many runs). */
  paths: string[];
}

export const checkHelp: string = [
  'Usage: ygossip check [options] PATH...',
  '',
  'Checks histories without running anything: a history file (history.jsonl written by',
  "ygossip test or sim, or Maelstrom's/Jepsen's history.edn), a run's results folder, or a",
  'folder of many runs (every run folder under it). Prints a verdict per history and a total;',
  'the exit status is the worst verdict, as for ygossip test (an unreadable history: 255).',
  '',
  'Options:',
  optionsHelp('check'),
  '',
].join('\n');

export function parseCheckOptions(argv: string[]): CheckOptions | 'help' {
  const tokens = tokenize('check', argv);
  if (tokens === 'help') return 'help';
  const { values, args } = tokens;
  const last = (key: string): string | undefined => values.get(key)?.at(-1);
  if (args.length === 0) throw new UsageError('name at least one history file or results folder to check');
  const workload = last('--workload');
  const availability = parseAvailability(last('--availability'));
  return {
    ...(workload !== undefined ? { workload: oneOf('-w/--workload', workload, workloadNames) } : {}),
    ...(availability !== undefined ? { availability } : {}),
    json: values.has('--json'),
    paths: args,
    // Only the flags given: the others come from the run's own test.json, or the defaults.
    ...Object.fromEntries(Object.entries(parseWorkloadFlags(last)).filter(([key]) => values.has(workloadFlagOf[key]))),
  };
}

const workloadFlagOf: Record<string, string> = {
  keyCount: '--key-count',
  maxTxnLength: '--max-txn-length',
  maxWritesPerKey: '--max-writes-per-key',
  consistencyModels: '--consistency-models',
};

/** Maelstrom's workload flags (core.clj opt-spec): positive integers, and the models split on ' , ' only. */
function parseWorkloadFlags(last: (key: string) => string | undefined): Omit<WorkloadOptions, 'nodes' | 'concurrency' | 'latency'> {
  const positive = (flag: string, fallback: number): number => parseInteger(flag, last(flag) ?? String(fallback), 1, 'a positive integer');
  const keyCount = last('--key-count');
  const models = last('--consistency-models');
  return {
    ...(keyCount !== undefined ? { keyCount: parseInteger('--key-count', keyCount, 1, 'a positive integer') } : {}),
    maxTxnLength: positive('--max-txn-length', defaultWorkloadOptions.maxTxnLength),
    maxWritesPerKey: positive('--max-writes-per-key', defaultWorkloadOptions.maxWritesPerKey),
    // Maelstrom validates nothing here: a name it does not know fails the checker later.
    consistencyModels: models !== undefined ? models.split(/\s+,\s+/) : [...defaultWorkloadOptions.consistencyModels],
  };
}

/** Flags and their values, positional arguments apart; refuses flags the command does not take. */
function tokenize(command: Command, argv: string[]): { values: Values; args: string[] } | 'help' {
  const values: Values = new Map();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      args.push(token);
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = eq >= 0 ? token.slice(0, eq) : token;
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option ${name} (see ygossip ${command} --help)`);
    if (!takes(spec, command)) throw new UsageError(`${name} is an option of ygossip ${(spec.only ?? ['test', 'sim']).join(' and ')} only`);
    const key = spec.names[spec.names.length - 1];
    if (key === '--help') return 'help';
    let value = 'true';
    if (!spec.value) {
      if (eq >= 0) throw usage(key, 'takes no value');
    } else if (eq >= 0) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[++i];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw usage(key, `needs a value (${spec.value})`);
      value = next;
    }
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return { values, args };
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw usage(flag, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`);
  return text as T;
}

function parseWorkload(text: string | undefined): WorkloadName {
  // Maelstrom defaults to lin-kv, whose default concurrency cannot run: naming the workload is clearer.
  if (text === undefined) throw usage('-w/--workload', `is required: one of ${workloadNames.join(', ')}`);
  return oneOf('-w/--workload', text, workloadNames);
}

function parseConcurrency(text: string, nodeCount: number): number {
  const match = /^(\d+)(n?)$/.exec(text);
  const concurrency = match ? Number(match[1]) * (match[2] === 'n' ? nodeCount : 1) : NaN;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw usage('--concurrency', `must be a positive integer, optionally followed by n (e.g. 2n), got ${JSON.stringify(text)}`);
  }
  return concurrency;
}

function parseLatency(latencyText: string, distText: string): { latency: number; latencyDist: LatencyDist } {
  const latency = parseInteger('--latency', latencyText, 0, 'a non-negative integer (ms)');
  const latencyDist = oneOf('--latency-dist', distText, latencyDists);
  if (validateLatency(latency, latencyDist) !== undefined) {
    throw usage('--latency-dist', `${latencyDist} needs --latency above 0 (Maelstrom would ${latencyDist === 'uniform' ? 'hang' : 'crash'})`);
  }
  return { latency, latencyDist };
}

const nemesisFaults: readonly NemesisFault[] = ['partition', 'kill', 'pause'];

function parseNemesis(text: string | undefined): NemesisFault[] {
  if (text === undefined) return [];
  const faults = new Set<NemesisFault>();
  for (const fault of text.split(/\s*,\s*/)) {
    if (!(nemesisFaults as readonly string[]).includes(fault)) {
      throw usage('--nemesis', `must be a comma-separated list of: ${nemesisFaults.join(', ')}; got ${JSON.stringify(fault)}`);
    }
    faults.add(fault as NemesisFault);
  }
  return nemesisFaults.filter((f) => faults.has(f));
}

function parseDiskFaults(text: string): DiskFaultKind[] {
  if (text === 'all') return [...diskFaultKinds];
  const kinds = new Set<DiskFaultKind>();
  for (const kind of text.split(/\s*,\s*/)) {
    if (!(diskFaultKinds as readonly string[]).includes(kind))
      throw usage('--disk-faults', `must be all or a comma-separated list of: ${diskFaultKinds.join(', ')}; got ${JSON.stringify(kind)}`);
    kinds.add(kind as DiskFaultKind);
  }
  return diskFaultKinds.filter((k) => kinds.has(k));
}

function parseSimFlags(seedsText: string | undefined, faults: string | undefined, nodes: readonly NodeId[]): Partial<TestOptions> {
  const sim: Partial<TestOptions> = {};
  if (seedsText !== undefined) {
    const match = /^(\d+)\.\.(\d+)$/.exec(seedsText);
    if (!match || Number(match[1]) > Number(match[2])) throw usage('--seeds', 'must be a range A..B of whole numbers with A ≤ B');
    sim.seeds = [Number(match[1]), Number(match[2])];
  }
  if (faults !== undefined && faults !== 'all') {
    try {
      parseExtraFault(faults);
    } catch (e) {
      throw usage('--faults', `${(e as Error).message}: one of ${extraFaults.join(', ')}, isolated:<node>, or all`);
    }
    const victim = faults.startsWith('isolated:') ? faults.slice('isolated:'.length) : undefined;
    if (victim !== undefined && !nodes.includes(victim)) throw usage('--faults', `isolated:${victim} names no node of this test (${nodes.join(', ')})`);
  }
  if (faults !== undefined) sim.faults = faults;
  return sim;
}

// Maelstrom's precedence: --node-count wins; else --nodes-file, --nodes and --node merged in
// that order; else n1..n5.
function resolveNodes(values: Map<string, string[]>, nodeCountText: string | undefined): NodeId[] {
  if (nodeCountText !== undefined) {
    const count = parseInteger('--node-count', nodeCountText, 1, 'a positive integer');
    return Array.from({ length: count }, (_, k) => `n${k}`);
  }
  const merged: NodeId[] = [];
  const file = values.get('--nodes-file')?.at(-1);
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw usage('--nodes-file', `must be a readable file of node ids, one per line: ${(error as Error).message}`);
    }
    const ids = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (ids.length === 0) throw usage('--nodes-file', `must list at least one node id, ${file} has none`);
    merged.push(...parseNodeList('--nodes-file', ids));
  }
  const list = values.get('--nodes')?.at(-1);
  if (list !== undefined) merged.push(...parseNodeList('--nodes', list.split(/,\s*/)));
  merged.push(...parseNodeList('-n/--node', values.get('--node') ?? []));
  return merged.length > 0 ? merged : [...defaultNodes];
}

/**
 * The command line that replays a run: the YGOSSIP_* settings the nodes ran with, every option
 * that shapes the run, the seed, paths quoted.
 */
export function replayCommand(command: Command, options: TestOptions, env: NodeJS.ProcessEnv = process.env): string {
  const settings = Object.entries(env)
    .filter(([name]) => name.startsWith('YGOSSIP_'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value ? shellQuote(value) : ''} `)
    .join('');
  const parts = [`${settings}ygossip ${command} -w ${options.workload}`];
  if (options.bin) parts.push(`--bin ${shellQuote(options.bin)}`);
  parts.push(`--nodes ${options.nodes.join(',')}`, `--time-limit ${options.timeLimit}`, `--rate ${options.rate}`);
  parts.push(`--concurrency ${options.concurrency}`, `--latency ${options.latency}`, `--latency-dist ${options.latencyDist}`);
  if (options.nemesis.length) parts.push(`--nemesis ${options.nemesis.join(',')}`, `--nemesis-interval ${options.nemesisInterval}`);
  if (options.workload === 'broadcast') parts.push(`--topology ${options.topology}`);
  if (options.availability !== undefined) parts.push(`--availability ${options.availability}`);
  parts.push(...workloadFlags(options));
  if (options.faults !== undefined && options.faults !== 'none') parts.push(`--faults ${shellQuote(options.faults)}`);
  if (command === 'sim' && options.diskFaults?.length) parts.push(`--disk-faults ${options.diskFaults.join(',')}`);
  parts.push(`--seed ${options.seed}`);
  if (options.args.length > 0) parts.push('--', ...options.args.map(shellQuote));
  return parts.join(' ');
}

/** The workload flags that differ from Maelstrom's defaults. */
function workloadFlags(options: TestOptions): string[] {
  const flags: string[] = [];
  if (options.keyCount !== undefined) flags.push(`--key-count ${options.keyCount}`);
  if (options.maxTxnLength !== defaultWorkloadOptions.maxTxnLength) flags.push(`--max-txn-length ${options.maxTxnLength}`);
  if (options.maxWritesPerKey !== defaultWorkloadOptions.maxWritesPerKey) flags.push(`--max-writes-per-key ${options.maxWritesPerKey}`);
  const models = options.consistencyModels.join(' , ');
  if (models !== defaultWorkloadOptions.consistencyModels.join(' , ')) flags.push(`--consistency-models ${shellQuote(models)}`);
  return flags;
}

/** A word the shell reads back unchanged: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  // Inside single quotes only a quote needs care: close, an escaped quote, reopen.
  const closeEscapeReopen = "'\\''";
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", closeEscapeReopen)}'`;
}
