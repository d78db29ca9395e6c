// report.html: one self-contained page per results folder (no network; opens from disk). It
// depends only on the folder's files: results.json and test.json are read whole, the history
// and the journal are streamed and folded into compact series, and the page draws them.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Op } from '../records/history.js';
import { createWorkload, isWorkloadName } from '../workloads/index.js';
import { createHistoryFolder } from './history-series.js';
import { createJournalFolder, type JournalEventLike } from './journal-series.js';
import { readJsonLines } from './json-lines.js';
import { linearizabilityTimelines } from './linearizability-timelines.js';
import { pageAssets } from './page-assets.js';
import type { ReportData, Verdict } from './report-data.js';
import { checkerVerdicts, keyFigures } from './report-figures.js';
import { txnCycleData } from './txn-cycles.js';

/** Clusters up to this size get a Lamport diagram (wider ones are unreadable). */
export const lamportMaxNodes = 10;

const linkedFiles = ['results.json', 'report.txt', 'history.txt', 'history.jsonl', 'net-journal.jsonl', 'test.json', 'node-logs'];

/**
 * What the run that just wrote the folder still holds, so the report need not read it back:
 * history.jsonl's lines as written, and the journal's events (those parts of an event the
 * report reads are the same in memory as read back from the file).
 */
export interface ReportSources {
  historyLines?: readonly string[];
  journal?: readonly JournalEventLike[];
}

/** Writes runDir/report.html and returns its path. */
export async function writeHtmlReport(runDir: string, sources: ReportSources = {}): Promise<string> {
  const data = await buildReportData(runDir, sources);
  const path = join(runDir, 'report.html');
  await writeFile(path, renderReportHtml(data));
  return path;
}

/**
 * writeHtmlReport for the end of a run: a report that cannot be drawn is a warning on stderr,
 * never a change to the run's verdict or exit status. Returns the path, or undefined.
 */
export async function tryWriteHtmlReport(runDir: string, sources?: ReportSources): Promise<string | undefined> {
  try {
    return await writeHtmlReport(runDir, sources);
  } catch (e) {
    process.stderr.write(`warning: report.html not written: ${(e as Error).message}\n`);
    return undefined;
  }
}

export async function buildReportData(runDir: string, sources: ReportSources = {}): Promise<ReportData> {
  const test = readJson(join(runDir, 'test.json')) ?? {};
  const results = readJson(join(runDir, 'results.json'));
  const workload = typeof test.workload === 'string' ? test.workload : 'unknown';
  const nodes = Array.isArray(test.nodes) ? test.nodes.filter((n): n is string => typeof n === 'string') : [];

  const history = createHistoryFolder(isWorkloadName(workload) ? createWorkload(workload).values : undefined);
  if (sources.historyLines) for (const line of sources.historyLines) history.add(JSON.parse(line) as Op);
  else await readJsonLines(join(runDir, 'history.jsonl'), (op) => history.add(op as Op));
  const plots = history.finish();

  // The diagram opens just before the first fault, where there is something to see.
  const firstFault = plots.spans[0]?.start ?? plots.marks[0]?.t;
  const lamportStartS = nodes.length > 0 && nodes.length <= lamportMaxNodes ? Math.max(0, (firstFault ?? 0) - 0.25) : undefined;
  const journal = createJournalFolder({ nodes, durationS: plots.durationS, lamportStartS });
  const kept = sources.journal;
  if (kept) for (const event of kept) journal.add(event);
  const journalRead = kept ? { present: true } : await readJsonLines(join(runDir, 'net-journal.jsonl'), (e) => journal.add(e as JournalEventLike));
  const { messages, lamport } = journal.finish();

  const workloadResult = results?.workload as { acceptable?: [number, number][] } | undefined;
  return {
    title: `${workload} · ${basename(runDir)}`,
    run: basename(runDir),
    verdict: results ? verdictOf(results['valid?']) : 'error',
    ...(results ? {} : { error: failureText(runDir) }),
    checkers: results ? checkerVerdicts(results) : [],
    figures: keyFigures(results, test),
    command: typeof test.command === 'string' ? test.command : undefined,
    files: linkedFiles.filter((f) => existsSync(join(runDir, f))),
    durationS: plots.durationS,
    spans: plots.spans,
    marks: plots.marks,
    latency: plots.latency,
    throughput: plots.throughput,
    stable: plots.stable,
    counter: plots.counter ? { ...plots.counter, acceptable: Array.isArray(workloadResult?.acceptable) ? workloadResult.acceptable : [] } : undefined,
    messages: journalRead.present ? messages : undefined,
    lamport: journalRead.present ? lamport : undefined,
    txnCycles: txnCycleData(results?.workload),
    linearizability: linearizabilityTimelines(results?.workload),
  };
}

export function renderReportHtml(data: ReportData): string {
  const { js, css } = pageAssets();
  // JSON and script inside <script> must not close it early: escape every '<'.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)} — ygossip report</title>
<style>${css}</style>
</head>
<body>
<main id="report"><noscript>This report draws its plots with JavaScript.</noscript></main>
<script type="application/json" id="report-data">${json}</script>
<script>${js.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function verdictOf(v: unknown): Verdict {
  return v === true || v === false ? v : 'unknown';
}

function failureText(runDir: string): string {
  try {
    return readFileSync(join(runDir, 'report.txt'), 'utf8').trim().slice(0, 4000) || 'the test could not complete';
  } catch {
    return 'the test could not complete (no results.json)';
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
