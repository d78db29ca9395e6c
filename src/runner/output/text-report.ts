// report.txt: the whole analysis for a person, in plain text: the run's context, the summary,
// every checker's verdict, ops by f, the network table, the workload's detail and exceptions.
import type { Results } from '../run/analysis.js';
import { isCheckerFailure } from '../run/analysis.js';
import type { NetGroupStats, NetResult } from '../checkers/net.js';
import type { StatsResult, OutcomeCounts } from '../checkers/stats.js';
import { verdictWord, type Validity } from '../checkers/valid.js';
import { formatFloat32 } from '../base/float32.js';
import { describeOp, grid, table, type Row } from '../base/plain-text.js';
import type { Workload } from '../workloads/index.js';
import { formatSummary } from './summary.js';

/** Facts about the run that results.json does not hold. */
export interface ReportContext {
  /** The command line that reproduces the run. */
  command?: string;
  seed?: number;
  storeDir?: string;
  startedAt?: string;
}

export function formatReport(results: Results, workload: Workload, context: ReportContext = {}): string {
  const sections: string[][] = [];
  sections.push(['ygossip test report', ...table(contextRows(workload.name, context))]);
  sections.push(['Summary', ...formatSummary(results, workload, { color: false }).trimEnd().split('\n')]);
  sections.push(['Checkers', ...table(checkerRows(results))]);
  if (!isCheckerFailure(results.stats)) sections.push(['Operations by f', ...statsTable(results.stats)]);
  if (results.net !== undefined && !isCheckerFailure(results.net)) sections.push(['Network', ...netTable(results.net), ...netNotes]);
  const w = results.workload;
  sections.push(['Workload', ...(isCheckerFailure(w) ? [`checker error: ${w.error}`] : workload.reportLines(w))]);
  const exceptions = results.exceptions;
  if (!isCheckerFailure(exceptions) && exceptions.exceptions !== undefined) {
    const rows = exceptions.exceptions.map((e) => [e.class, String(e.count), describeOp(e.example)]);
    sections.push(['Exceptions', ...grid(['class', 'count', 'example'], rows, [1])]);
  }
  return `${sections.map((s) => [s[0], '-'.repeat(s[0].length), ...s.slice(1)].join('\n')).join('\n\n')}\n`;
}

function contextRows(workload: string, c: ReportContext): Row[] {
  const rows: Row[] = [['workload', workload]];
  if (c.command !== undefined) rows.push(['command', c.command]);
  if (c.seed !== undefined) rows.push(['seed', String(c.seed)]);
  if (c.startedAt !== undefined) rows.push(['started', c.startedAt]);
  if (c.storeDir !== undefined) rows.push(['store', c.storeDir]);
  return rows;
}

function checkerRows(results: Results): Row[] {
  return Object.entries(results)
    .filter(([key]) => key !== 'valid?')
    .map(([key, part]): Row => {
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
  const rows = [...Object.entries(stats['by-f']).map(([f, c]) => row(f, c)), row('(all)', stats)];
  return grid(['f', 'count', 'ok', 'fail', 'info', 'valid?'], rows, [1, 2, 3, 4, 5]);
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
  const rows = [row('all', net.all), row('clients', net.clients), row('servers', net.servers)];
  return grid(['group', 'sent', 'received', 'msgs', 'bytes', 'msgs-per-op', 'bytes-per-op'], rows, [1, 2, 3, 4, 5, 6]);
}

const netNotes = [
  '',
  'sent - received = messages dropped by partitions or still queued at the end.',
  'Per-op figures divide by every client invocation (final reads included).',
  'The fly.io Gossip Glomers bars (3d < 30, 3e < 20) read the servers msgs-per-op.',
  'bytes and bytes-per-op are ygossip additions: UTF-8 JSON size of every sent body.',
];
