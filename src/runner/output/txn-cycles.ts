// The cycles a transactional checker found, as report.html draws them: read from the
// workload's result in results.json, each cycle's transactions (name, op index, process,
// micro-ops) and each step's relation with a short label and Elle's sentence for it.
import { isCycleCase, stepSentence, type CycleCase, type Step, type WorkloadKind } from '../checkers/txn/index.js';
import { json } from '../base/plain-text.js';
import type { TxnCycleData, TxnCycleDrawing, TxnEdge } from './report-data.js';

/** Cycles drawn on the page; the rest are counted and left to report.txt. */
export const cyclesDrawn = 6;

/** undefined unless the result holds at least one cycle case. */
export function txnCycleData(workloadResult: unknown): TxnCycleData | undefined {
  const r = workloadResult as { 'anomaly-types'?: unknown; anomalies?: unknown } | undefined;
  if (typeof r !== 'object' || r === null || typeof r.anomalies !== 'object' || r.anomalies === null) return undefined;
  const anomalies = r.anomalies as Record<string, unknown>;
  const types = Array.isArray(r['anomaly-types']) ? (r['anomaly-types'] as string[]) : Object.keys(anomalies);
  const cases = types.flatMap((t) => (Array.isArray(anomalies[t]) ? (anomalies[t] as unknown[]) : [])).filter(isCycleCase);
  if (cases.length === 0) return undefined;
  return { cycles: cases.slice(0, cyclesDrawn).map(drawing), total: cases.length };
}

function drawing(c: CycleCase): TxnCycleDrawing {
  const ops = c.cycle.slice(0, -1);
  const names = ops.map((_, i) => `T${i + 1}`);
  const kind = workloadOf(c);
  return {
    type: c.type,
    txns: ops.map((op, i) => ({
      name: names[i],
      index: op.index,
      process: String(op.process),
      outcome: op.type,
      mops: Array.isArray(op.value) ? op.value.map(mopText) : [json(op.value)],
    })),
    steps: c.steps.map((s, i): TxnEdge => ({ rel: s.type, label: label(s), why: stepSentence(s, names[i], names[(i + 1) % names.length], kind) })),
  };
}

/** `r "x" [1,2]`: the function bare, key and value as JSON. */
function mopText(m: unknown): string {
  return Array.isArray(m) ? [String(m[0]), ...m.slice(1).map((x) => json(x))].join(' ') : json(m);
}

/** list-append when any transaction of the cycle appends, else rw-register. */
function workloadOf(c: CycleCase): WorkloadKind {
  const appends = c.cycle.some((op) => Array.isArray(op.value) && op.value.some((m) => Array.isArray(m) && m[0] === 'append'));
  return appends ? 'list-append' : 'rw-register';
}

function label(s: Step): string {
  const k = json(s.key);
  switch (s.type) {
    case 'ww':
    case 'rw':
      return `${s.type} ${k}: ${s.value === null ? 'init' : json(s.value)} → ${json(s["value'"])}`;
    case 'wr':
      return `wr ${k}: ${json(s.value)}`;
    case 'process':
      return `process ${json(s.process)}`;
    default:
      return s.type;
  }
}
