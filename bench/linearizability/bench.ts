// `npm run bench -- linearizability`: the linearizability checker beside Porcupine in one run.
// Porcupine's etcd logs (Jepsen, the Horn–Kroening benchmark) are read from a checkout outside
// the repo (PORCUPINE_DIR; the data is never committed); our checker and a small Go driver over
// Porcupine check the same files, each in a process of its own, rounds alternating, and the
// section compares verdicts with Porcupine's expected ones, times and peak memory. Then the
// generated lin-kv histories (10,000 ops, with and without a planted violation, and one no
// search can finish), given to Porcupine as per-key logs too.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Op } from '../../src/runner/records/history.js';
import { formatJepsenLog } from './jepsen-log.js';
import { syntheticHistory, syntheticNames } from './scenarios.js';

interface FileRun {
  file: string;
  valid: unknown;
  wallMs: number;
  cpuMs: number;
  knossos?: unknown;
  explored?: number;
  firstWallMs?: number;
}

interface Side {
  results: FileRun[];
  peakKb: number;
}

const repeats = 2;
const rounds = 5;

function run(command: string, args: string[], cwd?: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod' } });
  if (r.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')} … failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** Builds the Go driver against the checkout in PORCUPINE_DIR; returns its path. */
function buildDriver(root: string, porcupine: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'porcupine-driver-'));
  copyFileSync(join(root, 'bench/linearizability/porcupine-driver.go'), join(dir, 'main.go'));
  const mod = `module porcupinedriver\n\ngo 1.16\n\nrequire github.com/anishathalye/porcupine v0.0.0\n\nreplace github.com/anishathalye/porcupine => ${porcupine}\n`;
  writeFileSync(join(dir, 'go.mod'), mod);
  run('go', ['build', '-o', 'driver', '.'], dir);
  return join(dir, 'driver');
}

const ours = (root: string, args: string[]): unknown => JSON.parse(run(process.execPath, [join(root, 'dist/bench-linearizability.js'), ...args]));
const theirs = (driver: string, args: string[]): Side => JSON.parse(run(driver, args));

/** Per file, the best of the repeats' medians (a burst of load on the shared machine hits one). */
function best(sides: Side[]): Side {
  const results = sides[0].results.map((r, i) => ({
    ...r,
    wallMs: Math.min(...sides.map((s) => s.results[i].wallMs)),
    cpuMs: Math.min(...sides.map((s) => s.results[i].cpuMs)),
  }));
  return { results, peakKb: Math.max(...sides.map((s) => s.peakKb)) };
}

const verdict = (v: unknown): string => (v === 'Ok' ? 'true' : v === 'Illegal' ? 'false' : v === 'Unknown' ? 'unknown' : String(v));
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const mb = (kb: number): string => (kb / 1024).toFixed(0);

function etcdSection(root: string, driver: string, porcupine: string): string[] {
  const dir = join(porcupine, 'test_data/jepsen');
  const files = readdirSync(dir)
    .filter((f) => /^etcd_\d+\.log$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  const expected = new Map(
    [...readFileSync(join(porcupine, 'porcupine_test.go'), 'utf8').matchAll(/checkJepsen\(t, (\d+), (true|false)\)/g)].map((m) => [Number(m[1]), m[2]]),
  );
  const mine: Side[] = [];
  const go: Side[] = [];
  for (let i = 0; i < repeats; i++) {
    mine.push(ours(root, ['etcd', String(rounds), ...files]) as Side);
    go.push(theirs(driver, [String(rounds), '0', ...files]));
  }
  const a = best(mine);
  const b = best(go);
  const rows = a.results.map((r, i) => ({ r, p: b.results[i], expected: expected.get(Number(/(\d+)/.exec(r.file)![1])) }));
  const judged = rows.filter((x) => x.expected !== undefined);
  const agree = judged.filter((x) => String(x.r.valid) === x.expected).length;
  const porcupineAgree = judged.filter((x) => verdict(x.p.valid) === x.expected).length;
  const knossosAgree = judged.filter((x) => String(x.r.knossos) === x.expected).length;
  const [cpuA, cpuB, wallA, wallB] = [
    sum(a.results.map((r) => r.cpuMs)),
    sum(b.results.map((r) => r.cpuMs)),
    sum(a.results.map((r) => r.wallMs)),
    sum(b.results.map((r) => r.wallMs)),
  ];
  const cold = sum(mine[0].results.map((r) => r.firstWallMs ?? 0));
  const slowest = [...rows].sort((x, y) => y.p.cpuMs - x.p.cpuMs).slice(0, 6);
  return [
    `Jepsen's etcd logs from Porcupine's test data (${files.length} files, ${judged.length} with an expected verdict in porcupine_test.go; ${Math.round(sum(files.map((f) => readFileSync(f, 'utf8').split('\n').length)) / files.length)} lines each on average, up to 20 processes, one register). Both sides check with Porcupine's etcd semantics (a failed cas means the register did not hold \`from\`; a nil read means "no value"), parsing excluded; per file the median of ${rounds} rounds, the better of ${repeats} alternating repeats; CPU time is the whole process's (GC threads included), steadier than wall time on a shared machine.`,
    '',
    '| | verdicts as expected | total CPU ms | total wall ms | peak memory MB |',
    '|---|---|---|---|---|',
    `| ygossip (TypeScript, Node ${process.version}) | ${agree}/${judged.length} | ${ms(cpuA)} | ${ms(wallA)} (first round, cold: ${ms(cold)}) | ${mb(a.peakKb)} |`,
    `| Porcupine (Go, ${run('go', ['version']).trim().split(' ')[2]}) | ${porcupineAgree}/${judged.length} | ${ms(cpuB)} | ${ms(wallB)} | ${mb(b.peakKb)} |`,
    `| ratio ygossip / Porcupine | | ${(cpuA / cpuB).toFixed(2)} | ${(wallA / wallB).toFixed(2)} | |`,
    '',
    `With Knossos's cas-register semantics instead (failed ops deleted, nil reads legal anywhere: what lin-kv uses), ${knossosAgree}/${judged.length} verdicts match the expected ones.`,
    '',
    'The files Porcupine takes longest on (ms CPU; configurations our search explored):',
    '',
    '| file | expected | ygossip | Porcupine | configurations |',
    '|---|---|---|---|---|',
    ...slowest.map(({ r, p, expected: e }) => `| ${r.file} | ${e ?? '—'} | ${ms(r.cpuMs)} | ${ms(p.cpuMs)} | ${r.explored} |`),
  ];
}

/** One key's ops per file, values kept as `[k v]`. */
function perKeyLogs(history: readonly Op[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lin-kv-logs-'));
  const byKey = new Map<string, Op[]>();
  for (const op of history) {
    const k = JSON.stringify((op.value as unknown[])[0]);
    byKey.set(k, [...(byKey.get(k) ?? []), op]);
  }
  return [...byKey].map(([k, ops], i) => {
    const file = join(dir, `key_${i}_${k}.log`);
    writeFileSync(file, formatJepsenLog(ops));
    return file;
  });
}

interface SyntheticRun {
  description: string;
  ops: number;
  keys: number;
  concurrency: number;
  valid: unknown;
  wallMs: number;
  cpuMs: number;
  explored: number;
  causes: string[];
  blocking?: string;
  peakKb: number;
}

function syntheticSection(root: string, driver: string): string[] {
  const rows: string[] = [];
  const notes: string[] = [];
  for (const name of syntheticNames) {
    const a = ours(root, ['synthetic', name]) as SyntheticRun;
    const files = perKeyLogs(syntheticHistory(name).history);
    const timeoutMs = name === 'hopeless' ? 10_000 : 120_000;
    const b = theirs(driver, ['1', String(timeoutMs), ...files]);
    const pv = b.results.some((r) => r.valid === 'Illegal')
      ? 'false'
      : b.results.some((r) => r.valid === 'Unknown')
        ? `unknown (timeout ${timeoutMs / 1000} s)`
        : 'true';
    const why = a.causes.length ? ` (${a.causes.join('; ')})` : a.blocking ? ` (${a.blocking})` : '';
    rows.push(
      `| ${name} | ${a.ops} | ${a.keys} | ${a.concurrency} | ${a.valid}${why} | ${pv} | ${ms(a.wallMs)} / ${ms(a.cpuMs)} | ${ms(sum(b.results.map((r) => r.wallMs)))} / ${ms(sum(b.results.map((r) => r.cpuMs)))} | ${mb(a.peakKb)} / ${mb(b.peakKb)} | ${a.explored} |`,
    );
    notes.push(`- ${name}: ${a.description}.`);
  }
  const baseline = ours(root, ['baseline']) as { peakKb: number };
  return [
    'Generated lin-kv histories (bench/linearizability/synthetic.ts; a simulated linearizable register, 3 nodes, 10 client threads, Knossos semantics on our side; concurrency is the most ops open at once). Porcupine gets each key as its own log with its etcd semantics, which accept the same histories (a cas fails exactly when the register held another value, and nil is read only before the first write).',
    '',
    '| history | ops | keys | concurrency | ygossip valid? | Porcupine | ygossip wall / CPU ms | Porcupine wall / CPU ms | peak MB ygossip / Porcupine | configurations |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...notes,
    `- Peak memory is each process's VmHWM; an idle Node process of the same bundle peaks at ${mb(baseline.peakKb)} MB. Our budget per key (configurations / time) is the checker's default.`,
  ];
}

export function linearizabilityBench(root: string): string {
  const dir = process.env.PORCUPINE_DIR;
  if (!dir || !existsSync(join(dir, 'test_data/jepsen'))) {
    throw new Error(
      'linearizability: set PORCUPINE_DIR to a checkout of github.com/anishathalye/porcupine outside this repo (git clone https://github.com/anishathalye/porcupine /tmp/porcupine), and install Go (apt-get install -y golang-go)',
    );
  }
  const porcupine = resolve(dir);
  const driver = buildDriver(root, porcupine);
  const commit = execFileSync('git', ['-C', porcupine, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  return [
    `Command: \`PORCUPINE_DIR=/path/to/porcupine npm run bench -- linearizability\` (Porcupine at commit ${commit}, driven by bench/linearizability/porcupine-driver.go).`,
    '',
    ...etcdSection(root, driver, porcupine),
    '',
    ...syntheticSection(root, driver),
    '',
  ].join('\n');
}
