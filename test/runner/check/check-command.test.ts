// `ygossip check` over histories already written: our results folder checks to the results.json
// the run wrote; Maelstrom's store layout names the workload; EDN histories of unique-ids and
// lin-kv are judged (a duplicate invalid, 1 and 1.0 distinct); a folder of runs gives a verdict
// each, a total and Jepsen's exit status; unreadable and unplaceable histories say why.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkHistory } from '../../../src/runner/check/index.js';
import { findHistories } from '../../../src/runner/check/find-histories.js';
import { formatExactJson } from '../../../src/runner/base/exact-json.js';
import { ensureBuilt, readJson, simFolder } from '../output/sim-folder.js';

const root = join(import.meta.dirname, '..', '..', '..');
const store = mkdtempSync(join(tmpdir(), 'ygossip-check-'));

/** Writes `lines` as store/<name>/<run>/history.edn, Maelstrom's layout; returns the run folder. */
function maelstromRun(name: string, run: string, lines: string[]): string {
  const dir = join(store, 'maelstrom', name, run);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'history.edn'), `${lines.join('\n')}\n`);
  return dir;
}

const generate = (process: number, id: string, t: number): string[] => [
  `{:index 0, :time ${t}, :type :invoke, :process ${process}, :f :generate, :value nil}`,
  `{:index 1, :time ${t + 1}, :type :ok, :process ${process}, :f :generate, :value ${id}}`,
];

const uniqueBad = maelstromRun('unique-ids', '20240101T000000.000-0000', [
  ...generate(0, '"n1-1"', 10),
  ...generate(1, '"n1-1"', 20),
  ...generate(0, '"n2-1"', 30),
]);
const uniqueFloats = maelstromRun('unique-ids', '20240101T000001.000-0000', [...generate(0, '1', 10), ...generate(1, '1.0', 20)]);
const linKv = maelstromRun('lin-kv', '20240101T000002.000-0000', [
  '{:index 0, :time 1, :type :invoke, :process 0, :f :write, :value [0 3]}',
  '{:index 1, :time 2, :type :ok, :process 0, :f :write, :value [0 3]}',
  '{:index 2, :time 3, :type :invoke, :process 1, :f :read, :value [1 nil]}',
  '{:index 3, :time 4, :type :ok, :process 1, :f :read, :value [1 nil]}',
]);
mkdirSync(join(linKv, 'independent', '0'), { recursive: true });
writeFileSync(join(linKv, 'independent', '0', 'history.edn'), '{:type :ok, :process 0, :f :write, :value 3}\n');

const options = { json: false, paths: [] };

describe('ygossip check', () => {
  test('a results folder of ours checks to the results.json its run wrote', async () => {
    const dir = simFolder(
      join(store, 'ours'),
      '-w broadcast --node-count 3 --time-limit 3 --rate 20 --nemesis partition --nemesis-interval 1 --seed 3'.split(' '),
    );
    const checked = await checkHistory(join(dir, 'history.jsonl'), options);
    expect(checked).toMatchObject({ workload: 'broadcast', from: 'test.json' });
    expect(JSON.parse(formatExactJson(checked.results))).toEqual(readJson(dir, 'results.json'));
  });

  test("Maelstrom's layout names the workload; a repeated id is invalid, 1 and 1.0 are two ids", async () => {
    const bad = await checkHistory(join(uniqueBad, 'history.edn'), options);
    expect(bad).toMatchObject({ workload: 'unique-ids', from: 'folder', ops: 6 });
    expect(bad.results!.workload).toMatchObject({ 'valid?': false, 'duplicated-count': 1, duplicated: [['n1-1', 2]], range: ['n1-1', 'n2-1'] });
    expect(bad.results!.net).toBeUndefined();
    const floats = await checkHistory(join(uniqueFloats, 'history.edn'), options);
    expect(floats.results!.workload['valid?']).toBe(true);
  });

  test("a lin-kv history.edn: results per key; Maelstrom's independent/ subhistories are not runs", async () => {
    expect(await findHistories(linKv)).toEqual([join(linKv, 'history.edn')]);
    const checked = await checkHistory(join(linKv, 'history.edn'), options);
    expect(Object.keys((checked.results!.workload as unknown as { results: object }).results)).toEqual(['0', '1']);
    // A read of nil is legal in any state (Knossos's cas-register): both keys are linearizable.
    expect(checked.results!.workload['valid?']).toBe(true);
  });

  test('a history no folder or -w places says so; -w places it', async () => {
    const loose = join(store, 'loose.edn');
    writeFileSync(loose, '{:type :invoke, :process 0, :f :txn, :value [[:r 1 nil]]}\n');
    expect((await checkHistory(loose, options)).error).toMatch(/pass -w/);
    const named = await checkHistory(join(uniqueBad, 'history.edn'), { ...options, workload: 'echo' });
    expect(named).toMatchObject({ workload: 'echo', from: '-w' });
  });

  test('the command: a verdict per history, a total, the worst exit status; bad input 255, no path 254', () => {
    ensureBuilt();
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/ygossip'), 'check', ...args], { cwd: root, encoding: 'utf8' });
    const all = run(join(store, 'maelstrom'));
    expect(all.status).toBe(1);
    expect(all.stdout).toMatch(/== .*unique-ids\/20240101T000000.000-0000\/history.edn \(unique-ids from folder, 6 ops\)\nVerdict: INVALID/);
    expect(all.stdout).toMatch(/3 histories: 2 valid, 1 invalid, 0 unknown, 0 not checked/);
    const garbage = join(store, 'garbage.edn');
    writeFileSync(garbage, '{:type :ok :process');
    const unreadable = run('-w', 'echo', garbage, uniqueFloats);
    expect(unreadable.status).toBe(255);
    expect(unreadable.stdout).toMatch(/error: cannot read the history/);
    expect(run().status).toBe(254);
    const json = run('--json', uniqueFloats);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ 'valid?': true, histories: [{ workload: 'unique-ids' }] });
  });
});
