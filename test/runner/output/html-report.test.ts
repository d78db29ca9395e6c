// writeHtmlReport over real results folders made by the simulation: the embedded series must
// account for every op and message the checkers counted, the nemesis's partitions must be
// there when it ran and absent when it did not, and a 25-node 20 s report stays small.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHtmlReport } from '../../../src/runner/output/index.js';
import type { ReportData } from '../../../src/runner/output/report-data.js';
import { ensureBuilt, readJson, simFolder } from './sim-folder.js';

type Results = Record<string, unknown> & { 'valid?': unknown };
const store = mkdtempSync(join(tmpdir(), 'ygossip-report-'));

// The writer inlines the page bundle that build.mjs makes.
beforeAll(ensureBuilt);
afterAll(() => rmSync(store, { recursive: true, force: true }));

/** A results folder written by `ygossip sim`, and its results.json. */
async function simRun(args: string[], seed = 1): Promise<{ dir: string; results: Results }> {
  const dir = simFolder(store, [...args, '--seed', String(seed)]);
  return { dir, results: readJson<Results>(dir, 'results.json') };
}

async function report(dir: string): Promise<{ html: string; data: ReportData }> {
  const path = await writeHtmlReport(dir);
  expect(path).toBe(join(dir, 'report.html'));
  const html = readFileSync(path, 'utf8');
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  return { html, data: JSON.parse(json![1]) as ReportData };
}

/** Five nodes, partitions every second, `seconds` long. */
const partitionedBroadcast = (seconds: number): string[] =>
  `-w broadcast --node-count 5 --time-limit ${seconds} --rate 30 --latency 20 --nemesis partition --nemesis-interval 1`.split(' ');

const sum = (rows: number[][] | number[], width: number): number => Math.round((rows as number[]).flat().reduce((a: number, b: number) => a + b, 0) * width);

describe('report.html', () => {
  it('is the same page whether drawn from what the run held or from the folder read back', async () => {
    const { dir } = await simRun(partitionedBroadcast(4));
    const written = readFileSync(join(dir, 'report.html'), 'utf8'); // the run drew it from memory
    const { html, data } = await report(dir); // drawn again from history.jsonl and net-journal.jsonl
    expect(data.lamport?.messages.length).toBeGreaterThan(0);
    expect(written).toBe(html);
  });

  it('accounts for every op, element and message of a partitioned broadcast run', async () => {
    const { dir, results } = await simRun(partitionedBroadcast(6));
    const { html, data } = await report(dir);
    expect(html).not.toMatch(/<script[^>]+src=|<link\b|<img\b/);
    expect(data.verdict).toBe(results['valid?']);
    expect(data.figures.find((f) => f.label === 'lost')?.value).toBe('0');

    // Partitions: spans inside the run, each opened and closed.
    expect(data.spans.length).toBeGreaterThan(0);
    for (const s of data.spans) {
      expect(s.kind).toBe('partition');
      expect(s.start).toBeLessThanOrEqual(s.end);
      expect(s.end).toBeLessThanOrEqual(data.durationS);
    }

    // Every completed client op is one latency point and one count in the throughput.
    const stats = results.stats as { count: number; 'by-f': Record<string, { 'ok-count': number }> };
    expect(data.latency.sampled).toBe(false);
    expect(data.latency.series.reduce((n, s) => n + s.x.length, 0)).toBe(stats.count);
    for (const [f, c] of Object.entries(stats['by-f'])) {
      expect(data.latency.series.find((s) => s.label === `${f} ok`)?.x.length).toBe(c['ok-count']);
    }
    expect(
      sum(
        data.throughput.series.map((s) => s.y),
        data.throughput.bucketS,
      ),
    ).toBe(stats.count);

    // Each stable element is one point; the highest is the checker's max stable latency.
    const w = results.workload as { 'stable-count': number; 'lost-count': number; 'never-read-count': number; 'stable-latencies': Record<string, number> };
    expect(data.stable!.series[0].x.length).toBe(w['stable-count']);
    expect(data.stable!.series[1].x.length).toBe(w['lost-count']);
    expect(data.stable!.neverRead).toBe(w['never-read-count']);
    expect(Math.max(...data.stable!.series[0].y)).toBe(w['stable-latencies']['1']);

    // Messages: servers' sends are the net checker's; client traffic is its count less init.
    const net = results.net as { servers: { 'send-count': number }; clients: { 'send-count': number } };
    const m = data.messages!;
    expect(m.nodes).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(sum(m.servers, m.bucketS)).toBe(net.servers['send-count']);
    expect(sum(m.clients, m.bucketS)).toBe(net.clients['send-count'] - 2 * 5);

    // A small cluster gets a Lamport window that opens at the first partition.
    const l = data.lamport!;
    expect(l.processes.slice(0, 5)).toEqual(m.nodes);
    expect(l.messages.length).toBeGreaterThan(0);
    expect(l.start).toBeLessThanOrEqual(data.spans[0].start);
    for (const [from, to, sent, received] of l.messages) {
      expect(from).not.toBe(to);
      if (received >= 0) expect(received).toBeGreaterThanOrEqual(sent);
    }
    expect(l.messages.some((msg) => msg[3] < 0)).toBe(true); // a partition dropped something
  });

  it('has no spans or marks when no nemesis ran, and no Lamport diagram past 10 nodes', async () => {
    const { dir } = await simRun(['-w', 'broadcast', '--node-count', '11', '--time-limit', '2', '--rate', '20']);
    const { data } = await report(dir);
    expect(data.spans).toEqual([]);
    expect(data.marks).toEqual([]);
    expect(data.lamport).toBeUndefined();
    expect(data.messages!.nodes).toHaveLength(11);
  });

  it('plots counter reads against the acceptable range', async () => {
    const { dir, results } = await simRun('-w pn-counter --node-count 3 --time-limit 3 --rate 20 --nemesis partition --nemesis-interval 1'.split(' '));
    const { data } = await report(dir);
    const w = results.workload as { acceptable: [number, number][]; 'final-reads': number[] };
    expect(data.stable).toBeUndefined();
    expect(data.counter!.acceptable).toEqual(w.acceptable);
    expect(data.counter!.reads[1].y).toEqual(w['final-reads']);
    const { lower, upper } = data.counter!.bounds;
    expect(lower[lower.length - 1]).toBeLessThanOrEqual(w.acceptable[0][0]);
    expect(upper[upper.length - 1]).toBeGreaterThanOrEqual(w.acceptable[w.acceptable.length - 1][1]);
  });

  it('stays under 2 MB for a 25-node, 20 s run at rate 100 with latency 100 and partitions', async () => {
    const { dir } = await simRun('-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --nemesis partition'.split(' '));
    const { html, data } = await report(dir);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    expect(data.lamport).toBeUndefined();
    expect(data.spans.length).toBeGreaterThan(0);
  });

  it('still reports a run that could not complete, whose journal ends mid-line', async () => {
    const { dir } = await simRun(['-w', 'broadcast', '--node-count', '3', '--time-limit', '1', '--rate', '10']);
    rmSync(join(dir, 'results.json'));
    writeFileSync(join(dir, 'report.txt'), 'node n1 exited (exit code 3); nodes must run until killed\n');
    appendFileSync(join(dir, 'net-journal.jsonl'), '{"id":99999,"time":1,"type":"se');
    const { data } = await report(dir);
    expect(data.verdict).toBe('error');
    expect(data.error).toMatch(/n1 exited/);
    expect(data.checkers).toEqual([]);
    expect(data.messages!.nodes).toHaveLength(3);
  });
});
