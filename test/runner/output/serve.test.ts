// `ygossip serve` over HTTP: the index lists runs newest first with their verdicts, a report is
// drawn on first request, and nothing outside the store can be read.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRuns, type RunningServer } from '../../../src/runner/output/index.js';
import { parseRunTimestamp } from '../../../src/runner/output/run-index.js';
import { readJson, simFolder } from './sim-folder.js';

const made = mkdtempSync(join(tmpdir(), 'ygossip-made-'));
const store = mkdtempSync(join(tmpdir(), 'ygossip-serve-'));
let server: RunningServer;
const runs: string[] = [];

/** A `ygossip sim` run copied to store/<workload>/<name> (names as createRunDir makes them), without its report. */
function simRun(workload: string, name: string, breakIt = false): string {
  const made_ = simFolder(made, ['-w', workload, '--node-count', '3', '--time-limit', '1', '--rate', '10', '--seed', '5']);
  const dir = join(store, workload, name);
  cpSync(made_, dir, { recursive: true });
  rmSync(join(dir, 'report.html'), { force: true });
  if (breakIt) writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...readJson(dir, 'results.json'), 'valid?': false }));
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
  runs.push(simRun('broadcast', '20260102T030405.000+0000'));
  runs.push(simRun('g-counter', '20260302T030405.000+0000', true));
  runs.push(simRun('echo', '20260202T040405.000+0100'));
  writeFileSync(join(store, 'secret.txt'), 'not a run file');
  mkdirSync(join(store, 'empty-dir'));
  server = await serveRuns({ store, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  rmSync(store, { recursive: true, force: true });
  rmSync(made, { recursive: true, force: true });
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
    for (const path of [
      '/runs/../../../etc/passwd',
      '/runs/%2e%2e/%2e%2e/etc/passwd',
      '/runs/broadcast/..%2f..%2fetc/passwd',
      '/etc/passwd',
      '/runs/escape/passwd',
    ]) {
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
