// `ygossip check`: the analysis of `ygossip test` over histories already written, ours or
// Maelstrom's, one verdict per history and a total. What a run's folder knows (test.json: the
// workload, the nodes and threads, --availability; its message journal) is used when present.
// Exit status: 1 if any history is invalid, else 255 if any could not be read or had no known
// workload, else 2 if any is unknown, else 0; 254 for bad arguments.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze, type Results } from '../run/analysis.js';
import { tallyJournal } from '../checkers/net.js';
import { mergeValid, type Validity } from '../checkers/valid.js';
import { formatExactJson, parseExactJson } from '../base/exact-json.js';
import { exitCodes } from '../command-line/exit-codes.js';
import type { Op } from '../records/history.js';
import type { JournalEvent } from '../records/journal.js';
import { parseCheckOptions, UsageError, checkHelp, type CheckOptions } from '../command-line/options.js';
import { formatSummary } from '../output/summary.js';
import { createWorkload, defaultWorkloadOptions, type Workload, type WorkloadName } from '../workloads/index.js';
import { findHistories } from './find-histories.js';
import { readHistoryFile } from './history-file.js';
import { inferWorkload } from './infer-workload.js';

export interface CheckedHistory {
  path: string;
  workload?: WorkloadName;
  /** How the workload was known: -w, test.json, the folder's name, or the ops. */
  from?: string;
  ops?: number;
  results?: Results;
  /** Why the history could not be checked. */
  error?: string;
}

/** The workload each history was judged by (its flags included), for its summary rows. */
const judgedBy = new WeakMap<CheckedHistory, Workload>();

export async function checkCommand(argv: string[]): Promise<number> {
  const options = parseCheckOptions(argv);
  if (options === 'help') {
    process.stdout.write(checkHelp);
    return exitCodes.valid;
  }
  const paths: string[] = [];
  for (const path of options.paths) {
    let found: string[];
    try {
      found = await findHistories(path);
    } catch (e) {
      throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
    }
    if (found.length === 0) throw new UsageError(`${path} holds no history.jsonl or history.edn`);
    paths.push(...found);
  }
  const checked: CheckedHistory[] = [];
  for (const path of paths) checked.push(await checkHistory(path, options));
  print(checked, options.json);
  return exitCode(checked);
}

export async function checkHistory(path: string, options: CheckOptions): Promise<CheckedHistory> {
  let ops: Op[];
  try {
    ops = (await readHistoryFile(path)).ops;
  } catch (e) {
    return { path, error: `cannot read the history: ${(e as Error).message}` };
  }
  const runDir = dirname(realpathSync(path));
  const test = readJsonObject(join(runDir, 'test.json'));
  const inferred = options.workload !== undefined ? { workload: options.workload, from: '-w' } : inferWorkload(realpathSync(path), test, ops);
  if (inferred === undefined) return { path, ops: ops.length, error: 'cannot tell which workload this history is: pass -w' };
  const nodes = Array.isArray(test?.nodes) ? (test.nodes as string[]) : undefined;
  const concurrency = typeof test?.concurrency === 'number' ? test.concurrency : undefined;
  const { workload: _named, availability: _given, json: _json, paths: _paths, ...flags } = options;
  const workload = createWorkload(inferred.workload, { ...defaultWorkloadOptions, ...workloadOptionsOf(test), ...flags });
  const availability = options.availability ?? (test?.availability as 'total' | number | undefined);
  const results = analyze({
    workload,
    history: ops,
    net: readJournal(join(runDir, 'net-journal.jsonl')),
    availability,
    clients: nodes !== undefined && concurrency !== undefined ? { nodes, concurrency } : undefined,
  });
  const checked: CheckedHistory = { path, workload: inferred.workload, from: inferred.from, ops: ops.length, results };
  judgedBy.set(checked, workload);
  return checked;
}

/** The workload flags a run was made with, as its test.json recorded them. */
function workloadOptionsOf(test: Record<string, unknown> | undefined): Record<string, unknown> {
  if (test === undefined) return {};
  const keys = ['nodes', 'concurrency', 'latency', 'keyCount', 'maxTxnLength', 'maxWritesPerKey', 'consistencyModels'];
  return Object.fromEntries(keys.filter((k) => test[k] !== undefined).map((k) => [k, test[k]]));
}

function readJsonObject(path: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Our net-journal.jsonl tallied, so msgs-per-op comes back; undefined without one. */
function readJournal(path: string): ReturnType<typeof tallyJournal> | undefined {
  if (!existsSync(path)) return undefined;
  const events: JournalEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      // Exactly as written, so the body bytes count as the run counted them (1.0 stays 1.0).
      events.push(parseExactJson(line) as JournalEvent);
    } catch {
      // A run cut off mid-write leaves a partial last line.
    }
  }
  return tallyJournal(events);
}

function print(checked: CheckedHistory[], json: boolean): void {
  const total = totalVerdict(checked);
  if (json) {
    process.stdout.write(`${formatExactJson({ histories: checked, 'valid?': total }, 2)}\n`);
    return;
  }
  for (const c of checked) {
    const about = c.workload !== undefined ? `${c.workload} from ${c.from}, ${c.ops} ops` : `${c.ops ?? '?'} ops`;
    process.stdout.write(`== ${c.path} (${about})\n`);
    if (c.error !== undefined) process.stdout.write(`error: ${c.error}\n\n`);
    else process.stdout.write(`${formatSummary(c.results!, judgedBy.get(c) ?? createWorkload(c.workload!), { color: false })}\n`);
  }
  const count = (v: Validity): number => checked.filter((c) => c.results?.['valid?'] === v).length;
  const unreadable = checked.filter((c) => c.error !== undefined).length;
  process.stdout.write(`${checked.length} histories: ${count(true)} valid, ${count(false)} invalid, ${count('unknown')} unknown, ${unreadable} not checked\n`);
}

function totalVerdict(checked: CheckedHistory[]): Validity {
  return mergeValid(checked.map((c) => c.results?.['valid?'] ?? 'unknown'));
}

function exitCode(checked: CheckedHistory[]): number {
  if (checked.some((c) => c.results?.['valid?'] === false)) return exitCodes.invalid;
  if (checked.some((c) => c.error !== undefined)) return exitCodes.crashed;
  return totalVerdict(checked) === true ? exitCodes.valid : exitCodes.unknown;
}
