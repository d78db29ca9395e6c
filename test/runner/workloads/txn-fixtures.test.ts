// The txn checker against nodes built to have (or not have) one isolation anomaly, each a short
// real run of a fixture (test/fixtures/txn-*.mjs) through the runner: a serial single node is
// valid under strict-serializable; a node that shows a transaction's writes one at a time
// reads intermediate state (G1b) and one whose aborted transactions were read by others reads
// aborted state (G1a), both invalid under read-committed with the anomaly named; replicas that
// run transactions without coordinating are read committed but not serializable, the cycle
// explained step by step.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isCycleCase, txnReportLines, type CycleCase, type TxnResult } from '../../../src/runner/checkers/txn/index.js';
import { checkBin, createProcessHostFactory } from '../../../src/runner/hosts/process-host.js';
import { createJournal } from '../../../src/runner/records/journal.js';
import { parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import { createRandom } from '../../../src/runner/base/random.js';
import { runTest, type RunOutcome } from '../../../src/runner/run/phases.js';
import { createRealClock } from '../../../src/runner/base/runner-clock.js';
import { createWorkload } from '../../../src/runner/workloads/index.js';

async function run(fixture: string, ...args: string[]): Promise<RunOutcome & { options: TestOptions }> {
  const options = parseOptions('test', ['--bin', `test/fixtures/${fixture}.mjs`, '--time-limit', '2', '--rate', '200', '--seed', '1', ...args]) as TestOptions;
  const hosts = createProcessHostFactory({ bin: checkBin(options.bin), logDir: mkdtempSync(join(tmpdir(), 'ygossip-txn-')) });
  try {
    const outcome = await runTest(options, { clock: createRealClock(), hosts, random: createRandom(options.seed), journal: createJournal() });
    return { ...outcome, options };
  } finally {
    await hosts.stopAll();
  }
}

const txnResult = (o: RunOutcome): TxnResult => o.results!.workload as TxnResult;
/** The same history judged under other models. */
const rejudged = (o: RunOutcome & { options: TestOptions }, models: string[]): TxnResult =>
  createWorkload(o.options.workload, { ...o.options, consistencyModels: models }).check(o.history) as TxnResult;
const oks = (o: RunOutcome): number => o.history.filter((op) => op.f === 'txn' && op.type === 'ok').length;

describe.concurrent('txn fixtures: the verdicts Elle gives', () => {
  test('a serial single node is valid under strict-serializable, on both workloads', async () => {
    for (const w of ['txn-rw-register', 'txn-list-append']) {
      const o = await run('txn-serial', '-w', w, '--node-count', '1', '--concurrency', '4', '--availability', 'total');
      expect(oks(o)).toBeGreaterThan(150);
      expect(o.results!.availability).toMatchObject({ 'valid?': true, 'ok-fraction': 1 });
      expect(txnResult(o)['valid?']).toBe(true);
      expect(o.results!['valid?']).toBe(true);
    }
  });

  test("a node that exposes a transaction's writes one at a time: G1b, invalid under read-committed", async () => {
    const o = await run('txn-no-isolation', '-w', 'txn-rw-register', '--node-count', '1', '--concurrency', '8', '--consistency-models', 'read-committed');
    const r = txnResult(o);
    expect(r['valid?']).toBe(false);
    expect(r['anomaly-types']).toContain('G1b');
    expect(r.not).toContain('read-committed');
    // Read uncommitted allows intermediate reads: the ruler does not see G1b where it is allowed.
    expect(rejudged(o, ['read-uncommitted'])['anomaly-types'] ?? []).not.toContain('G1b');
  });

  test('a node whose aborted transactions (code 30) were read by others: G1a, invalid under read-committed', async () => {
    const o = await run(
      'txn-dirty-abort',
      '-w',
      'txn-rw-register',
      '--node-count',
      '1',
      '--concurrency',
      '8',
      '--consistency-models',
      'read-committed',
      '--availability',
      'total',
    );
    const r = txnResult(o);
    const aborted = o.history.filter((op) => op.type === 'fail');
    expect(aborted.length).toBeGreaterThan(10);
    expect(aborted.every((op) => JSON.stringify(op.error) === JSON.stringify(['txn-conflict', 'transaction aborted after its writes were seen']))).toBe(true);
    expect(r['valid?']).toBe(false);
    expect(r['anomaly-types']).toContain('G1a');
    const g1a = (r.anomalies!.G1a as { op: { index: number }; writer: { type: string } }[])[0];
    expect(g1a.writer.type).toBe('fail');
    // Every abort counts against --availability: total availability is gone.
    expect(o.results!.availability).toMatchObject({ 'valid?': false });
  });

  test('replicas without coordination: read committed, but not serializable, the cycle shown', async () => {
    // Three keys in play: the two replicas contend on them whatever the machine's load.
    const o = await run(
      'txn-split-replicas',
      '-w',
      'txn-rw-register',
      '--node-count',
      '2',
      '--concurrency',
      '8',
      '--key-count',
      '3',
      '--consistency-models',
      'serializable',
    );
    const r = txnResult(o);
    expect(r['valid?']).toBe(false);
    const cycles = Object.values(r.anomalies!)
      .flatMap((cases) => (Array.isArray(cases) ? cases : []))
      .filter(isCycleCase) as CycleCase[];
    expect(cycles.length).toBeGreaterThan(0);
    expect(cycles.every((c) => c.type === 'G-single-item' || c.type === 'G2-item')).toBe(true);
    const first = cycles[0];
    expect(first.cycle[0]).toEqual(first.cycle.at(-1));
    expect(first.steps.some((s) => s.type === 'rw')).toBe(true);
    const report = txnReportLines(r, 'rw-register').join('\n');
    expect(report).toMatch(/Let:\n\s+T1 = /);
    expect(report).toMatch(/Then:\n\s+- T1 < T2, because/);
    // Whole transactions applied atomically on every replica: nothing read committed forbids.
    expect(rejudged(o, ['read-committed'])['valid?']).toBe(true);
  });
});
