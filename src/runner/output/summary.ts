// The summary printed at the end of a test: the verdict and what failed it, the workload's rows
// (set outcome and latencies, or counter reads), whether the final reads agree, op counts and
// msgs-per-op.
import type { Results } from '../run/analysis.js';
import { isCheckerFailure } from '../run/analysis.js';
import type { ConvergenceResult } from '../checkers/convergence.js';
import type { NemesisResult } from '../checkers/nemesis.js';
import { quantileText } from '../checkers/quantiles.js';
import type { OutcomeCounts } from '../checkers/stats.js';
import { verdictWord, type Validity } from '../checkers/valid.js';
import { formatFloat32 } from '../base/float32.js';
import { elementList, json, table, type Row } from '../base/plain-text.js';
import type { Workload } from '../workloads/index.js';

export interface SummaryOptions {
  /** ANSI colours on the verdict (green / red / yellow); plain text otherwise. */
  color: boolean;
}

export function formatSummary(results: Results, workload: Workload, { color }: SummaryOptions): string {
  return `${[verdictLine(results, color), ...table(summaryRows(results, workload))].join('\n')}\n`;
}

function verdictLine(results: Results, color: boolean): string {
  const v = results['valid?'];
  const word = verdictWord(v);
  const paint = !color ? '' : v === true ? '\x1b[32m' : v === false ? '\x1b[31m' : '\x1b[33m';
  const shown = color ? `${paint}\x1b[1m${word}\x1b[0m` : word;
  const culprits = Object.entries(results)
    .filter(([key, part]) => key !== 'valid?' && typeof part === 'object' && part !== null && part['valid?'] !== true)
    .map(([key, part]) => `${key} ${verdictWord((part as { 'valid?': Validity })['valid?'])}`);
  return culprits.length > 0 ? `Verdict: ${shown} (${culprits.join(', ')})` : `Verdict: ${shown}`;
}

function summaryRows(results: Results, workload: Workload): Row[] {
  const rows: Row[] = [];
  const w = results.workload;
  if (isCheckerFailure(w)) rows.push(['workload error', w.error]);
  else rows.push(...workload.summaryRows(w));
  if (results.convergence !== undefined) rows.push(convergenceRow(results.convergence));
  if (results.nemesis !== undefined && !isCheckerFailure(results.nemesis)) rows.push(nemesisRow(results.nemesis));
  const outside = results['stable-outside'];
  if (outside !== undefined && !isCheckerFailure(outside)) {
    const latency = outside['stable-latencies'] !== undefined ? quantileText(outside['stable-latencies']) : 'none stable';
    rows.push([`outside ${outside.excluded.join(',')}`, `stable latency ${latency}; unstable ${outside['unstable-count']} of ${outside['value-count']}`]);
  }
  const stats = results.stats;
  rows.push(['ops', isCheckerFailure(stats) ? `error: ${stats.error}` : countsText(stats)]);
  const net = results.net;
  if (net === undefined) return rows;
  if (isCheckerFailure(net)) rows.push(['msgs-per-op', `error: ${net.error}`]);
  else {
    rows.push([
      'msgs-per-op',
      `servers ${perOp(net.servers['msgs-per-op'])}, all ${perOp(net.all['msgs-per-op'])} (fly.io Gossip Glomers bars read the servers figure)`,
    ]);
    rows.push(['bytes-per-op', `servers ${perOp(net.servers['bytes-per-op'])}`]);
  }
  return rows;
}

/** One line on whether the final reads agree, naming the nodes that lag when they do not. */
function convergenceRow(c: ConvergenceResult | { error: string }): Row {
  if ('error' in c) return ['final reads', `error: ${c.error}`];
  if (c['agree?']) return ['final reads', `all ${c['final-read-count']} agree`];
  if (c.values !== undefined) {
    return [
      'final reads',
      `DISAGREE: ${Object.entries(c.values)
        .map(([node, vs]) => `${node} ${vs.map(json).join('/')}`)
        .join(', ')}`,
    ];
  }
  const lagging = Object.entries(c.missing ?? {});
  const shown = lagging.slice(0, 5).map(([node, m]) => `${node} lacks ${m.count} (${elementList(m.values, 5)})`);
  if (lagging.length > shown.length) shown.push(`… ${lagging.length - shown.length} more nodes`);
  return ['final reads', `DISAGREE: ${shown.join('; ')}`];
}

/** One line on what the nemesis did: operations by f, and how many nodes kills and pauses hit. */
function nemesisRow(n: NemesisResult): Row {
  const parts = Object.entries(n.ops).map(([f, count]) => {
    const hit = f === 'kill' ? n['nodes-killed'] : f === 'pause' ? n['nodes-paused'] : undefined;
    return `${f} ×${count}${hit !== undefined ? ` (${hit} nodes)` : ''}`;
  });
  return ['nemesis', parts.join(', ')];
}

function countsText(c: OutcomeCounts): string {
  return `${c.count} completed: ${c['ok-count']} ok, ${c['fail-count']} fail, ${c['info-count']} info`;
}

function perOp(v: number | undefined): string {
  return v === undefined ? '- (no ops)' : formatFloat32(v);
}
