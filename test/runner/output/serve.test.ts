// `ygossip serve` over HTTP: the index lists runs newest first with their verdicts, a report is
// drawn on first request, and nothing outside the store can be read.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunDir, formatReport, parseTestOptions, simulate, writeRunFiles, type TestOptions } from '../../../src/runner/index.js';
import { serveRuns, type RunningServer } from '../../../src/runner/output/index.js';
import { parseRunTimestamp } from '../../../src/runner/output/run-index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const store = mkdtempSync(join(tmpdir(), 'ygossip-serve-'));
let server: RunningServer;
const runs: string[] = [];

async function simRun(workload: string, date: Date, breakIt = false): Promise<string> {
  const options = parseTestOptions(['-w', workload, '--node-count', '3', '--time-limit', '1', '--rate', '10'], { requireBin: false }) as TestOptions;
  const outcome = await simulate(options, { seed: 5 });
  const dir = createRunDir(store, workload, date);
  const results = breakIt ? { ...outcome.results!, 'valid?': false as const } : outcome.results!;
  await writeRunFiles(dir, { results, history: outcome.history, journal: outcome.journal, report: formatReport(results), test: options });
  return dir;
}

/** GET with the path sent as written (no URL normalisation), so `..` reaches the server. */
function get(path: string): Promise<{ status: number; body: string; location?: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/report-page.js'))) execFileSync(process.execPath, ['build.mjs'], { cwd: root });
  runs.push(await simRun('broadcast', new Date('2026-01-02T03:04:05Z')));
  runs.push(await simRun('g-counter', new Date('2026-03-02T03:04:05Z'), true));
  runs.push(await simRun('echo', new Date('2026-02-02T03:04:05Z')));
  writeFileSync(join(store, 'secret.txt'), 'not a run file');
  mkdirSync(join(store, 'empty-dir'));
  server = await serveRuns({ store, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  rmSync(store, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'ygossip-outside.txt'), { force: true });
});

describe('ygossip serve', () => {
  it('listens on loopback and lists runs newest first with their verdicts', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { status, body } = await get('/');
    expect(status).toBe(200);
    const rows = [...body.matchAll(/<tr class="run"><td>[^<]*<\/td><td>([^<]+)<\/td><td class="(\w+)"/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['g-counter', 'invalid'],
      ['echo', 'valid'],
      ['broadcast', 'valid'],
    ]);
  });

  it('draws a missing report on first request and serves it', async () => {
    const rel = runs[0].slice(store.length + 1);
    expect(existsSync(join(runs[0], 'report.html'))).toBe(false);
    const { status, body } = await get(`/runs/${rel.split('/').map(encodeURIComponent).join('/')}/report.html`);
    expect(status).toBe(200);
    expect(body).toContain('id="report-data"');
    expect(existsSync(join(runs[0], 'report.html'))).toBe(true);
    const files = await get(`/runs/${rel.split('/').map(encodeURIComponent).join('/')}/node-logs`);
    expect(files.status).toBe(302);
  });

  it('serves nothing outside the store, even through a symlink', async () => {
    for (const path of ['/runs/../../../etc/passwd', '/runs/%2e%2e/%2e%2e/etc/passwd', '/runs/broadcast/..%2f..%2fetc/passwd', '/etc/passwd', '/runs/escape/passwd']) {
      expect((await get(path)).status, path).toBe(404);
    }
    cpSync('/etc/hostname', join(tmpdir(), 'ygossip-outside.txt'));
    execFileSync('ln', ['-sfn', tmpdir(), join(store, 'escape')]);
    expect((await get('/runs/escape/ygossip-outside.txt')).status).toBe(404);
    expect((await get('/runs/secret.txt')).status).toBe(200);
  });
});

describe('run timestamps', () => {
  it('reads createRunDir names back as the moment they name, suffix or not', () => {
    expect(parseRunTimestamp('20260102T030405.678+0100')?.toISOString()).toBe('2026-01-02T02:04:05.678Z');
    expect(parseRunTimestamp('20260102T030405.678-0500-2')?.toISOString()).toBe('2026-01-02T08:04:05.678Z');
    expect(parseRunTimestamp('latest')).toBeUndefined();
  });
});
