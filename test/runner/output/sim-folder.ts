// Results folders for the report tests, made the way a user makes them (`ygossip sim`), so the
// tests depend on the folder's files only, as the report writer does.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Op } from '../../../src/runner/records/history.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** Builds the CLI and the report page bundle if they are missing. */
export function ensureBuilt(): void {
  if (!existsSync(join(root, 'dist/cli.js')) || !existsSync(join(root, 'dist/report-page.js'))) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: root });
  }
}

/** Runs `ygossip sim ARGS --store STORE` and returns the run's folder. */
export function simFolder(store: string, args: string[]): string {
  ensureBuilt();
  const r = spawnSync(process.execPath, [join(root, 'bin/ygossip'), 'sim', ...args, '--store', store], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const dir = /^Results: (.+)$/m.exec(r.stdout)?.[1];
  if (!dir) throw new Error(`ygossip sim ${args.join(' ')} wrote no results folder (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return dir;
}

export function readJson<T = Record<string, unknown>>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

export function readHistory(dir: string): Op[] {
  return readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Op);
}
