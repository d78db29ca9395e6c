// What a person reads after a test: a short summary for the terminal (verdict, set or counter
// outcome, latency quantiles, op counts, msgs-per-op) and a longer plain-text report.txt.
import type { CounterResult } from './checkers/counter.js';
import type { EchoResult } from './checkers/echo.js';
import type { NetGroupStats, NetResult } from './checkers/net.js';
import { quantilePoints, type Quantiles } from './checkers/quantiles.js';
import type { SetFullResult } from './checkers/set-full.js';
import type { OutcomeCounts, StatsResult } from './checkers/stats.js';
import type { Validity } from './checkers/valid.js';
import { formatFloat32 } from './float32.js';
import type { Op } from './history.js';
import { isCheckerFailure, type Results } from './results.js';

export interface SummaryOptions {
  /** ANSI colours on the verdict (green / red / yellow); plain text otherwise. */
  color: boolean;
}

/** Facts about the run that results.json does not hold; every field optional. */
export interface ReportContext {
  workload?: string;
  /** The command line that reproduces the run. */
  command?: string;
  seed?: number;
  storeDir?: string;
  startedAt?: string;
  /** Anything else worth a line in the header (nodes, rate, latency, …). */
  details?: Record<string, string | number | boolean>;
}

const shownElements = 10;
const reportedElements = 200;

export function formatSummary(results: Results, { color }: SummaryOptions): string {
  const lines = [verdictLine(results, color)];
  lines.push(...table(summaryRows(results)));
  return lines.join('\n') + '\n';
}

export function formatReport(results: Results, context: ReportContext = {}): string {
  const sections: string[][] = [];
  sections.push(['ygossip test report', ...table(contextRows(context))]);
  sections.push(['Summary', ...formatSummary(results, { color: false }).trimEnd().split('\n')]);
  sections.push(['Checkers', ...table(checkerRows(results))]);
  if (!isCheckerFailure(results.stats)) sections.push(['Operations by f', ...statsTable(results.stats)]);
  if (!isCheckerFailure(results.net)) sections.push(['Network', ...netTable(results.net), ...netNotes()]);
  sections.push(['Workload', ...workloadDetails(results.workload)]);
  const exceptions = results.exceptions;
  if (!isCheckerFailure(exceptions) && exceptions.exceptions !== undefined) {
    sections.push([
      'Exceptions',
      ...grid(
        ['class', 'count', 'example'],
        exceptions.exceptions.map((e) => [e.class, String(e.count), describeOp(e.example)]),
        [1],
      ),
    ]);
  }
  return sections.map((s) => [s[0], '-'.repeat(s[0].length), ...s.slice(1)].join('\n')).join('\n\n') + '\n';
}

// ---- summary pieces

function verdictLine(results: Results, color: boolean): string {
  const v = results['valid?'];
  const word = v === true ? 'valid' : v === false ? 'INVALID' : 'unknown';
  const paint = !color ? '' : v === true ? '\x1b[32m' : v === false ? '\x1b[31m' : '\x1b[33m';
  const shown = color ? `${paint}\x1b[1m${word}\x1b[0m` : word;
  const culprits = Object.entries(results)
    .filter(([key, part]) => key !== 'valid?' && typeof part === 'object' && part !== null && part['valid?'] !== true)
    .map(([key, part]) => `${key} ${verdictWord((part as { 'valid?': Validity })['valid?'])}`);
  return culprits.length > 0 ? `Verdict: ${shown} (${culprits.join(', ')})` : `Verdict: ${shown}`;
}

function summaryRows(results: Results): [string, string][] {
  const rows: [string, string][] = [];
  const w = results.workload;
  if (isCheckerFailure(w)) rows.push(['workload error', w.error]);
  else if (isSetResult(w)) rows.push(...setRows(w, shownElements));
  else if (isCounterResult(w)) rows.push(...counterRows(w));
  else rows.push(...echoRows(w));

  const outside = results['stable-outside'];
  if (outside !== undefined) {
    const latency = outside['stable-latencies'] !== undefined ? quantileText(outside['stable-latencies']) : 'none stable';
    rows.push([`outside ${outside.excluded.join(',')}`, `stable latency ${latency}; unstable ${outside['unstable-count']} of ${outside['value-count']}`]);
  }

  const stats = results.stats;
  if (isCheckerFailure(stats)) rows.push(['ops', `error: ${stats.error}`]);
  else rows.push(['ops', countsText(stats)]);

  const net = results.net;
  if (isCheckerFailure(net)) rows.push(['msgs-per-op', `error: ${net.error}`]);
  else {
    rows.push([
      'msgs-per-op',
      `servers ${perOp(net.servers['msgs-per-op'])}, all ${perOp(net.all['msgs-per-op'])}` +
        ' (fly.io Gossip Glomers bars read the servers figure)',
    ]);
    rows.push(['bytes-per-op', `servers ${perOp(net.servers['bytes-per-op'])}`]);
  }
  return rows;
}

function setRows(w: SetFullResult, limit: number): [string, string][] {
  const rows: [string, string][] = [
    [
      'elements',
      `attempted ${w['attempt-count']}, stable ${w['stable-count']}, lost ${w['lost-count']}, ` +
        `never-read ${w['never-read-count']}, stale ${w['stale-count']}`,
    ],
  ];
  if (w['lost-count'] > 0) rows.push(['lost', elementList(w.lost, limit)]);
  if (w['never-read-count'] > 0) rows.push(['never-read', elementList(w['never-read'], limit)]);
  if (w['stable-latencies'] !== undefined) rows.push(['stable latency', quantileText(w['stable-latencies'])]);
  if (w['lost-latencies'] !== undefined) rows.push(['lost latency', quantileText(w['lost-latencies'])]);
  return rows;
}

function counterRows(w: CounterResult): [string, string][] {
  const rows: [string, string][] = [
    ['final reads', w['final-reads'].length > 0 ? w['final-reads'].map(String).join(' ') : '(none)'],
    ['acceptable', w.acceptable.map(([lo, hi]) => `[${lo} ${hi}]`).join(' ')],
  ];
  if (w.errors !== null) rows.push(['bad reads', w.errors.map(describeOp).join('; ')]);
  return rows;
}

function echoRows(w: EchoResult): [string, string][] {
  const rows: [string, string][] = [['echo errors', String(w.errors.length)]];
  const first = w.errors[0];
  if (first !== undefined) rows.push(['first error', `sent ${json(first[1])}, received ${json(first[3])}`]);
  return rows;
}

// ---- report pieces

function contextRows(c: ReportContext): [string, string][] {
  const rows: [string, string][] = [];
  if (c.workload !== undefined) rows.push(['workload', c.workload]);
  if (c.command !== undefined) rows.push(['command', c.command]);
  if (c.seed !== undefined) rows.push(['seed', String(c.seed)]);
  if (c.startedAt !== undefined) rows.push(['started', c.startedAt]);
  if (c.storeDir !== undefined) rows.push(['store', c.storeDir]);
  for (const [k, v] of Object.entries(c.details ?? {})) rows.push([k, String(v)]);
  return rows;
}

function checkerRows(results: Results): [string, string][] {
  return Object.entries(results)
    .filter(([key]) => key !== 'valid?')
    .map(([key, part]): [string, string] => {
      const p = part as { 'valid?': Validity; error?: string };
      return [key, p.error !== undefined ? `${verdictWord(p['valid?'])}: ${p.error}` : verdictWord(p['valid?'])];
    })
    .concat([['overall', verdictWord(results['valid?'])]]);
}

function statsTable(stats: StatsResult): string[] {
  const row = (f: string, c: OutcomeCounts): string[] => [
    f,
    String(c.count),
    String(c['ok-count']),
    String(c['fail-count']),
    String(c['info-count']),
    verdictWord(c['valid?']),
  ];
  return grid(
    ['f', 'count', 'ok', 'fail', 'info', 'valid?'],
    [...Object.entries(stats['by-f']).map(([f, c]) => row(f, c)), row('(all)', stats)],
    [1, 2, 3, 4, 5],
  );
}

function netTable(net: NetResult): string[] {
  const row = (name: string, g: NetGroupStats): string[] => [
    name,
    String(g['send-count']),
    String(g['recv-count']),
    String(g['msg-count']),
    String(g.bytes),
    g['msgs-per-op'] !== undefined ? formatFloat32(g['msgs-per-op']) : '-',
    g['bytes-per-op'] !== undefined ? formatFloat32(g['bytes-per-op']) : '-',
  ];
  return grid(
    ['group', 'sent', 'received', 'msgs', 'bytes', 'msgs-per-op', 'bytes-per-op'],
    [row('all', net.all), row('clients', net.clients), row('servers', net.servers)],
    [1, 2, 3, 4, 5, 6],
  );
}

function netNotes(): string[] {
  return [
    '',
    'sent - received = messages dropped by partitions or still queued at the end.',
    'Per-op figures divide by every client invocation (final reads included).',
    'The fly.io Gossip Glomers bars (3d < 30, 3e < 20) read the servers msgs-per-op.',
    'bytes and bytes-per-op are ygossip additions: UTF-8 JSON size of every sent body.',
  ];
}

function workloadDetails(w: Results['workload']): string[] {
  if (isCheckerFailure(w)) return [`checker error: ${w.error}`];
  if (isCounterResult(w)) return table(counterRows(w));
  if (!isSetResult(w)) {
    const errors = w.errors.slice(0, 20).map((e) => `sent ${json(e[1])}, received ${json(e[3])}`);
    if (w.errors.length > errors.length) errors.push(`… ${w.errors.length - errors.length} more`);
    return [...table(echoRows(w)), ...errors];
  }
  const rows = setRows(w, reportedElements);
  if (w['stale-count'] > 0) rows.push(['stale', elementList(w.stale, reportedElements)]);
  const lines = table(rows);
  if (w['worst-stale'].length > 0) {
    lines.push('', 'Worst stale elements (latency from known to just after the last read that missed it):');
    lines.push(
      ...grid(
        ['element', 'latency ms', 'known', 'last absent'],
        w['worst-stale'].map((s) => [
          json(s.element),
          String(s['stable-latency']),
          describeOp(s.known),
          s['last-absent'] !== null ? describeOp(s['last-absent']) : '-',
        ]),
        [1],
      ),
    );
  }
  return lines;
}

// ---- formatting helpers

function isSetResult(w: object): w is SetFullResult {
  return 'attempt-count' in w;
}

function isCounterResult(w: object): w is CounterResult {
  return 'acceptable' in w;
}

function verdictWord(v: Validity): string {
  return v === true ? 'valid' : v === false ? 'INVALID' : 'unknown';
}

function countsText(c: OutcomeCounts): string {
  return `${c.count} completed: ${c['ok-count']} ok, ${c['fail-count']} fail, ${c['info-count']} info`;
}

function perOp(v: number | undefined): string {
  return v === undefined ? '- (no ops)' : formatFloat32(v);
}

function quantileText(q: Quantiles): string {
  const names: Record<string, string> = { '0': 'min', '0.5': 'p50', '0.95': 'p95', '0.99': 'p99', '1': 'max' };
  // Not Object.entries: JS orders the integer-like keys "0" and "1" before "0.5".
  const keys = [...quantilePoints.map(String), ...Object.keys(q).filter((k) => !quantilePoints.map(String).includes(k))];
  return (
    keys
      .filter((k) => k in q)
      .map((k) => `${names[k] ?? k} ${q[k]}`)
      .join(', ') + ' ms'
  );
}

function elementList(elements: readonly unknown[], limit: number): string {
  const shown = elements.slice(0, limit).map(json).join(' ');
  return elements.length > limit ? `${shown} … (${elements.length - limit} more)` : shown;
}

/** An op in one line, without a read's (possibly huge) value. */
function describeOp(op: Op): string {
  const value = Array.isArray(op.value) ? `[${op.value.length} values]` : json(op.value);
  return `#${op.index} ${op.type} ${op.f} ${value} p${op.process} @${(op.time / 1e6).toFixed(3)}ms`;
}

function json(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

/** label  value lines with the labels padded to one width. */
function table(rows: readonly [string, string][]): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}

/** Column grid; the `right` columns (numbers) are right-aligned. */
function grid(header: readonly string[], rows: readonly string[][], right: readonly number[] = []): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) =>
    r
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
