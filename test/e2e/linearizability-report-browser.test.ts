// report.html's linearizability section in a real browser: Debian's Chromium (driven by
// playwright-core) opens the report of a results folder whose lin-kv result refutes a key and
// checks that the timeline drew every op of the counterexample on its lane, marked the blocking
// op, wrote the final paths, raised no error and asked the network for nothing; a valid result's
// report has no such section. Without Chromium at /usr/bin/chromium (or $YGOSSIP_CHROMIUM)
// these tests skip and say so.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkLinearizability } from '../../src/runner/checkers/linearizability/index.js';
import type { Op } from '../../src/runner/records/history.js';
import { writeHtmlReport } from '../../src/runner/output/index.js';
import { ensureBuilt } from '../runner/output/sim-folder.js';

const chromiumPath = process.env.YGOSSIP_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set YGOSSIP_CHROMIUM)`);

const store = mkdtempSync(join(tmpdir(), 'ygossip-lin-browser-'));
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  ensureBuilt();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(store, { recursive: true, force: true });
});

/** Three clients on key 0: two writes, a read that sees the overwritten value, a timed-out cas. */
function history(stale: boolean): Op[] {
  const ops: Op[] = [];
  const add = (type: Op['type'], process: number, f: string, value: unknown): void =>
    void ops.push({ index: ops.length, time: ops.length * 5_000_000, type, process, f, value });
  add('invoke', 0, 'write', [0, 1]);
  add('invoke', 3, 'cas', [0, [1, 3]]);
  add('ok', 0, 'write', [0, 1]);
  add('invoke', 0, 'write', [0, 2]);
  add('info', 3, 'cas', [0, [1, 3]]);
  add('ok', 0, 'write', [0, 2]);
  add('invoke', 2, 'read', [0, null]);
  add('invoke', 1, 'read', [0, null]);
  add('ok', 2, 'read', [0, 2]);
  add('ok', 1, 'read', [0, stale ? 1 : 2]);
  return ops;
}

async function reportOf(name: string, ops: Op[]): Promise<string> {
  const dir = join(store, name);
  mkdirSync(dir);
  const workload = checkLinearizability(ops);
  writeFileSync(join(dir, 'test.json'), JSON.stringify({ workload: 'lin-kv', nodes: ['n0', 'n1', 'n2'] }));
  writeFileSync(join(dir, 'history.jsonl'), `${ops.map((o) => JSON.stringify(o)).join('\n')}\n`);
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ 'valid?': workload['valid?'], workload }));
  return writeHtmlReport(dir);
}

describe.skipIf(!hasChromium)('report.html linearizability timeline in Chromium', () => {
  test('draws the refuted key: every op on its lane, the blocking read in red, the final paths', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    const path = await reportOf('stale', history(true));
    await page.goto(`file://${path}`);
    await page.waitForSelector('html[data-rendered]', { timeout: 15_000 });
    const seen = await page.evaluate(() => {
      const svg = document.querySelector('#plot-linearizability-0 svg.linearizability')!;
      const blocking = svg.querySelector('g.op.blocking');
      return {
        title: document.querySelector('#plot-linearizability-0 h2')?.textContent,
        bars: svg.querySelectorAll('g.op rect.bar').length,
        expected: window.ygossipReport!.data.linearizability![0].bars.length,
        lanes: [...svg.querySelectorAll('text.lane')].map((t) => t.textContent),
        blocking: blocking?.querySelector('text.op-label')?.textContent,
        blockingWidth: Number(blocking?.querySelector('rect.bar')?.getAttribute('width')),
        fading: svg.querySelectorAll('g.op.info rect.tail').length,
        lines: document.querySelector('#plot-linearizability-0 pre.lin-lines')?.textContent,
      };
    });
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(seen.title).toBe('Not linearizable: key 0');
    expect(seen.bars).toBe(seen.expected);
    expect(seen.bars).toBe(5);
    expect(seen.lanes).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(seen.blocking).toBe('read 1');
    expect(seen.blockingWidth).toBeGreaterThan(20);
    expect(seen.fading).toBe(1);
    expect(seen.lines).toContain("can't read 1 from register 2");
    await page.close();
  });

  test('a linearizable run has no such section', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${await reportOf('fine', history(false))}`);
    await page.waitForSelector('html[data-rendered]', { timeout: 15_000 });
    expect(await page.locator('svg.linearizability').count()).toBe(0);
    expect(await page.locator('#verdict').textContent()).toBe('valid');
    await page.close();
  });
});
