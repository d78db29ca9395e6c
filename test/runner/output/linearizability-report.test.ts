// report.html's linearizability section: present, with the counterexample's ops on their lanes,
// exactly when a key of the workload's result failed; absent for a valid result; never an error
// for a result it cannot read. Results folders are written by hand here (the lin-kv workload
// that fills them is another module), with the checker's real output in results.json.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../src/runner/checkers/linearizability/index.js';
import type { Op } from '../../../src/runner/records/history.js';
import { writeHtmlReport } from '../../../src/runner/output/index.js';
import { linearizabilityTimelines } from '../../../src/runner/output/linearizability-timelines.js';
import type { ReportData } from '../../../src/runner/output/report-data.js';
import { ensureBuilt } from './sim-folder.js';

const store = mkdtempSync(join(tmpdir(), 'ygossip-lin-report-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(store, { recursive: true, force: true }));

/** key 0: write 1, write 2, then a read of 1 (stale); key 1: fine. */
function history(stale: boolean): Op[] {
  const ops: Op[] = [];
  const add = (type: Op['type'], process: number, f: string, value: unknown): void =>
    void ops.push({ index: ops.length, time: ops.length * 10_000_000, type, process, f, value });
  add('invoke', 0, 'write', [0, 1]);
  add('ok', 0, 'write', [0, 1]);
  add('invoke', 1, 'write', [1, 3]);
  add('invoke', 0, 'write', [0, 2]);
  add('ok', 0, 'write', [0, 2]);
  add('ok', 1, 'write', [1, 3]);
  add('invoke', 2, 'read', [0, null]);
  add('ok', 2, 'read', [0, stale ? 1 : 2]);
  add('invoke', 3, 'cas', [0, [2, 4]]);
  add('info', 3, 'cas', [0, [2, 4]]);
  return ops;
}

function runFolder(name: string, ops: Op[], workload: unknown): string {
  const dir = join(store, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'test.json'), JSON.stringify({ workload: 'lin-kv', nodes: ['n0', 'n1', 'n2'] }));
  writeFileSync(join(dir, 'history.jsonl'), `${ops.map((o) => JSON.stringify(o)).join('\n')}\n`);
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ 'valid?': (workload as { 'valid?': unknown })['valid?'], workload }));
  return dir;
}

async function reportData(dir: string): Promise<ReportData> {
  const html = readFileSync(await writeHtmlReport(dir), 'utf8');
  return JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]) as ReportData;
}

describe('report.html linearizability section', () => {
  it('draws the refuted key: its ops on a lane per process, the blocking read, the previous ok write, the final path', async () => {
    const ops = history(true);
    const data = await reportData(runFolder('stale', ops, checkLinearizability(ops)));
    expect(data.verdict).toBe(false);
    expect(data.linearizability).toHaveLength(1);
    const t = data.linearizability![0];
    expect(t.key).toBe('0');
    expect(t.processes).toEqual(['p0', 'p2']);
    const blocking = t.bars.find((b) => b.role === 'blocking')!;
    expect(blocking).toMatchObject({ label: 'read 1', outcome: 'ok', lane: 1, start: 0.06, end: 0.07, from: 4, to: 5 });
    expect(t.columns).toBe(6);
    expect(t.bars.find((b) => b.role === 'previous-ok')).toMatchObject({ label: 'write 2', order: 2 });
    // The timed-out cas was invoked after the read completed: not part of the story.
    expect(t.bars.some((b) => b.label === 'cas [2 4]')).toBe(false);
    expect(t.lines.join('\n')).toContain("register 2 → p2 read 1: can't read 1 from register 2");
  });

  it('has no section when every key is linearizable', async () => {
    const ops = history(false);
    const data = await reportData(runFolder('fine', ops, checkLinearizability(ops)));
    expect(data.verdict).toBe(true);
    expect(data.linearizability).toBeUndefined();
  });

  it('reads nothing it does not understand: other workloads, checker errors, mangled counterexamples', () => {
    expect(linearizabilityTimelines(undefined)).toBeUndefined();
    expect(linearizabilityTimelines({ 'valid?': true, 'lost-count': 0 })).toBeUndefined();
    expect(linearizabilityTimelines({ 'valid?': 'unknown', error: 'boom' })).toBeUndefined();
    expect(linearizabilityTimelines({ 'valid?': false, results: { 0: { 'valid?': false, linearizable: { counterexample: { ops: [{}] } } } } })).toBeUndefined();
    const real = checkLinearizability(history(true));
    expect(linearizabilityTimelines(JSON.parse(JSON.stringify(real)))).toHaveLength(1);
  });
});
