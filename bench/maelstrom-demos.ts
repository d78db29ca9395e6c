// `MAELSTROM_DIR=/tmp/maelstrom npm run bench -- maelstrom-demos`: Maelstrom's own demo nodes
// (demo/ in a checkout of github:jepsen-io/maelstrom, kept outside this repository) under
// `ygossip test`, each with the command Maelstrom's `demo` command or its guide uses, beside what
// Maelstrom says of them (its spec §22: the demos and their expected results). Also the two kinds
// of broken lin-kv node issue 20 names (our fixtures) and lin_kv_proxy.rb pointed at seq-kv and
// lww-kv (its own comment: "Replace with seq-kv or lww-kv to see linearization failures!"),
// written at run time into a temporary directory. A demo whose runtime (ruby, python3, bb) or
// workload this checkout lacks gets a row saying so. MAELSTROM_DEMOS=a,b runs the demos whose name contains a or b;
// MAELSTROM_DEMOS_TIME_LIMIT=N caps every --time-limit for a quick pass (the table says so).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWorkloadName } from '../src/runner/workloads/index.js';

interface Demo {
  /** The node, as Maelstrom's docs name it (under demo/), or ours (under test/fixtures/). */
  name: string;
  /** The binary: under MAELSTROM_DIR, this checkout (`fixture:`) or the variants (`variant:`). */
  bin: string;
  args: string[];
  /** Where the command comes from. */
  source: string;
  /** What Maelstrom says of this node on this command. */
  expected: string;
  /** The verdict Maelstrom gives; `some-invalid`: at least one of the runs loses something. */
  want: 'valid' | 'invalid' | 'some-invalid';
  /** Separate invocations (a `--test-count` in args counts within one). */
  runs?: number;
  /** The interpreter the node's first line asks for. */
  needs: 'ruby' | 'python3' | 'node' | 'bb';
}

const ruby = (name: string, args: string[], source: string, expected: string, want: Demo['want'], runs?: number): Demo => ({
  name: `ruby/${name}`,
  bin: `demo/ruby/${name}`,
  args,
  source,
  expected,
  want,
  runs,
  needs: 'ruby',
});
const js = (name: string, args: string[], source: string, expected: string, want: Demo['want'] = 'valid'): Demo => ({
  name: `js/${name}`,
  bin: `demo/js/${name}`,
  args,
  source,
  expected,
  want,
  needs: 'node',
});
const py = (name: string, args: string[], source: string, expected: string, want: Demo['want'] = 'valid', runs?: number): Demo => ({
  name: `python/${name}`,
  bin: `demo/python/${name}`,
  args,
  source,
  expected,
  want,
  runs,
  needs: 'python3',
});
const bb = (name: string, args: string[], source: string, expected: string): Demo => ({
  name: `clojure/${name}`,
  bin: `demo/clojure/${name}`,
  args,
  source,
  expected,
  want: 'valid',
  needs: 'bb',
});

const DEMO = '`maelstrom demo` (core.clj `demos`; Jepsen defaults: n1–n5, 60 s, rate 5)';
const RAFT_GUIDE = '-w lin-kv --node-count 3 --concurrency 4n --rate 30 --time-limit 60 --nemesis partition --nemesis-interval 10 --test-count 10'.split(' ');
const DATOMIC = ['-w', 'txn-list-append', '--time-limit', '10', '--node-count', '2', '--rate', '100'];

export const demos: Demo[] = [
  // What `maelstrom demo` runs, in its order.
  ruby('echo.rb', ['-w', 'echo'], DEMO, 'valid', 'valid'),
  ruby('echo_full.rb', ['-w', 'echo'], DEMO, 'valid', 'valid'),
  ruby('broadcast.rb', ['-w', 'broadcast'], DEMO, 'valid', 'valid'),
  ruby('g_set.rb', ['-w', 'g-set'], DEMO, 'valid', 'valid'),
  ruby('pn_counter.rb', ['-w', 'pn-counter'], DEMO, 'valid', 'valid'),
  ruby('raft.rb', ['-w', 'lin-kv', '--concurrency', '10'], DEMO, 'valid', 'valid'),
  ruby('lin_kv_proxy.rb', ['-w', 'lin-kv', '--concurrency', '10'], DEMO, 'valid', 'valid'),
  ruby('datomic_list_append.rb', ['-w', 'txn-list-append'], DEMO, 'valid (strict-serializable)', 'valid'),
  bb(
    'txn_rw_register_hat.clj',
    '-w txn-rw-register --nemesis partition --consistency-models read-committed --availability total --node-count 2 --rate 100'.split(' '),
    DEMO,
    'valid',
  ),
  bb('flake_ids.clj', ['-w', 'unique-ids', '--nemesis', 'partition', '--availability', 'total', '--rate', '1000'], DEMO, 'valid'),
  // Maelstrom's only kafka nodes are Clojure; Gossip Glomers 5a and 5b's commands.
  bb(
    'kafka_single_node.clj',
    ['-w', 'kafka', '--node-count', '1', '--concurrency', '2n', '--time-limit', '20', '--rate', '1000'],
    'Gossip Glomers 5a',
    'valid (intended; no recorded run)',
  ),
  bb(
    'kafka.clj',
    ['-w', 'kafka', '--node-count', '2', '--concurrency', '2n', '--time-limit', '20', '--rate', '1000'],
    'Gossip Glomers 5b',
    'valid (intended; no recorded run)',
  ),
  // The guide's commands (doc/).
  ruby('echo.rb', ['-w', 'echo', '--time-limit', '5'], 'doc/01-getting-ready', 'valid', 'valid'),
  ruby(
    'broadcast.rb',
    ['-w', 'broadcast', '--time-limit', '20', '--nemesis', 'partition'],
    'doc/03-broadcast/02-performance.md',
    'invalid: "We lost broadcast messages!" (lost 8 of 45)',
    'some-invalid',
    3,
  ),
  ruby(
    'g_set.rb',
    ['-w', 'g-set', '--time-limit', '10', '--rate', '100'],
    'doc/04-crdts/01-g-set.md',
    'valid; servers send a constant ~100 msgs (msgs-per-op 0.099)',
    'valid',
  ),
  ruby(
    'g_set.rb',
    ['-w', 'g-set', '--time-limit', '30', '--rate', '10', '--nemesis', 'partition'],
    'doc/04-crdts/01-g-set.md',
    'valid (total availability)',
    'valid',
  ),
  ruby('pn_counter.rb', ['-w', 'pn-counter', '--time-limit', '30', '--rate', '10', '--nemesis', 'partition'], 'doc/04-crdts/02-counters.md', 'valid', 'valid'),
  ruby('pn_counter.rb', ['-w', 'pn-counter', '--time-limit', '1'], 'setup race (see docs/maelstrom-demos.md)', 'valid', 'valid', 10),
  ruby(
    'raft.rb',
    ['-w', 'lin-kv', '--time-limit', '10', '--node-count', '3', '--concurrency', '2n', '--rate', '100'],
    'doc/06-raft/04-committing.md',
    'valid',
    'valid',
  ),
  ruby('raft.rb', RAFT_GUIDE, 'doc/06-raft/04-committing.md (final run)', 'valid ×10 ("mostly": a rare bug appends at index 0)', 'valid'),
  ruby('datomic_list_append.rb', DATOMIC, 'doc/05-datomic', 'valid (strict-serializable)', 'valid'),
  // JS and Python demos: no documented command; the guide's command for their workload.
  js('echo.js', ['-w', 'echo', '--time-limit', '10'], 'doc/02-echo (--time-limit 10)', 'valid'),
  js('echo_minimal.js', ['-w', 'echo', '--time-limit', '10'], 'doc/02-echo (--time-limit 10)', 'valid'),
  js('gossip.js', ['-w', 'broadcast', '--time-limit', '20', '--rate', '100'], 'doc/03-broadcast/02-performance.md', 'valid'),
  js(
    'gossip.js',
    ['-w', 'broadcast', '--time-limit', '20', '--nemesis', 'partition'],
    'doc/03-broadcast/02-performance.md',
    'not stated; retries every RPC, so valid',
  ),
  js('crdt_gset.js', ['-w', 'g-set', '--time-limit', '30', '--rate', '10', '--nemesis', 'partition'], 'doc/04-crdts/01-g-set.md', 'valid'),
  js('crdt_pn_counter.js', ['-w', 'pn-counter', '--time-limit', '30', '--rate', '10', '--nemesis', 'partition'], 'doc/04-crdts/02-counters.md', 'valid'),
  js('single_key_txn.js', DATOMIC, 'doc/05-datomic', 'valid (strict-serializable); conflicts are :fail'),
  js('multi_key_txn.js', DATOMIC, 'doc/05-datomic', 'valid (strict-serializable)'),
  py('echo.py', ['-w', 'echo', '--time-limit', '10'], 'doc/02-echo (--time-limit 10)', 'valid'),
  py('broadcast.py', ['-w', 'broadcast', '--time-limit', '20', '--rate', '100'], 'doc/03-broadcast/02-performance.md', 'valid'),
  py(
    'broadcast.py',
    ['-w', 'broadcast', '--time-limit', '20', '--nemesis', 'partition'],
    'doc/03-broadcast/02-performance.md',
    'not stated; retries every gossip, so valid',
  ),
  py(
    'raft.py',
    ['-w', 'lin-kv', '--time-limit', '10', '--node-count', '3', '--concurrency', '2n', '--rate', '100'],
    'doc/06-raft/04-committing.md',
    'intended valid (no recorded run)',
  ),
  py('raft.py', RAFT_GUIDE, 'doc/06-raft/04-committing.md (final run)', 'intended valid (no recorded run)'),
  // Broken lin-kv nodes (issue 20): ours, and the proxy pointed at the weaker services.
  {
    name: 'fixture lin-kv-local.mjs',
    bin: 'fixture:lin-kv-local.mjs',
    args: ['-w', 'lin-kv', '--time-limit', '10', '--concurrency', '10'],
    source: 'issue 20: answers from a local copy',
    expected: 'invalid, key named',
    want: 'invalid',
    needs: 'node',
  },
  {
    name: 'fixture lin-kv-cas-ignored.mjs',
    bin: 'fixture:lin-kv-cas-ignored.mjs',
    args: ['-w', 'lin-kv', '--time-limit', '10', '--node-count', '1', '--concurrency', '2n', '--rate', '20'],
    source: 'issue 20: acknowledges a cas it never applied',
    expected: 'invalid, key named',
    want: 'invalid',
    needs: 'node',
  },
  {
    name: 'fixture txn-no-isolation.mjs',
    bin: 'fixture:txn-no-isolation.mjs',
    args: ['-w', 'txn-rw-register', '--time-limit', '10', '--node-count', '1', '--concurrency', '10', '--rate', '100'],
    source: 'stand-in for clojure/txn_rw_register_no_isolation.clj (needs bb)',
    expected: 'invalid ("demonstrating safety violations")',
    want: 'invalid',
    needs: 'node',
  },
  ...['seq-kv', 'lww-kv'].map(
    (service): Demo => ({
      name: `ruby/lin_kv_proxy.rb → ${service}`,
      bin: `variant:lin_kv_proxy_${service}.rb`,
      args: ['-w', 'lin-kv', '--time-limit', '10', '--concurrency', '10', '--rate', '20'],
      source: "lin_kv_proxy.rb's own comment",
      expected: 'invalid ("linearization failures")',
      want: 'invalid',
      needs: 'ruby',
    }),
  ),
];

/** One test run's outcome, from its results folder (or why there is none). */
interface RunOutcome {
  valid?: unknown;
  error?: string;
  invalidCheckers: string[];
  msgsPerOp?: number;
  lost?: number;
  ops?: string;
  keys?: string;
  anomalies?: string[];
}

/** lin_kv_proxy.rb with the service it proxies to replaced, beside the Ruby files it requires. */
function writeVariants(maelstrom: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'maelstrom-variants-'));
  const ruby = join(maelstrom, 'demo/ruby');
  for (const f of ['node.rb', 'errors.rb', 'promise.rb']) copyFileSync(join(ruby, f), join(dir, f));
  const proxy = readFileSync(join(ruby, 'lin_kv_proxy.rb'), 'utf8');
  for (const service of ['seq-kv', 'lww-kv']) {
    const changed = proxy.replace('@node.rpc! "lin-kv"', `@node.rpc! "${service}"`);
    if (changed === proxy) throw new Error('lin_kv_proxy.rb no longer calls @node.rpc! "lin-kv"; the variants need updating');
    writeFileSync(join(dir, `lin_kv_proxy_${service}.rb`), changed, { mode: 0o755 });
  }
  return dir;
}

function binPath(demo: Demo, root: string, maelstrom: string, variants: string): string {
  if (demo.bin.startsWith('fixture:')) return join(root, 'test/fixtures', demo.bin.slice('fixture:'.length));
  if (demo.bin.startsWith('variant:')) return join(variants, demo.bin.slice('variant:'.length));
  return join(maelstrom, demo.bin);
}

/** Why this machine or checkout cannot run the demo, or undefined. */
function cannotRun(demo: Demo, path: string): string | undefined {
  const workload = demo.args[demo.args.indexOf('-w') + 1];
  if (!isWorkloadName(workload)) return `this checkout has no ${workload} workload yet`;
  if (!existsSync(path)) return `${path} is missing`;
  if (spawnSync('sh', ['-c', `command -v ${demo.needs}`]).status !== 0) {
    return demo.needs === 'bb' ? 'needs babashka (`bb`): no Debian package (`apt-cache policy babashka`: none)' : `needs ${demo.needs}, not installed`;
  }
  return undefined;
}

/** The time limit capped for a quick pass (MAELSTROM_DEMOS_TIME_LIMIT), default 60 s made explicit. */
function cappedArgs(args: string[], cap: number | undefined): string[] {
  if (cap === undefined) return args;
  const i = args.indexOf('--time-limit');
  const limit = optionValue(args, '--time-limit', 60);
  const rest = i >= 0 ? [...args.slice(0, i), ...args.slice(i + 2)] : args;
  return [...rest, '--time-limit', String(Math.min(limit, cap))];
}

/** A numeric option's value in `args`, or Maelstrom's default when absent. */
function optionValue(args: string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** Runs one invocation of `ygossip test` in a fresh store; one outcome per test it ran. */
function runDemo(root: string, bin: string, args: string[]): RunOutcome[] {
  const store = mkdtempSync(join(tmpdir(), 'ygossip-demo-'));
  const limit = optionValue(args, '--time-limit', 60);
  const count = optionValue(args, '--test-count', 1);
  const r = spawnSync(process.execPath, [join(root, 'bin/ygossip'), 'test', '--bin', bin, ...args, '--json', '--store', store], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: ((limit + 90) * count + 60) * 1000,
  });
  const workload = args[args.indexOf('-w') + 1];
  const base = join(store, workload);
  const dirs = existsSync(base)
    ? readdirSync(base, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(base, e.name))
        .sort()
    : [];
  if (!dirs.length) return [{ error: failure(r.stderr, r.error), invalidCheckers: [] }];
  return dirs.map((dir) =>
    existsSync(join(dir, 'results.json'))
      ? outcome(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')), workload)
      : { error: failure(r.stderr, r.error), invalidCheckers: [] },
  );
}

/** Why a test ended without results: the runner's own sentence, and the warning behind it. */
function failure(stderr: string, error?: Error): string {
  if (error) return error.message;
  const lines = stderr.split('\n');
  const ended = lines.find((l) => l.startsWith('ygossip: ')) ?? lines.filter(Boolean).at(-1) ?? 'no results';
  const malformed = lines.find((l) => l.includes('not a valid message'));
  return [ended.replace(/^ygossip: /, ''), malformed?.replace(/^warning: /, '').slice(0, 200)].filter(Boolean).join('; ');
}

// biome-ignore lint/suspicious/noExplicitAny: Maelstrom-shaped results.edn read as JSON, fields looked up by name
type Results = Record<string, any>;

function outcome(results: Results, workload: string): RunOutcome {
  const w = results.workload ?? {};
  const stats = results.stats ?? {};
  const perKey: [string, Results][] = w.results && typeof w.results === 'object' ? Object.entries(w.results) : [];
  const badKeys = perKey.filter(([, r]) => r?.['valid?'] === false).map(([k]) => k);
  return {
    valid: results['valid?'],
    invalidCheckers: Object.entries(results)
      .filter(([, v]) => v && typeof v === 'object' && v['valid?'] === false)
      .map(([k]) => k),
    msgsPerOp: results.net?.servers?.['msgs-per-op'],
    lost: w['lost-count'],
    ops: stats.count === undefined ? undefined : `${stats['ok-count']}/${stats['fail-count']}/${stats['info-count']}`,
    keys: perKey.length
      ? badKeys.length
        ? `not linearizable: key ${badKeys.join(', ')} of ${perKey.length}${unplaced(w.results[badKeys[0]])}`
        : `${perKey.length} keys linearizable`
      : undefined,
    // Elle's result holds anomaly-types only when it found some.
    anomalies: w['anomaly-types'] ?? (workload.startsWith('txn-') && w['valid?'] === true ? [] : undefined),
  };
}

/** The operation the linearizability search could not place, as the summary names it. */
function unplaced(key: Results): string {
  const op = key?.linearizable?.op;
  return op ? ` (no order places p${op.process} ${op.f} ${JSON.stringify(op.value)})` : '';
}

const verdictOf = (o: RunOutcome): string =>
  o.error !== undefined
    ? `could not complete (${o.error})`
    : o.valid === true
      ? 'valid'
      : o.valid === false
        ? `INVALID (${o.invalidCheckers.filter((c) => c !== 'valid?').join(', ')})`
        : String(o.valid);

/** Whether the runs give the verdict Maelstrom gives. */
function matches(demo: Demo, runs: RunOutcome[]): boolean {
  if (demo.want === 'some-invalid') return runs.some((o) => o.valid === false) && runs.every((o) => o.error === undefined);
  return runs.every((o) => o.valid === (demo.want === 'valid'));
}

/** Verdicts counted ("valid ×9, INVALID (workload) ×1"), and the figures of the runs. */
function summarize(runs: RunOutcome[]): { verdict: string; figures: string } {
  const counts = new Map<string, number>();
  for (const o of runs) counts.set(verdictOf(o), (counts.get(verdictOf(o)) ?? 0) + 1);
  const verdict = [...counts].map(([v, n]) => (runs.length > 1 ? `${v} ×${n}` : v)).join('; ');
  const done = runs.filter((o) => o.error === undefined);
  const list = <T>(pick: (o: RunOutcome) => T | undefined, show: (x: T) => string = String): string | undefined => {
    const xs = done.map(pick).filter((x): x is T => x !== undefined);
    return xs.length ? [...new Set(xs.map(show))].join(', ') : undefined;
  };
  const figures = [
    [
      'servers msgs-per-op',
      list(
        (o) => o.msgsPerOp,
        (x) => x.toFixed(3),
      ),
    ],
    ['ok/fail/info', list((o) => o.ops)],
    ['lost', list((o) => o.lost)],
    ['', list((o) => o.keys)],
    [
      'anomaly types',
      list(
        (o) => o.anomalies,
        (a) => (a.length ? a.join(' ') : 'none'),
      ),
    ],
  ]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (k ? `${k} ${v}` : v))
    .join('; ');
  return { verdict, figures };
}

const cell = (s: string): string => s.replaceAll('|', '\\|');

/** Runs every chosen demo; the markdown section for docs/BENCHMARKS.md. */
export function maelstromDemosSection(root: string): string {
  const maelstrom = process.env.MAELSTROM_DIR;
  if (!maelstrom || !existsSync(join(maelstrom, 'demo')))
    throw new Error('maelstrom-demos: set MAELSTROM_DIR to a checkout of github:jepsen-io/maelstrom (its demo/ directory)');
  const only = process.env.MAELSTROM_DEMOS;
  const cap = process.env.MAELSTROM_DEMOS_TIME_LIMIT ? Number(process.env.MAELSTROM_DEMOS_TIME_LIMIT) : undefined;
  const variants = writeVariants(maelstrom);
  const rows: string[] = [];
  let matched = 0;
  let ran = 0;
  for (const demo of demos.filter((d) => !only || only.split(',').some((part) => d.name.includes(part)))) {
    const path = binPath(demo, root, maelstrom, variants);
    const args = cappedArgs(demo.args, cap);
    const shown = demo.bin.startsWith('fixture:')
      ? `test/fixtures/${demo.bin.slice(8)}`
      : demo.bin.startsWith('variant:')
        ? `(variant) ${demo.bin.slice(8)}`
        : demo.bin;
    const command = `\`bin/ygossip test --bin ${shown} ${args.join(' ')}\`${demo.runs ? ` ×${demo.runs}` : ''}`;
    const why = cannotRun(demo, path);
    if (why) {
      rows.push(`| ${cell(demo.name)} | ${command} | ${demo.source} | ${cell(demo.expected)} | not run: ${cell(why)} | | — |`);
      continue;
    }
    const started = performance.now();
    const runs = Array.from({ length: demo.runs ?? 1 }, () => runDemo(root, path, args)).flat();
    const { verdict, figures } = summarize(runs);
    const ok = matches(demo, runs);
    ran++;
    if (ok) matched++;
    process.stderr.write(`maelstrom-demos | ${demo.name} ${args.join(' ')}: ${verdict}; ${figures} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    rows.push(`| ${cell(demo.name)} | ${command} | ${demo.source} | ${cell(demo.expected)} | ${cell(verdict)} | ${cell(figures)} | ${ok ? 'yes' : '**no**'} |`);
  }
  return [
    `Maelstrom ${maelstromCommit(maelstrom)}, demo/ read from MAELSTROM_DIR (never committed here); bins under \`demo/\` are relative to it. ${cap ? `**Quick pass: every --time-limit capped at ${cap} s (MAELSTROM_DEMOS_TIME_LIMIT).** ` : ''}Runtimes: ${runtimes()}. What each mismatch means: docs/maelstrom-demos.md.`,
    '',
    `Matched Maelstrom's verdict: ${matched} of ${ran} rows run.`,
    '',
    '| demo | command | command from | expected per Maelstrom | our verdict | key figures | matches |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function maelstromCommit(dir: string): string {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? `commit ${r.stdout.trim()}` : `(${dir}, not a git checkout)`;
}

function runtimes(): string {
  const version = (cmd: string, args: string[]): string => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n')[0] : `${cmd}: none`;
  };
  return [
    version('ruby', ['-v']).split(' ').slice(0, 2).join(' '),
    version('python3', ['--version']),
    `node ${process.version}`,
    version('bb', ['--version']),
  ].join(', ');
}
