// `ygossip test` flags: Maelstrom's names and defaults (maelstrom-spec §4.2, §4.3) plus ours
// (--seed, --json, --store), parsed into plain TestOptions or a UsageError naming the flag.
import { readFileSync } from 'node:fs';
import type { NodeId } from '../maelstrom/message.js';
import { latencyDists, validateLatency, type LatencyDist } from './network.js';
import { randomSeed } from './random.js';
import { topologyKinds, type TopologyKind } from './topology.js';

export type WorkloadName = 'echo' | 'broadcast' | 'g-set' | 'g-counter' | 'pn-counter';

export const workloadNames: readonly WorkloadName[] = ['echo', 'broadcast', 'g-set', 'g-counter', 'pn-counter'];

export interface TestOptions {
  workload: WorkloadName;
  bin: string;
  /** Positional arguments, passed to every node. */
  args: string[];
  nodes: NodeId[];
  /** Seconds. */
  timeLimit: number;
  /** Client ops per second, all threads together; 0 = none. */
  rate: number;
  /** Resolved thread count (`2n` already multiplied by the node count). */
  concurrency: number;
  latency: number;
  latencyDist: LatencyDist;
  nemesis: 'partition'[];
  /** Seconds (may be fractional). */
  nemesisInterval: number;
  topology: TopologyKind;
  availability?: 'total' | number;
  logStderr: boolean;
  testCount: number;
  seed: number;
  json: boolean;
  storeDir: string;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

const defaultNodes: readonly NodeId[] = ['n1', 'n2', 'n3', 'n4', 'n5'];
const services = new Set(['lin-kv', 'seq-kv', 'lww-kv', 'lin-tso']);

interface FlagSpec {
  names: readonly string[];
  /** Placeholder for the value; absent for a boolean flag. */
  value?: string;
  defaultText: string;
  help: string;
}

const flagSpecs: readonly FlagSpec[] = [
  { names: ['--bin'], value: 'FILE', defaultText: 'required', help: 'node binary to test' },
  { names: ['-w', '--workload'], value: 'NAME', defaultText: 'required', help: `workload: ${workloadNames.join(', ')}` },
  { names: ['--node-count'], value: 'N', defaultText: 'unset', help: 'run N nodes named n0..n(N-1); overrides the node list' },
  { names: ['--nodes'], value: 'LIST', defaultText: 'n1,n2,n3,n4,n5', help: 'comma-separated node ids' },
  { names: ['-n', '--node'], value: 'ID', defaultText: 'none', help: 'a node id; repeatable' },
  { names: ['--nodes-file'], value: 'FILE', defaultText: 'none', help: 'file of node ids, one per line' },
  { names: ['--time-limit'], value: 'SECONDS', defaultText: '60', help: 'length of the main phase (positive integer)' },
  { names: ['--rate'], value: 'RATE', defaultText: '5', help: 'client requests per second, all clients together (0 = none)' },
  { names: ['--concurrency'], value: 'C', defaultText: '1n', help: 'client threads: an integer, or an integer followed by n (times the node count)' },
  { names: ['--latency'], value: 'MS', defaultText: '0', help: 'mean latency between nodes, integer ms (clients have none)' },
  { names: ['--latency-dist'], value: 'DIST', defaultText: 'constant', help: `latency distribution: ${latencyDists.join(', ')}` },
  { names: ['--nemesis'], value: 'FAULTS', defaultText: 'none', help: 'comma-separated faults to inject; only partition' },
  { names: ['--nemesis-interval'], value: 'SECONDS', defaultText: '10', help: 'mean seconds between nemesis operations' },
  { names: ['--topology'], value: 'KIND', defaultText: 'grid', help: `broadcast topology: ${topologyKinds.join(', ')}` },
  { names: ['--availability'], value: 'A', defaultText: 'none', help: "fraction of requests that must succeed: 'total' or a number in [0, 1]" },
  { names: ['--log-stderr'], defaultText: 'off', help: "copy the nodes' stderr to the console" },
  { names: ['--test-count'], value: 'K', defaultText: '1', help: 'run K tests, stopping at the first invalid one' },
  { names: ['--seed'], value: 'INT', defaultText: 'random', help: 'seed for every random choice; printed so a run can be replayed' },
  { names: ['--json'], defaultText: 'off', help: 'print results as JSON instead of a summary' },
  { names: ['--store'], value: 'DIR', defaultText: 'store', help: 'directory results are written under' },
  { names: ['-h', '--help'], defaultText: '', help: 'show this help' },
];

export const testHelp: string = [
  'Usage: ygossip test --bin FILE -w WORKLOAD [options] [-- node args...]',
  '',
  "Runs a Maelstrom test against a node binary, with Maelstrom's options and defaults.",
  'Arguments that are not options are passed to every node.',
  '',
  'Options:',
  ...flagSpecs.map((spec) => {
    const left = `  ${spec.names.join(', ')}${spec.value ? ` ${spec.value}` : ''}`;
    const right = spec.defaultText ? `${spec.help} (default: ${spec.defaultText})` : spec.help;
    return `${left.padEnd(30)} ${right}`;
  }),
  '',
].join('\n');

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

/** argv after the subcommand (`test`). Maelstrom's defaults. Returns 'help' for -h/--help. */
export function parseTestOptions(argv: string[], defaults: { requireBin?: boolean } = {}): TestOptions | 'help' {
  const values = new Map<string, string[]>();
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
    if (!spec) throw new UsageError(`unknown option ${name} (see ygossip test --help)`);
    const key = spec.names[spec.names.length - 1];
    if (key === '--help') return 'help';
    let value: string;
    if (!spec.value) {
      if (eq >= 0) throw usage(key, 'takes no value');
      value = 'true';
    } else if (eq >= 0) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw usage(key, `needs a value (${spec.value})`);
      value = next;
      i++;
    }
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  // A repeated flag keeps its last value, as Jepsen's parser does; only --node accumulates.
  const last = (key: string): string | undefined => values.get(key)?.at(-1);

  const workloadText = last('--workload');
  if (workloadText === undefined) {
    throw usage('-w/--workload', `is required (Maelstrom's default lin-kv is not served): one of ${workloadNames.join(', ')}`);
  }
  if (!(workloadNames as readonly string[]).includes(workloadText)) {
    throw usage('-w/--workload', `must be one of ${workloadNames.join(', ')}, got ${JSON.stringify(workloadText)}`);
  }
  const workload = workloadText as WorkloadName;

  const bin = last('--bin') ?? '';
  if (bin === '' && defaults.requireBin !== false) throw usage('--bin', 'is required: the path of the node binary to test');

  const nodes = resolveNodes(values, last('--node-count'));
  const duplicate = nodes.find((node, k) => nodes.indexOf(node) !== k);
  if (duplicate !== undefined) throw usage('--nodes', `must not repeat a node id, ${JSON.stringify(duplicate)} appears twice`);

  const concurrencyText = last('--concurrency') ?? '1n';
  const concurrencyMatch = /^(\d+)(n?)$/.exec(concurrencyText);
  const concurrency = concurrencyMatch
    ? Number(concurrencyMatch[1]) * (concurrencyMatch[2] === 'n' ? nodes.length : 1)
    : NaN;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw usage('--concurrency', `must be a positive integer, optionally followed by n (e.g. 2n), got ${JSON.stringify(concurrencyText)}`);
  }

  const latency = parseInteger('--latency', last('--latency') ?? '0', 0, 'a non-negative integer (ms)');
  const latencyDistText = last('--latency-dist') ?? 'constant';
  if (!(latencyDists as readonly string[]).includes(latencyDistText)) {
    throw usage('--latency-dist', `must be one of ${latencyDists.join(', ')}, got ${JSON.stringify(latencyDistText)}`);
  }
  const latencyDist = latencyDistText as LatencyDist;
  if (validateLatency(latency, latencyDist) !== undefined) {
    throw usage('--latency-dist', `${latencyDist} needs --latency above 0 (Maelstrom would ${latencyDist === 'uniform' ? 'hang' : 'crash'})`);
  }

  const nemesis = new Set<'partition'>();
  const nemesisText = last('--nemesis');
  if (nemesisText !== undefined) {
    for (const fault of nemesisText.split(/\s*,\s*/)) {
      if (fault !== 'partition') throw usage('--nemesis', `must be a comma-separated list of: partition; got ${JSON.stringify(fault)}`);
      nemesis.add(fault);
    }
  }

  const topologyText = last('--topology') ?? 'grid';
  if (!(topologyKinds as readonly string[]).includes(topologyText)) {
    throw usage('--topology', `must be one of ${topologyKinds.join(', ')}, got ${JSON.stringify(topologyText)}`);
  }

  const availabilityText = last('--availability');
  const availability =
    availabilityText === undefined || availabilityText === 'total'
      ? availabilityText
      : parseNumber('--availability', availabilityText, "'total' or a number between 0 and 1", (a) => a <= 1);

  const seedText = last('--seed');
  const storeDir = last('--store') ?? 'store';
  if (storeDir === '') throw usage('--store', 'must be a directory path, got ""');

  const options: TestOptions = {
    workload,
    bin,
    args,
    nodes,
    timeLimit: parseInteger('--time-limit', last('--time-limit') ?? '60', 1, 'a positive integer (seconds)'),
    rate: parseNumber('--rate', last('--rate') ?? '5', 'a non-negative number (requests per second)', () => true),
    concurrency,
    latency,
    latencyDist,
    nemesis: [...nemesis],
    nemesisInterval: parseNumber('--nemesis-interval', last('--nemesis-interval') ?? '10', 'a positive number (seconds)', (s) => s > 0),
    topology: topologyText as TopologyKind,
    logStderr: values.has('--log-stderr'),
    testCount: parseInteger('--test-count', last('--test-count') ?? '1', 1, 'a positive integer'),
    seed: seedText === undefined ? randomSeed() : parseInteger('--seed', seedText, Number.MIN_SAFE_INTEGER, 'an integer'),
    json: values.has('--json'),
    storeDir,
  };
  if (availability !== undefined) options.availability = availability;
  return options;
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
    const ids = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (ids.length === 0) throw usage('--nodes-file', `must list at least one node id, ${file} has none`);
    merged.push(...parseNodeList('--nodes-file', ids));
  }
  const list = values.get('--nodes')?.at(-1);
  if (list !== undefined) merged.push(...parseNodeList('--nodes', list.split(/,\s*/)));
  merged.push(...parseNodeList('-n/--node', values.get('--node') ?? []));
  return merged.length > 0 ? merged : [...defaultNodes];
}
