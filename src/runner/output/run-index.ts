// The runs under a store folder (store/<workload>/<timestamp>/, as createRunDir lays them out),
// newest first, each with its verdict and a few facts from results.json and test.json.
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface RunEntry {
  /** Path under the store with forward slashes, e.g. broadcast/20261127T113748.244+0000. */
  path: string;
  dir: string;
  workload: string;
  /** Start time from the folder name, or the folder's mtime. */
  time: Date;
  verdict: true | false | 'unknown' | 'error';
  nodes?: number;
  nemesis?: string;
  timeLimit?: number;
  rate?: number;
  hasReport: boolean;
}

const runFiles = ['results.json', 'test.json', 'history.jsonl'];
const cache = new Map<string, { mtimeMs: number; entry: RunEntry }>();

/** Folders at depth 1 or 2 under `store` that hold a run's files; symlinks (latest) skipped. */
export function listRuns(store: string): RunEntry[] {
  const runs: RunEntry[] = [];
  const visit = (dir: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (depth > 0 && entries.some((e) => e.isFile() && runFiles.includes(e.name))) {
      runs.push(describeRun(store, dir));
      return;
    }
    if (depth < 2) for (const e of entries) if (e.isDirectory()) visit(join(dir, e.name), depth + 1);
  };
  visit(store, 0);
  return runs.sort((a, b) => b.time.getTime() - a.time.getTime() || (a.path < b.path ? 1 : -1));
}

function describeRun(store: string, dir: string): RunEntry {
  const mtimeMs = statSync(dir).mtimeMs;
  const hasReport = safeStat(join(dir, 'report.html'));
  const hit = cache.get(dir);
  if (hit && hit.mtimeMs === mtimeMs) return { ...hit.entry, hasReport };
  const path = relative(store, dir).split(sep).join('/');
  const test = readJson(join(dir, 'test.json'));
  const results = readJson(join(dir, 'results.json'));
  const valid = results?.['valid?'];
  const entry: RunEntry = {
    path,
    dir,
    workload: typeof test?.workload === 'string' ? test.workload : path.split('/')[0],
    time: parseRunTimestamp(path.split('/').pop() ?? '') ?? new Date(mtimeMs),
    verdict: results === undefined ? 'error' : valid === true || valid === false ? valid : 'unknown',
    nodes: Array.isArray(test?.nodes) ? test.nodes.length : undefined,
    nemesis: Array.isArray(test?.nemesis) ? test.nemesis.join(',') || 'none' : undefined,
    timeLimit: typeof test?.timeLimit === 'number' ? test.timeLimit : undefined,
    rate: typeof test?.rate === 'number' ? test.rate : undefined,
    hasReport,
  };
  cache.set(dir, { mtimeMs, entry });
  return entry;
}

/** 20261127T113748.244+0000 (runTimestamp's form, maybe with a -k suffix) as a Date. */
export function parseRunTimestamp(name: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})([+-])(\d{2})(\d{2})/.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, sign, oh, om] = m;
  const offsetMin = (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om));
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms) - offsetMin * 60_000);
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8'));
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

function safeStat(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
