// report.html and `ygossip serve` as a person sees them: Debian's Chromium (driven by
// playwright-core, no browser download) opens reports of real runs made with the CLI and checks
// that every plot drew what the run holds, that partitions are shaded when the nemesis ran and
// not otherwise, that the page asks the network for nothing, and takes screenshots. With
// YGOSSIP_SCREENSHOTS=DIR (npm run screenshots) the screenshots for the README go to DIR.
// Without Chromium at /usr/bin/chromium (or $YGOSSIP_CHROMIUM) these tests skip and say so.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const chromiumPath = process.env.YGOSSIP_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const screenshotDir = process.env.YGOSSIP_SCREENSHOTS ? resolve(root, process.env.YGOSSIP_SCREENSHOTS) : undefined;
if (!hasChromium) {
  console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set YGOSSIP_CHROMIUM)`);
}

const store = mkdtempSync(join(tmpdir(), 'ygossip-browser-'));
const shots = mkdtempSync(join(tmpdir(), 'ygossip-shots-'));
let browser: BrowserContext;
let serveProcess: ChildProcess | undefined;
const runs: Record<'partitioned' | 'faultFree' | 'real', string> = { partitioned: '', faultFree: '', real: '' };

/** Runs the CLI as a user does and returns the report path its summary names. */
function ygossip(...args: string[]): string {
  const r = spawnSync(join(root, 'bin/ygossip'), [...args, '--store', store], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const path = /^Report: (.+)$/m.exec(r.stdout)?.[1];
  expect(path, r.stdout).toBeDefined();
  return path!;
}

const sim = ['sim', '-w', 'broadcast', '--node-count', '5', '--time-limit', '10', '--rate', '20', '--latency', '20', '--seed', '1'];

beforeAll(async () => {
  if (!hasChromium) return;
  if (!existsSync(join(root, 'dist/cli.js'))) execFileSync(process.execPath, ['build.mjs'], { cwd: root });
  runs.faultFree = ygossip(...sim);
  runs.partitioned = ygossip(...sim, '--nemesis', 'partition', '--nemesis-interval', '2');
  runs.real = ygossip(...'test -w broadcast --bin bin/broadcast --node-count 3 --time-limit 2 --rate 10 --nemesis partition --nemesis-interval 1'.split(' '));
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ygossip-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  serveProcess?.kill('SIGTERM');
  await browser?.close();
  rmSync(store, { recursive: true, force: true });
  rmSync(shots, { recursive: true, force: true });
});

interface ChartSeen {
  series: number;
  labels: string[];
  points: number[];
  inked: number;
  shaded: number;
  /** Share of the plot column at the first span's middle that is tinted red (the shading). */
  tintAtFirstSpan: number;
}

/** Opens a report and returns what each chart and the diagram drew, read off the live page. */
async function open(
  page: Page,
  url: string,
): Promise<{
  charts: Record<string, ChartSeen>;
  lamport?: { lines: number; drops: number; spans: number; expected: number };
  requests: string[];
  errors: string[];
  renderMs: number;
}> {
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('html[data-rendered]', { timeout: 15_000 });
  const seen = await page.evaluate(() => {
    const report = window.ygossipReport!;
    const firstSpan = report.data.spans[0];
    const charts: Record<string, ChartSeen> = {};
    for (const [name, u] of Object.entries(report.charts)) {
      const canvas = u.ctx.canvas;
      const pixels = u.ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200)) inked++;
      let tint = 0;
      if (firstSpan) {
        const x = Math.round(u.valToPos((firstSpan.start + firstSpan.end) / 2, 'x', true));
        const column = u.ctx.getImageData(x, Math.round(u.bbox.top), 1, Math.round(u.bbox.height)).data;
        let red = 0;
        for (let i = 0; i < column.length; i += 4) if (column[i + 3] > 0 && column[i] - column[i + 1] > 8 && column[i] - column[i + 2] > 8) red++;
        tint = red / (column.length / 4);
      }
      charts[name] = {
        series: Number(u.root.dataset.series),
        labels: u.series.slice(1).map((s) => String(s.label)),
        points: JSON.parse(u.root.dataset.points ?? '[]'),
        inked,
        shaded: Number(u.root.dataset.shaded ?? -1),
        tintAtFirstSpan: tint,
      };
    }
    const svg = document.querySelector('svg.lamport');
    const lamport = svg
      ? {
          lines: svg.querySelectorAll('line.msg').length,
          drops: svg.querySelectorAll('line.msg.dropped').length,
          spans: svg.querySelectorAll('rect.span').length,
          expected: report.data.lamport!.messages.length,
        }
      : undefined;
    return { charts, lamport, renderMs: report.renderMs };
  });
  return { ...seen, requests, errors };
}

function resultsOf(reportPath: string): { stats: { count: number; 'by-f': Record<string, Record<string, number>> }; workload: { 'stable-count': number } } {
  return JSON.parse(readFileSync(join(reportPath, '..', 'results.json'), 'utf8'));
}

/** One label per f and outcome that occurred, as the checker counted them. */
function expectedLatencySeries(reportPath: string): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const [f, c] of Object.entries(resultsOf(reportPath).stats['by-f'])) {
    for (const outcome of ['ok', 'fail', 'info']) if (c[`${outcome}-count`] > 0) expected[`${f} ${outcome}`] = c[`${outcome}-count`];
  }
  return expected;
}

/** A screenshot for the record; `forDocs` ones also go to $YGOSSIP_SCREENSHOTS (deterministic runs only). */
async function screenshot(page: Page, name: string, forDocs = false): Promise<void> {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect(statSync(path).size).toBeGreaterThan(20_000);
  if (screenshotDir && forDocs) {
    mkdirSync(screenshotDir, { recursive: true });
    // The header and the time plots; the Lamport diagram below them is as long as it needs.
    const height = Math.min(2520, await page.evaluate(() => document.documentElement.scrollHeight));
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1280, height } });
  }
}

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  test('a partitioned run: every plot drew its series and points, partitions shaded, no network', async () => {
    const page = await browser.newPage();
    const seen = await open(page, `file://${runs.partitioned}`);
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([`file://${runs.partitioned}`]);
    console.log(`partitioned report rendered in ${seen.renderMs.toFixed(0)} ms`);

    const expected = expectedLatencySeries(runs.partitioned);
    const { latency, throughput, stable, messagesServers, messagesClients } = seen.charts;
    expect(Object.fromEntries(latency.labels.map((l, i) => [l, latency.points[i]]))).toEqual(expected);
    expect(throughput.labels.sort()).toEqual(Object.keys(expected).sort());
    expect(stable.points[0]).toBe(resultsOf(runs.partitioned).workload['stable-count']);
    for (const chart of [messagesServers, messagesClients]) expect(chart.labels).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);

    for (const [name, chart] of Object.entries(seen.charts)) {
      expect(chart.series, name).toBe(chart.labels.length);
      expect(chart.inked, name).toBeGreaterThan(500);
      expect(chart.shaded, name).toBeGreaterThan(0);
      expect(chart.tintAtFirstSpan, name).toBeGreaterThan(0.5);
    }
    expect(seen.lamport!.lines).toBe(seen.lamport!.expected);
    expect(seen.lamport!.lines).toBeGreaterThan(50);
    expect(seen.lamport!.drops).toBeGreaterThan(0);
    expect(seen.lamport!.spans).toBeGreaterThan(0);
    expect(await page.locator('#verdict').textContent()).toBe('valid');
    await screenshot(page, 'report-partitioned', true);
    await page.close();
  });

  test('a fault-free run: the same plots, nothing shaded, nothing dropped', async () => {
    const page = await browser.newPage();
    const seen = await open(page, `file://${runs.faultFree}`);
    expect(seen.errors).toEqual([]);
    expect(Object.keys(seen.charts).sort()).toEqual(['latency', 'messagesClients', 'messagesServers', 'stable', 'throughput']);
    for (const [name, chart] of Object.entries(seen.charts)) {
      expect(chart.inked, name).toBeGreaterThan(500);
      expect(chart.shaded, name).toBe(0);
    }
    expect(seen.lamport!.spans).toBe(0);
    expect(seen.lamport!.drops).toBe(0);
    expect(await page.locator('.fault-key').count()).toBe(0);
    await screenshot(page, 'report-fault-free', true);
    await page.close();
  });

  test('a real `ygossip test` run with partitions draws the same way', async () => {
    const page = await browser.newPage();
    const seen = await open(page, `file://${runs.real}`);
    expect(seen.errors).toEqual([]);
    const { latency, messagesServers } = seen.charts;
    expect(Object.fromEntries(latency.labels.map((l, i) => [l, latency.points[i]]))).toEqual(expectedLatencySeries(runs.real));
    expect(messagesServers.labels).toEqual(['n0', 'n1', 'n2']);
    for (const [name, chart] of Object.entries(seen.charts)) {
      expect(chart.inked, name).toBeGreaterThan(500);
      expect(chart.shaded, name).toBeGreaterThan(0);
    }
    expect(seen.lamport!.lines).toBe(seen.lamport!.expected);
    await screenshot(page, 'report-real');
    await page.close();
  });

  test('ygossip serve: the index lists the runs newest first, and a link opens the report', async () => {
    serveProcess = spawn(join(root, 'bin/ygossip'), ['serve', '--store', store, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolveLine, reject) => {
      createInterface({ input: serveProcess!.stdout! }).once('line', resolveLine);
      serveProcess!.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line)?.[1];
    expect(url, line).toBeDefined();

    const page = await browser.newPage();
    await page.goto(url!);
    const rows = page.locator('tr.run');
    expect(await rows.count()).toBe(3);
    expect(await rows.locator('td.valid').count()).toBe(3);
    await page.locator('tr.run a.report').first().click();
    await page.waitForSelector('html[data-rendered]', { timeout: 15_000 });
    // The newest run is the real test, made last.
    expect(await page.locator('h1').textContent()).toContain(runs.real.split('/').at(-2));
    expect(page.url()).toMatch(/\/report\.html$/);
    await screenshot(page, 'serve-report');
    await page.locator('a.back').click();
    await page.waitForURL(url!);
    await screenshot(page, 'serve-index', true);
    await page.close();
  });
});
