// Plain-text pieces shared by the summary, report.txt and the workloads' rows: aligned tables,
// short renderings of values and ops. (A verdict's word and quantiles' text are their
// checkers': valid.ts, quantiles.ts.)
import { formatExactJson } from './exact-json.js';
import type { Op } from '../records/history.js';

export type Row = [label: string, text: string];

/** label  value lines with the labels padded to one width. */
export function table(rows: readonly Row[]): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}

/** Column grid; the `right` columns (numbers) are right-aligned. */
export function grid(header: readonly string[], rows: readonly string[][], right: readonly number[] = []): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) =>
    r
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

export function json(v: unknown): string {
  return v === undefined ? 'null' : formatExactJson(v);
}

export function elementList(elements: readonly unknown[], limit: number): string {
  const shown = elements.slice(0, limit).map(json).join(' ');
  return elements.length > limit ? `${shown} … (${elements.length - limit} more)` : shown;
}

/** An op in one line, without a read's (possibly huge) value. */
export function describeOp(op: Op): string {
  const value = Array.isArray(op.value) ? `[${op.value.length} values]` : json(op.value);
  return `#${op.index} ${op.type} ${op.f} ${value} p${op.process} @${(op.time / 1e6).toFixed(3)}ms`;
}
