import { describe, expect, it } from 'vitest';
import type { Results } from '../../../src/runner/run/analysis.js';
import type { JournalEvent } from '../../../src/runner/records/journal.js';
import { formatSummary as summaryOf } from '../../../src/runner/output/summary.js';
import { formatReport as reportOf, type ReportContext } from '../../../src/runner/output/text-report.js';
import { createWorkload, type WorkloadName } from '../../../src/runner/workloads/index.js';
import { analyzeRun } from '../../helpers/analyze-run.js';
import { historyBuilder } from '../checkers/history-builder.js';

/** Results of a workload remember it, so the formatting calls read as before. */
const of = new WeakMap<Results, WorkloadName>();
const analyze = ({ workload, history, journal }: { workload: WorkloadName; history: Parameters<typeof analyzeRun>[1]; journal: JournalEvent[] }): Results => {
  const results = analyzeRun(workload, history, journal);
  of.set(results, workload);
  return results;
};
const formatSummary = (r: Results, o: { color: boolean }) => summaryOf(r, createWorkload(of.get(r)!), o);
const formatReport = (r: Results, c: ReportContext = {}) => reportOf(r, createWorkload(of.get(r)!), c);

const ansi = /\x1b\[/;

function setRun(lastRead: number[]) {
  const h = historyBuilder();
  for (let e = 0; e < 14; e++) {
    h.invoke(0, 'broadcast', e, e);
    h.ok(0, 'broadcast', e, e + 0.5);
  }
  h.invoke(1, 'read', null, 50);
  h.ok(1, 'read', [], 51);
  h.invoke(1, 'read', null, 100, { final: true });
  h.ok(1, 'read', lastRead, 101, { final: true });
  h.invoke(2, 'read', null, 102);
  h.fail(2, 'read', null, 103);
  const journal: JournalEvent[] = [];
  const send = (src: string, dest: string, body: object) => {
    const message = { id: journal.length, src, dest, body: { type: 'x', ...body } };
    journal.push({ id: journal.length, time: 0, type: 'send', message });
  };
  for (let k = 0; k < 33; k++) send('c1', 'n1', {});
  for (let k = 0; k < 85; k++) send('n1', 'n2', { v: k });
  return analyze({ workload: 'broadcast', history: h.ops, journal });
}

describe('formatSummary', () => {
  it('gives a valid set run its counts, latency quantiles, op stats and per-op figures', () => {
    const all = Array.from({ length: 14 }, (_, i) => i);
    const text = formatSummary(setRun(all), { color: false });
    expect(text).not.toMatch(ansi);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Verdict: valid');
    expect(text).toMatch(/elements +attempted 14, stable 14, lost 0, never-read 0, stale 14/);
    expect(text).toMatch(/stable latency +min 36, p50 43, p95 49, p99 49, max 49 ms/);
    expect(text).toMatch(/ops +17 completed: 16 ok, 1 fail, 0 info/);
    // 118 messages / 17 invocations; servers 85 / 17 = 5
    expect(text).toMatch(/msgs-per-op +servers 5\.0, all 6\.9411764 \(fly\.io Gossip Glomers bars read the servers figure\)/);
    expect(text).toMatch(/bytes-per-op +servers \d/);
    // labels are padded to one column
    const valueColumns = lines.slice(1, -1).map((l) => l.search(/ {2}\S/));
    expect(new Set(valueColumns).size).toBe(1);
  });

  it('names lost elements (the first few) and says INVALID', () => {
    const text = formatSummary(setRun([13]), { color: false });
    expect(text.split('\n')[0]).toBe('Verdict: INVALID (workload INVALID)');
    expect(text).toMatch(/lost +0 1 2 3 4 5 6 7 8 9 … \(3 more\)/);
    expect(text).toMatch(/lost latency/);
  });

  it('colours the verdict only when asked: green, red, yellow', () => {
    expect(formatSummary(setRun(Array.from({ length: 14 }, (_, i) => i)), { color: true })).toMatch(/\x1b\[32m.*valid/);
    expect(formatSummary(setRun([]), { color: true })).toMatch(/\x1b\[31m.*INVALID/);
    const unknown = analyze({ workload: 'g-set', history: [], journal: [] });
    const text = formatSummary(unknown, { color: true });
    expect(text).toMatch(/\x1b\[33m.*unknown/);
    expect(formatSummary(unknown, { color: false })).not.toMatch(ansi);
  });

  it('shows final reads and acceptable ranges for counters', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 10, 0);
    h.ok(0, 'add', 10, 1);
    h.invoke(1, 'add', 5, 2);
    h.info(1, 'add', 5, 3);
    for (const [p, v] of [
      [5, 11],
      [6, 15],
    ]) {
      h.invoke(p, 'read', null, 10, { final: true });
      h.ok(p, 'read', v, 11, { final: true });
    }
    const text = formatSummary(analyze({ workload: 'pn-counter', history: h.ops, journal: [] }), { color: false });
    expect(text).toMatch(/final reads +11 15/);
    expect(text).toMatch(/acceptable +\[10 10\] \[15 15\]/);
    expect(text).toMatch(/bad reads +#\d+ ok read 11/);
    expect(text).toMatch(/msgs-per-op +servers 0\.0/);
  });

  it('says a checker failed and why', () => {
    const h = historyBuilder();
    h.invoke(0, 'read', null, 0, { final: true });
    h.ok(0, 'read', 'x', 1, { final: true });
    const text = formatSummary(analyze({ workload: 'g-counter', history: h.ops, journal: [] }), { color: false });
    expect(text.split('\n')[0]).toBe('Verdict: unknown (workload unknown)');
    expect(text).toMatch(/workload error +final read 1 returned "x", not an integer/);
  });
});

describe('formatReport', () => {
  it('holds the summary, stats by f, net details and worst-stale entries', () => {
    const text = formatReport(setRun(Array.from({ length: 14 }, (_, i) => i)), {
      command: 'ygossip test -w broadcast --bin x --seed 7',
      seed: 7,
    });
    expect(text).not.toMatch(ansi);
    expect(text).toMatch(/^ygossip test report\n-+\n/);
    expect(text).toMatch(/command +ygossip test -w broadcast --bin x --seed 7/);
    expect(text).toMatch(/workload +broadcast/);
    expect(text).toContain('Verdict: valid');
    expect(text).toMatch(/f +count +ok +fail +info +valid\?/);
    expect(text).toMatch(/broadcast +14 +14 +0 +0 +valid/);
    expect(text).toMatch(/read +3 +2 +1 +0 +valid/);
    expect(text).toMatch(/servers +85 +0 +85 +\d+ +5\.0 +\d/);
    expect(text).toMatch(/clients +33 +0 +33 +\d+ +- +-/);
    expect(text).toMatch(/Worst stale elements/);
    // 8 worst-stale rows, largest latency first: element 0 (known at 0.5 ms, last missed at 50 ms)
    expect(text).toMatch(/\n0 +49 +#1 ok add 0 p0 @0\.500ms +#28 invoke read null p1 @50\.000ms/);
    expect(text.match(/ @50\.000ms/g)).toHaveLength(8);
    expect(text).toMatch(/stats +INVALID|stats +valid/);
  });

  it('lists exceptions when there are some', () => {
    const h = historyBuilder();
    h.invoke(0, 'echo', 'Please echo 1', 0);
    h.info(0, 'echo', 'Please echo 1', 1, { exception: 'indeterminate: timed out' });
    const text = formatReport(analyze({ workload: 'echo', history: h.ops, journal: [] }));
    expect(text).toMatch(/Exceptions\n-+\nclass +count +example\nindeterminate +1 +#1 info echo "Please echo 1"/);
    expect(text).toMatch(/echo errors +1/);
    expect(text).toMatch(/sent "Please echo 1", received "Please echo 1"/);
  });
});
