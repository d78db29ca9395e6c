// `npm run bench -- txn`: the Gossip Glomers 6a–6c commands on bin/txn-rw-register (real
// processes, real time), each run once with Maelstrom's flags, and the same history judged again
// under the stronger models the node does not promise (serializable, strict-serializable), to
// show which anomalies it has; 6c's history also under each model up Elle's lattice from read
// committed, to show which it does give as far as the checker can tell. With MAELSTROM_DIR set to a Maelstrom checkout, Maelstrom's own
// JavaScript txn demos (demo/js/single_key_txn.js, multi_key_txn.js, on its lin-kv and lww-kv
// services) run too: Maelstrom calls them strict-serializable.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkListAppend, checkTxnRwRegister, type TxnResult } from '../src/runner/checkers/txn/index.js';
import { pairOps } from '../src/runner/checkers/op-pairs.js';
import { parseExactJson } from '../src/runner/base/exact-json.js';
import type { Op } from '../src/runner/records/history.js';
import * as Y from 'yjs';
import { RegisterMap } from '../src/crdt/register-map.js';

interface TxnScenario {
  name: string;
  args: string[];
  /** Models the same history is judged under again. */
  rejudge: string[];
  /** Also judge the history under every model of `ladder`, one row each. */
  ladder?: boolean;
}

/** Up Elle's lattice from read committed: the models the node does and does not give. */
const ladder = [
  'read-committed',
  'monotonic-atomic-view',
  'read-atomic',
  'causal-cerone',
  'prefix',
  'consistent-view',
  'cursor-stability',
  'update-atomic',
  'parallel-snapshot-isolation',
  'snapshot-isolation',
  'repeatable-read',
  'serializable',
  'strict-serializable',
];

const common = ['--concurrency', '2n', '--time-limit', '20', '--rate', '1000'];
const ours = (...rest: string[]): string[] => ['-w', 'txn-rw-register', '--bin', 'bin/txn-rw-register', ...rest];
const stronger = ['serializable', 'strict-serializable'];

const scenarios: TxnScenario[] = [
  { name: '6a', args: ours('--node-count', '1', ...common, '--consistency-models', 'read-uncommitted', '--availability', 'total'), rejudge: stronger },
  { name: '6b', args: ours('--node-count', '2', ...common, '--consistency-models', 'read-uncommitted'), rejudge: stronger },
  {
    name: '6b, partitions',
    args: ours('--node-count', '2', ...common, '--consistency-models', 'read-uncommitted', '--availability', 'total', '--nemesis', 'partition'),
    rejudge: stronger,
  },
  {
    name: '6c, partitions',
    args: ours('--node-count', '2', ...common, '--consistency-models', 'read-committed', '--availability', 'total', '--nemesis', 'partition'),
    rejudge: stronger,
    ladder: true,
  },
];

/** The command as the table shows it: a Maelstrom checkout as $MAELSTROM_DIR. */
function shown(args: readonly string[]): string {
  const dir = process.env.MAELSTROM_DIR;
  const text = args.join(' ');
  return dir ? text.replaceAll(join(dir, 'demo'), '$MAELSTROM_DIR/demo') : text;
}

function demoScenarios(): TxnScenario[] {
  const dir = process.env.MAELSTROM_DIR;
  if (!dir) return [];
  return ['single_key_txn', 'multi_key_txn'].map((demo) => ({
    name: `Maelstrom demo/js/${demo}.js`,
    args: ['-w', 'txn-list-append', '--bin', join(dir, 'demo/js', `${demo}.js`), '--node-count', '2', '--time-limit', '20', '--rate', '100'],
    rejudge: [],
  }));
}

/** The results folder a `ygossip test --store` run wrote (store/<workload>/<time>/). */
function runDir(store: string): string {
  const workload = readdirSync(store).find((d) => d !== 'latest')!;
  return join(store, workload, readdirSync(join(store, workload)).find((d) => /^\d/.test(d))!);
}

function readHistory(dir: string): Op[] {
  return readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => parseExactJson(l) as Op);
}

/** Median invoke-to-ok wait of the transactions, ms. */
function medianWait(history: readonly Op[]): string {
  const waits = pairOps(history)
    .filter(({ invoke, complete }) => invoke.f === 'txn' && complete?.type === 'ok')
    .map(({ invoke, complete }) => (complete!.time - invoke.time) / 1e6)
    .sort((a, b) => a - b);
  return waits.length ? waits[Math.floor((waits.length - 1) / 2)].toFixed(1) : '—';
}

/** "G2-item ×3, lost-update ×3 (not serializable)", or "valid". */
function verdict(r: TxnResult): string {
  const types = r['anomaly-types'] ?? [];
  if (types.length === 0) return `valid? ${String(r['valid?'])}, no anomalies`;
  const count = (t: string): number => (Array.isArray(r.anomalies?.[t]) ? (r.anomalies[t] as unknown[]).length : 1);
  return `valid? ${String(r['valid?'])}: ${types.map((t) => `${t} ×${count(t)}`).join(', ')}${r.not?.length ? ` (not ${r.not.join(', ')})` : ''}`;
}

function runScenario(root: string, s: TxnScenario): { row: string; ladder: string[] } {
  const store = mkdtempSync(join(tmpdir(), 'ygossip-bench-txn-'));
  // The runner's default: each node persists to a data directory in the results folder.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.YGOSSIP_DATA_DIR;
  const started = performance.now();
  spawnSync(process.execPath, [join(root, 'bin/ygossip'), 'test', ...s.args, '--json', '--store', store], { cwd: root, env, stdio: 'ignore' });
  const wallS = (performance.now() - started) / 1000;
  const dir = runDir(store);
  if (!existsSync(join(dir, 'results.json')))
    return { row: `| ${s.name} | \`${s.args.join(' ')}\` | no results (${wallS.toFixed(0)} s) | | | | | | |`, ladder: [] };
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  const history = readHistory(dir);
  const check = s.args.includes('txn-list-append') ? checkListAppend : checkTxnRwRegister;
  const again = s.rejudge.map((model) => `${model}: ${verdict(check(history, { consistencyModels: [model] }))}`).join('<br>');
  const ok = results.availability?.['ok-fraction'];
  const row = [
    s.name,
    `\`ygossip test ${shown(s.args)}\``,
    String(results['valid?']),
    verdict(results.workload as TxnResult),
    results.stats?.count ?? '—',
    ok === undefined ? '—' : String(ok),
    medianWait(history),
    results.net?.servers?.['msgs-per-op']?.toFixed(3) ?? '—',
    again || '—',
  ];
  process.stderr.write(`txn | ${s.name}: valid ${String(results['valid?'])}, ok ${ok}, ${again.replaceAll('<br>', '; ')} (${wallS.toFixed(0)} s)\n`);
  const rungs = s.ladder ? ladder.map((model) => `| ${model} | ${verdict(check(history, { consistencyModels: [model] }))} |`) : [];
  return { row: `| ${row.join(' | ')} |`, ladder: rungs };
}

/** Median ms of `repeat` calls of `f`. */
function timed(f: () => unknown, repeat = 201): number {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeat / 2)];
}

/** The store's diff against Yjs's encodeStateAsUpdate after many overwrites: bytes and time. */
function diffCost(): string {
  const rows: string[] = [];
  for (const writes of [5_000, 25_000, 100_000]) {
    const a = new RegisterMap({ clientId: 1 });
    // Elle's pattern: a key takes 16 writes, then a fresh key.
    for (let i = 0; i < writes; i++) a.write([[String(Math.floor(i / 16)), i]]);
    const b = new RegisterMap({ clientId: 2 });
    b.apply(a.diff(), 'a');
    for (let i = 0; i < 10; i++) a.write([[`new ${i}`, i]]);
    const sv = b.stateVector();
    const ours = a.diff(sv);
    const yjs = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
    const oursMs = timed(() => a.diff(sv));
    const yjsMs = timed(() => Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
    rows.push(`| ${writes} | ${ours.length} | ${yjs.length} | ${oursMs.toFixed(3)} | ${yjsMs.toFixed(3)} |`);
  }
  return [
    "The store's diff (src/crdt/structs-update.ts) beside Yjs's `encodeStateAsUpdate` for the same 10 new writes, after N overwrites by one writer (in process, medians of 201 calls):",
    '',
    '| overwrites before | diff bytes (ours) | diff bytes (Yjs) | encode ms (ours) | encode ms (Yjs) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function txnBench(root: string): string {
  const runs = [...scenarios, ...demoScenarios()].map((s) => ({ s, ...runScenario(root, s) }));
  const laddered = runs.find((r) => r.ladder.length > 0);
  return [
    "Command: `npm run bench -- txn` (bench/txn.ts: each command once with `ygossip test`, nodes durable in the data directories the runner gives them; the history then judged again, in process, under the models in the last column). `MAELSTROM_DIR=<maelstrom checkout>` adds its JavaScript txn demos (single_key_txn.js keeps the whole database in one lin-kv key and answers a lost cas with code 30, a :fail, hence its ok fraction; multi_key_txn.js keeps a root in lin-kv and thunks in lww-kv), which Maelstrom has strict-serializable. `rate 1000` is a target: with 2 threads per node the ops reached depend on the transaction's round trip (durable acknowledgement) and the machine's load.",
    '',
    '| challenge | command | valid? | checker under the given models | ops | ok fraction | txn p50 ms | servers msgs-per-op | the same history under stronger models |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) => r.row),
    ...(laddered
      ? [
          '',
          `The ${laddered.s.name} history judged under each model up Elle's lattice from read committed (each alone):`,
          '',
          '| model | checker |',
          '|---|---|',
          ...laddered.ladder,
        ]
      : []),
    '',
    diffCost(),
  ].join('\n');
}
