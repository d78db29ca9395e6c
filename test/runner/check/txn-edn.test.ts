// `ygossip check` over Maelstrom's txn histories (history.edn as Jepsen writes it: keywords for
// fs and micro-op names, vectors for transactions): txn-list-append and txn-rw-register placed
// by Maelstrom's store layout or by their micro-ops, each judged by Elle's checker: a history
// with the anomaly invalid and the anomaly named, one without it valid, and --consistency-models
// reaching the checker.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkHistory } from '../../../src/runner/check/index.js';
import { findHistories } from '../../../src/runner/check/find-histories.js';
import type { TxnResult } from '../../../src/runner/checkers/txn/index.js';
import { ensureBuilt } from '../output/sim-folder.js';

const store = mkdtempSync(join(tmpdir(), 'ygossip-txn-edn-'));

function edn(name: string, run: string, lines: string[]): string {
  const dir = join(store, name, run);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'history.edn'), `${lines.join('\n')}\n`);
  return join(dir, 'history.edn');
}

/** One transaction on `process`: its invocation and completion lines, Jepsen's field order. */
function txn(index: number, process: number, request: string, type: string, completion: string, extra = ''): string[] {
  return [
    `{:index ${index}, :time ${index * 10}, :type :invoke, :process ${process}, :f :txn, :value ${request}}`,
    `{:index ${index + 1}, :time ${index * 10 + 5}, :type :${type}, :process ${process}, :f :txn, :value ${completion}${extra}}`,
  ];
}

// Each reads the other's append: T0 -wr→ T1 -wr→ T0, G1c.
const appendG1c = edn('txn-list-append', '20240101T000000.000-0000', [
  ...txn(0, 0, '[[:append 1 1] [:r 2 nil]]', 'ok', '[[:append 1 1] [:r 2 [1]]]'),
  ...txn(2, 1, '[[:append 2 1] [:r 1 nil]]', 'ok', '[[:append 2 1] [:r 1 [1]]]'),
]);
const appendSerial = edn('txn-list-append', '20240101T000001.000-0000', [
  ...txn(0, 0, '[[:append 1 1] [:r 2 nil]]', 'ok', '[[:append 1 1] [:r 2 nil]]'),
  ...txn(2, 1, '[[:append 2 1] [:r 1 nil]]', 'ok', '[[:append 2 1] [:r 1 [1]]]'),
  ...txn(4, 0, '[[:r 1 nil] [:r 2 nil]]', 'ok', '[[:r 1 [1]] [:r 2 [1]]]'),
]);
// A write the node aborted (code 30), read by another transaction: G1a.
const registerG1a = edn('txn-rw-register', '20240101T000000.000-0000', [
  ...txn(0, 0, '[[:r 1 nil] [:w 1 1]]', 'fail', '[[:r 1 nil] [:w 1 1]]', ', :error [:txn-conflict "aborted"]'),
  ...txn(2, 1, '[[:r 1 nil] [:w 1 2]]', 'ok', '[[:r 1 1] [:w 1 2]]'),
]);
const registerSerial = edn('txn-rw-register', '20240101T000001.000-0000', [
  ...txn(0, 0, '[[:r 1 nil] [:w 1 1]]', 'ok', '[[:r 1 nil] [:w 1 1]]'),
  ...txn(2, 1, '[[:r 1 nil] [:w 1 2]]', 'ok', '[[:r 1 1] [:w 1 2]]'),
  ...txn(4, 0, '[[:r 1 nil]]', 'ok', '[[:r 1 2]]'),
]);

const options = { json: false, paths: [] };
const workloadOf = (r: Awaited<ReturnType<typeof checkHistory>>): TxnResult => r.results!.workload as TxnResult;

describe('ygossip check: Elle/Jepsen EDN histories of the txn workloads', () => {
  test('txn-list-append: the store layout names it; G1c is found and named, a serial history is valid', async () => {
    const bad = await checkHistory(appendG1c, options);
    expect(bad).toMatchObject({ workload: 'txn-list-append', from: 'folder', ops: 4 });
    expect(workloadOf(bad)).toMatchObject({ 'valid?': false, 'anomaly-types': ['G1c'], not: ['read-committed'] });
    expect(bad.results!['valid?']).toBe(false);
    const good = await checkHistory(appendSerial, options);
    expect(workloadOf(good)).toEqual({ 'valid?': true });
    expect(good.results!['valid?']).toBe(true);
  });

  test('txn-rw-register: a read of an aborted write is G1a; writes that follow reads serially are valid', async () => {
    const bad = await checkHistory(registerG1a, options);
    expect(bad).toMatchObject({ workload: 'txn-rw-register', from: 'folder' });
    expect(workloadOf(bad)['valid?']).toBe(false);
    expect(workloadOf(bad)['anomaly-types']).toContain('G1a');
    const good = await checkHistory(registerSerial, options);
    expect(workloadOf(good)).toMatchObject({ 'valid?': true, 'anomaly-types': [] });
  });

  test('--consistency-models reaches the checker and the summary: G1c is allowed under read-uncommitted', async () => {
    const weak = await checkHistory(appendG1c, { ...options, consistencyModels: ['read-uncommitted'] });
    expect(workloadOf(weak)).toEqual({ 'valid?': true });
    ensureBuilt();
    const root = join(import.meta.dirname, '..', '..', '..');
    const cli = spawnSync(process.execPath, [join(root, 'bin/ygossip'), 'check', appendG1c, '--consistency-models', 'read-uncommitted'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/\nmodels +read-uncommitted\n/);
  });

  test('a store/latest symlink named on the command line is followed; under a folder it is not counted again', async () => {
    const runs = join(store, 'txn-list-append');
    symlinkSync(join(runs, '20240101T000001.000-0000'), join(runs, 'latest'));
    expect(await findHistories(join(runs, 'latest'))).toEqual([join(runs, 'latest', 'history.edn')]);
    expect(await findHistories(runs)).toEqual([appendG1c, appendSerial]);
  });

  test('outside the store layout, the micro-ops tell the two apart', async () => {
    const loose = (name: string, lines: string[]): string => {
      const path = join(store, name);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    };
    const appends = loose('appends.edn', txn(0, 0, '[[:append 1 1]]', 'ok', '[[:append 1 1]]'));
    const writes = loose('writes.edn', txn(0, 0, '[[:w 1 1]]', 'ok', '[[:w 1 1]]'));
    const reads = loose('reads.edn', txn(0, 0, '[[:r 1 nil]]', 'ok', '[[:r 1 nil]]'));
    expect(await checkHistory(appends, options)).toMatchObject({ workload: 'txn-list-append', from: 'ops' });
    expect(await checkHistory(writes, options)).toMatchObject({ workload: 'txn-rw-register', from: 'ops' });
    expect((await checkHistory(reads, options)).error).toMatch(/pass -w/);
  });
});
