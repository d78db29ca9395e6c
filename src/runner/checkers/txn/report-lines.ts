// A txn checker's result in words: summary rows for the terminal, and the report.txt section,
// which writes out every cycle as Elle's elle/<type>.txt does and lists the other cases.
import type { Op } from '../../records/history.js';
import { json, type Row } from '../../base/plain-text.js';
import { describeTxn, renderCycle, type CycleCase, type WorkloadKind } from './explanation.js';
import type { TxnResult } from './result.js';

/** Cases of one type written out in report.txt before the rest are only counted. */
const casesShown = 20;

export function isCycleCase(c: unknown): c is CycleCase {
  return typeof c === 'object' && c !== null && Array.isArray((c as CycleCase).cycle) && Array.isArray((c as CycleCase).steps);
}

const caseList = (r: TxnResult, type: string): unknown[] => {
  const cases = r.anomalies?.[type];
  return Array.isArray(cases) ? cases : [];
};

export function txnSummaryRows(r: TxnResult): Row[] {
  const types = r['anomaly-types'] ?? [];
  if (types.length === 0) return [['anomalies', 'none']];
  const rows: Row[] = [['anomalies', types.map((t) => `${t} ×${caseList(r, t).length || 1}`).join(', ')]];
  if (r.not) rows.push(['not', r.not.length ? r.not.join(', ') : '-']);
  if (r['also-not']?.length) rows.push(['also-not', `${r['also-not'].length} stronger models (report.txt lists them)`]);
  const cycle = types.flatMap((t) => caseList(r, t)).find(isCycleCase);
  if (cycle) rows.push(['first cycle', shortCycle(cycle)]);
  return rows;
}

/** "G1c: #4 -wr→ #9 -ww→ #4" */
export function shortCycle(c: CycleCase): string {
  return `${c.type}: ${c.cycle.map((op, i) => (i < c.steps.length ? `#${op.index} -${c.steps[i].type}→ ` : `#${op.index}`)).join('')}`;
}

export function txnReportLines(r: TxnResult, workload: WorkloadKind): string[] {
  const types = r['anomaly-types'] ?? [];
  const lines = [`valid?         ${String(r['valid?'])}`, `anomaly-types  ${types.length ? types.join(', ') : '(none)'}`];
  if (r.not) lines.push(`not            ${r.not.join(', ') || '(none)'}`);
  if (r['also-not']) lines.push(`also-not       ${r['also-not'].join(', ') || '(none)'}`);
  for (const type of types) {
    const cases = caseList(r, type);
    lines.push('', `${type}${cases.length ? ` (${cases.length})` : ''}`);
    cases.slice(0, casesShown).forEach((c, i) => {
      if (isCycleCase(c)) lines.push(`${type} #${i}`, ...renderCycle(c, workload), '');
      else lines.push(`  ${caseLine(c)}`);
    });
    if (cases.length > casesShown) lines.push(`  … ${cases.length - casesShown} more in results.json`);
  }
  return lines;
}

/** A non-cycle case in one line, ops shown as transactions. */
function caseLine(c: unknown): string {
  if (typeof c !== 'object' || c === null) return json(c);
  return Object.entries(c)
    .map(
      ([k, v]) =>
        `${k} ${isOp(v) ? describeTxn(v) : Array.isArray(v) && v.some(isOp) ? v.map((x) => (isOp(x) ? describeTxn(x) : json(x))).join(' ') : json(v)}`,
    )
    .join('; ');
}

function isOp(v: unknown): v is Op {
  return typeof v === 'object' && v !== null && typeof (v as Op).index === 'number' && typeof (v as Op).type === 'string' && 'process' in v;
}
