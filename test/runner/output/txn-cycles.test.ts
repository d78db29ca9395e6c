// report.html's dependency-cycle section: the data drawn from a txn checker's result (only
// when it found a cycle), where the drawing puts boxes, arrows and labels, and a results
// folder with an invalid txn run whose report carries the cycle while a valid one's does not.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkListAppend, checkTxnRwRegister } from '../../../src/runner/checkers/txn/index.js';
import type { Op } from '../../../src/runner/records/history.js';
import { writeHtmlReport } from '../../../src/runner/output/index.js';
import type { ReportData, TxnCycleDrawing } from '../../../src/runner/output/report-data.js';
import { layoutCycle, type Box } from '../../../src/runner/output/report-page/txn-cycle-layout.js';
import { txnCycleData } from '../../../src/runner/output/txn-cycles.js';
import { concurrent, readSkew, serial } from '../../helpers/txn-history.js';
import { ensureBuilt } from './sim-folder.js';

const skewed = readSkew();
const staleRead = serial([['w', 'x', 1]], [['r', 'x', null]]);

describe('txnCycleData', () => {
  it('draws each cycle: transactions in order, each step with its relation, label and sentence', () => {
    const data = txnCycleData(checkListAppend(skewed))!;
    expect(data.total).toBe(1);
    const [c] = data.cycles;
    expect(c.type).toBe('G-single-item');
    expect(c.txns.map((t) => [t.name, t.outcome, t.mops])).toEqual([
      ['T1', 'ok', ['r "x" []', 'r "y" [1]']],
      ['T2', 'ok', ['append "x" 1', 'append "y" 1']],
    ]);
    expect(c.steps).toEqual([
      { rel: 'rw', label: 'rw "x": init → 1', why: 'T1 observed the initial (nil) state of "x", which T2 created by appending 1' },
      { rel: 'wr', label: 'wr "y": 1', why: 'T1 observed T2\'s append of 1 to key "y"' },
    ]);
  });

  it('explains register steps and real time in their own words', () => {
    const [c] = txnCycleData(checkTxnRwRegister(staleRead))!.cycles;
    expect(c.type).toBe('G-single-item-realtime');
    expect(c.steps.map((s) => s.rel)).toEqual(['rw', 'realtime']);
    expect(c.steps[0].why).toBe('T1 read key "x" = null, and T2 set it to 1, which came later in the version order');
    expect(c.steps[1].why).toMatch(/^T2 completed at index \d+, 0\.009 seconds before the invocation of T1, at index \d+$/);
  });

  it('is absent for a valid result, a result with anomalies but no cycle, and other workloads', () => {
    expect(txnCycleData(checkListAppend(serial([['append', 'x', 1]], [['r', 'x', [1]]])))).toBeUndefined();
    expect(txnCycleData(checkListAppend(concurrent([['append', 'x', 1]], [['r', 'x', [1, 1]]])))).toBeUndefined();
    expect(txnCycleData({ 'valid?': true, 'lost-count': 0 })).toBeUndefined();
  });
});

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const onEdge = (p: { x: number; y: number }, b: Box): boolean => {
  const inside = p.x >= b.x - 0.2 && p.x <= b.x + b.w + 0.2 && p.y >= b.y - 0.2 && p.y <= b.y + b.h + 0.2;
  const border = [Math.abs(p.x - b.x), Math.abs(p.x - b.x - b.w), Math.abs(p.y - b.y), Math.abs(p.y - b.y - b.h)].some((d) => d < 0.2);
  return inside && border;
};
const drawing = (n: number): TxnCycleDrawing => ({
  type: 'G2-item',
  txns: Array.from({ length: n }, (_, i) => ({ name: `T${i + 1}`, index: i, process: '0', outcome: 'ok', mops: ['r 1 []', 'append 2 3'] })),
  steps: Array.from({ length: n }, () => ({ rel: 'rw', label: 'rw 1: init → 3', why: '' })),
});

describe('layoutCycle', () => {
  it.each([2, 3, 4, 6, 9])('keeps %i boxes apart and inside the figure, arrows from border to border', (n) => {
    const l = layoutCycle(drawing(n));
    for (let i = 0; i < n; i++) {
      const b = l.boxes[i];
      expect(b.x >= 0 && b.y >= 0 && b.x + b.w <= l.width && b.y + b.h <= l.height).toBe(true);
      for (let j = i + 1; j < n; j++) expect(overlap(b, l.boxes[j]), `${i} ${j}`).toBe(false);
      const nums = l.arrows[i].d.replace(/[MQ]/g, '').trim().split(/\s+/).map(Number);
      expect(onEdge({ x: nums[0], y: nums[1] }, b), `arrow ${i} starts on T${i + 1}`).toBe(true);
      expect(onEdge({ x: nums[4], y: nums[5] }, l.boxes[(i + 1) % n]), `arrow ${i} ends on the next box`).toBe(true);
    }
  });

  it('stacks the two arrows of a two-transaction cycle, labels apart', () => {
    const l = layoutCycle(drawing(2));
    expect(Math.abs(l.arrows[0].labelY - l.arrows[1].labelY)).toBeGreaterThan(40);
  });

  it('loops a transaction that depends on itself back onto its own box', () => {
    const l = layoutCycle(drawing(1));
    expect(l.arrows[0].d).toMatch(/^M .* C /);
    expect(l.arrows[0].labelX).toBeGreaterThan(l.boxes[0].x + l.boxes[0].w);
  });
});

describe('report.html of a txn run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ygossip-txn-report-'));
  beforeAll(ensureBuilt);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function reportOf(history: Op[], workload: unknown): Promise<ReportData> {
    writeFileSync(join(dir, 'test.json'), JSON.stringify({ workload: 'txn-list-append', nodes: ['n0'] }));
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ workload, 'valid?': (workload as { 'valid?': unknown })['valid?'] }));
    writeFileSync(join(dir, 'history.jsonl'), `${history.map((op) => JSON.stringify(op)).join('\n')}\n`);
    const html = readFileSync(await writeHtmlReport(dir), 'utf8');
    return JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]) as ReportData;
  }

  it('carries the cycle and the anomalies when the checker found one, and nothing when the run is valid', async () => {
    const invalid = await reportOf(skewed, checkListAppend(skewed));
    expect(invalid.txnCycles?.cycles.map((c) => c.type)).toEqual(['G-single-item']);
    expect(invalid.figures.find((f) => f.label === 'anomalies')).toEqual({ label: 'anomalies', value: 'G-single-item', bad: true });
    const ok = serial([['append', 'x', 1]], [['r', 'x', [1]]]);
    const valid = await reportOf(ok, checkListAppend(ok));
    expect(valid.txnCycles).toBeUndefined();
  });
});
