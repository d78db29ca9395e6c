// `ygossip test` end to end, as a user runs it: our own bin valid under partitions, and nodes
// that crash, print garbage, never answer or leave children behind give a clear error, the
// right exit code and no orphan process.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Runs the CLI without blocking, so these tests (none measures time) run side by side. */
function ygossip(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; store: string }> {
  const store = mkdtempSync(join(tmpdir(), 'ygossip-e2e-'));
  return new Promise((resolve) => {
    execFile(
      join(root, 'bin/ygossip'),
      [...args, '--store', store],
      { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr, store });
      },
    );
  });
}

/** A killed process whose parent is gone may stay a zombie where PID 1 does not reap: dead. */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
};

beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli.js'))) execFileSync(process.execPath, ['build.mjs'], { cwd: root });
});

describe.concurrent('ygossip test', () => {
  test('our broadcast node: valid under partitions, results folder written, --json is results.json', async () => {
    const r = await ygossip(
      ...'test -w broadcast --bin bin/broadcast --node-count 5 --time-limit 3 --rate 20 --nemesis partition --nemesis-interval 1 --json'.split(' '),
    );
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results['valid?']).toBe(true);
    expect(results.workload['lost-count']).toBe(0);
    const dir = join(r.store, 'latest');
    for (const file of ['results.json', 'history.jsonl', 'history.txt', 'net-journal.jsonl', 'report.txt', 'test.json']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(readdirSync(join(dir, 'node-logs')).sort()).toEqual(['n0.log', 'n1.log', 'n2.log', 'n3.log', 'n4.log']);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual(results);
  });

  test('a node that acknowledges but never forwards is reported invalid (exit 1)', async () => {
    const r = await ygossip('test', '-w', 'broadcast', '--bin', 'test/fixtures/ack-no-forward.mjs', '--time-limit', '2', '--rate', '20');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/INVALID/i);
  });

  test('a node that crashes at start: exit 255, says which node and what it printed', async () => {
    const r = await ygossip('test', '-w', 'broadcast', '--bin', 'test/fixtures/crash-at-start.mjs', '--node-count', '2', '--time-limit', '2');
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/n[01] exited/);
    expect(r.stderr).toMatch(/exit code 3/);
    expect(r.stderr).toMatch(/boom/);
  });

  test('a node that never answers init: exit 255 after the 10 s init timeout', async () => {
    const r = await ygossip('test', '-w', 'echo', '--bin', 'test/fixtures/silent.mjs', '--node-count', '1', '--time-limit', '2');
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/did not answer init within 10 s/);
  });

  test('garbage output mutes the node, as in Maelstrom: named in a warning, its later replies lost', async () => {
    const r = await ygossip('test', '-w', 'echo', '--bin', 'test/fixtures/garbage.mjs', '--node-count', '1', '--time-limit', '1', '--rate', '5');
    expect(r.stderr).toMatch(/n0 wrote a line that is not a valid message \(not JSON\)/);
    expect(r.stderr).toMatch(/nothing more it writes is read/);
    expect(r.stderr).not.toMatch(/top-level key "extra"/); // never read: the node was muted before
    expect(r.status).toBe(1); // the echoes it then answers never arrive
    // Every warning is kept in the results folder, whatever the terminal showed.
    expect(readFileSync(join(r.store, 'latest', 'warnings.txt'), 'utf8')).toMatch(/n0 wrote a line that is not a valid message/);
  });

  test('children a node started are ended with it', async () => {
    const r = await ygossip('test', '-w', 'echo', '--bin', 'test/fixtures/spawns-child.mjs', '--node-count', '2', '--time-limit', '1', '--rate', '5');
    const logs = join(r.store, 'latest', 'node-logs');
    const pids = readdirSync(logs).flatMap((f) => [...readFileSync(join(logs, f), 'utf8').matchAll(/child (\d+)/g)].map((m) => Number(m[1])));
    expect(pids.length).toBe(2);
    for (const pid of pids) expect(alive(pid), `child ${pid}`).toBe(false);
  });

  test('--nemesis kill,pause on real processes: kills, restarts with a log per incarnation, pauses, no crash', async () => {
    const r = await ygossip(
      ...'test -w broadcast --bin test/fixtures/forward-retry.mjs --node-count 3 --time-limit 6 --rate 10 --nemesis kill,pause --nemesis-interval 1 --seed 2'.split(
        ' ',
      ),
    );
    expect([0, 1], r.stderr).toContain(r.status); // a verdict, not a crash: killed nodes are not crashes
    const history = readFileSync(join(r.store, 'latest', 'history.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const killed = history.filter((op) => op.f === 'kill' && Array.isArray(op.value)).flatMap((op) => op.value);
    expect(killed.length).toBeGreaterThan(0);
    expect(history.some((op) => op.f === 'pause')).toBe(true);
    const logs = readdirSync(join(r.store, 'latest', 'node-logs'));
    for (const node of new Set(killed)) expect(logs, `${node} restarted`).toContain(`${node}.2.log`);
    expect(r.stdout).toMatch(/nemesis +.*kill ×\d+ \(\d+ nodes\)/);
  });

  test("usage errors name the flag and exit 254, Jepsen's status for bad arguments", async () => {
    const noBin = await ygossip('test', '-w', 'broadcast');
    expect(noBin.stderr).toMatch(/--bin/);
    expect(noBin.status).toBe(254);
    const missing = await ygossip('test', '-w', 'broadcast', '--bin', 'no/such/bin');
    expect(missing.status).toBe(254);
    expect(missing.stderr).toMatch(/no such file/);
    const rate = await ygossip('test', '-w', 'broadcast', '--bin', 'bin/broadcast', '--rate', 'fast');
    expect(rate.status).toBe(254);
    expect(rate.stderr).toMatch(/--rate/);
    expect((await ygossip('frobnicate')).status).toBe(254);
  });

  test('Gossip Glomers 4 on seq-kv: the example node is valid under partitions, its service traffic journaled', async () => {
    const r = await ygossip(
      ...'test -w g-counter --bin examples/g-counter-seq-kv.mjs --node-count 3 --rate 100 --time-limit 2 --nemesis partition --nemesis-interval 0.5 --json'.split(
        ' ',
      ),
    );
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results.workload['final-reads']).toEqual([results.workload.acceptable[0][0], results.workload.acceptable[0][0], results.workload.acceptable[0][0]]);
    expect(results.workload['final-reads'][0]).toBeGreaterThan(0);
    const journal = readFileSync(join(r.store, 'latest', 'net-journal.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const toSeqKv = journal.filter((e) => e.type === 'send' && e.message.dest === 'seq-kv').length;
    const fromSeqKv = journal.filter((e) => e.type === 'recv' && e.message.src === 'seq-kv').length;
    expect(toSeqKv).toBeGreaterThan(results.stats.count); // a write per add, a scratch write and 3 reads per read
    expect(fromSeqKv).toBe(toSeqKv); // every request answered and delivered, partitions or not
  });
});

describe.concurrent('--faults isolated:NODE', () => {
  test('sim: the stable latency among the other nodes is in results.json and the summary', async () => {
    const args = ['-w', 'broadcast', '--node-count', '5', '--time-limit', '3', '--rate', '20', '--latency', '20', '--seed', '3', '--faults', 'isolated:n0'];
    const r = await ygossip('sim', ...args, '--json');
    expect(r.status, r.stderr).toBe(0);
    const outside = JSON.parse(r.stdout)['stable-outside'];
    expect(outside.excluded).toEqual(['n0']);
    expect(outside['stable-count']).toBeGreaterThan(0);
    const plain = await ygossip('sim', ...args);
    expect(plain.stdout).toMatch(/outside n0 +stable latency min \d+/);
    // How long the run itself took, apart from writing its results folder (stderr with --json).
    expect(plain.stdout).toMatch(/^Run: \d+\.\d\d s \(simulation and checkers\); results folder: \d+\.\d\d s$/m);
    expect(r.stderr).toMatch(/^Run: \d+\.\d\d s/m);
  });

  test('a sweep reports the latency outside the fault across its seeds', async () => {
    const r = await ygossip(...'sim -w broadcast --node-count 5 --time-limit 3 --rate 20 --latency 20 --faults isolated:n0 --seeds 1..3'.split(' '));
    expect(r.status, r.stdout).toBe(0);
    const line = /outside n0: stable p50 per seed median (\d+) ms, worst (\d+) ms; worst max (\d+) ms; unstable values (\d+) \(3 seeds\)/.exec(r.stdout);
    expect(line, r.stdout).not.toBeNull();
    const [median, worst, max] = line!.slice(1, 4).map(Number);
    expect(median).toBeGreaterThan(0);
    expect(worst).toBeGreaterThanOrEqual(median);
    expect(max).toBeGreaterThanOrEqual(worst);
  });

  test('a node that is not in the test is a usage error naming the nodes', async () => {
    const r = await ygossip('sim', '-w', 'broadcast', '--node-count', '3', '--faults', 'isolated:n7');
    expect(r.status).toBe(254);
    expect(r.stderr).toMatch(/--faults isolated:n7 names no node of this test \(n0, n1, n2\)/);
    expect((await ygossip('test', '-w', 'broadcast', '--bin', 'bin/broadcast', '--faults', 'sideways')).stderr).toMatch(/--faults/);
  });

  test('lin-kv over real processes: results per key and the failures, as Maelstrom shapes them; a bad concurrency is a usage error', async () => {
    const r = await ygossip(
      ...'test -w lin-kv --bin test/fixtures/lin-kv-local.mjs --node-count 2 --concurrency 2n --time-limit 2 --rate 30 --json'.split(' '),
    );
    const results = JSON.parse(r.stdout);
    expect(Object.keys(results.workload.results)).toEqual(['0']);
    expect(results.workload.results['0']).toMatchObject({ linearizable: {}, timeline: { 'valid?': true } });
    expect(results.stats['by-f'].cas.count).toBeGreaterThan(0);
    // A copy per node: not linearizable, and the key is named.
    expect(results['valid?']).toBe(false);
    expect(results.workload.failures).toEqual([0]);
    expect(r.status).toBe(1);
    const casIgnored = await ygossip(
      ...'test -w lin-kv --bin test/fixtures/lin-kv-cas-ignored.mjs --node-count 1 --concurrency 2n --time-limit 2 --rate 30 --json'.split(' '),
    );
    expect(JSON.parse(casIgnored.stdout).workload.results['0'].linearizable['valid?']).toBe(false);
    const bad = await ygossip('test', '-w', 'lin-kv', '--bin', 'test/fixtures/lin-kv-local.mjs', '--node-count', '2');
    expect(bad.status).toBe(254);
    expect(bad.stderr).toMatch(/--concurrency must be a multiple of 2n = 4 for lin-kv/);
    const sim = await ygossip('sim', '-w', 'lin-kv', '--concurrency', '2n');
    expect(sim.status).toBe(254);
    expect(sim.stderr).toMatch(/no node of its own for lin-kv/);
  });

  test('bin/kafka over real processes: valid on two nodes, with the kafka result and msgs-per-op', async () => {
    const r = await ygossip(...'test -w kafka --bin bin/kafka --node-count 2 --concurrency 2n --time-limit 2 --rate 100 --json'.split(' '));
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results.workload).toMatchObject({ 'valid?': true, 'bad-error-types': [] });
    expect(results.stats['by-f'].send['ok-count']).toBeGreaterThan(20);
    expect(results.net.servers['msgs-per-op']).toBeGreaterThan(0);
  });
});

test('sim --disk-faults: a sweep counts each disk fault injected and the recoveries; the replay command keeps the faults', async () => {
  const r = await ygossip(
    ...'sim -w g-set --node-count 3 --time-limit 4 --rate 50 --nemesis kill --nemesis-interval 1 --disk-faults all --seeds 1..4'.split(' '),
  );
  const line =
    /^disk faults injected: (\d+) torn writes, (\d+) zeroed tails, (\d+) failed syncs; recovered: (\d+) torn tails cut and kept beside the log, (\d+) restarts from the log \(4 seeds\)$/m.exec(
      r.stdout,
    );
  expect(line, r.stdout).not.toBeNull();
  const [, , , failed, , restarts] = line!.map(Number);
  expect(restarts).toBe(failed);
  expect(r.stdout).not.toMatch(/lost [1-9]/);
  for (const replay of r.stdout.matchAll(/replay: (.*)/g)) expect(replay[1]).toContain('--disk-faults torn,zeroed,fsync');
});
