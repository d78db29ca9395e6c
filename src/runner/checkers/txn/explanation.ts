// Why a cycle is a cycle, as Elle explains it (elle/core.clj cycle-explainer and the
// workloads' pair explainers): each step of the cycle says which relation orders the two
// transactions and why (the key, the values, the micro-ops), as data for results.json and the
// report page, and as the sentences of Elle's elle/<type>.txt files for report.txt.
import type { Op } from '../../records/history.js';
import { json } from '../../base/plain-text.js';
import { classifyCycle } from './cycle-anomaly.js';
import { PROCESS, REALTIME } from './graph.js';
import type { Txn } from './transactions.js';

/** One step's why: ww, wr and rw name the key and values; realtime and process the ops. */
export interface Step {
  type: string;
  key?: unknown;
  /** The earlier version (null: the initial, empty state). */
  value?: unknown;
  "value'"?: unknown;
  'a-mop-index'?: number | null;
  'b-mop-index'?: number | null;
  /** realtime: the first transaction's completion and the second's invocation. */
  "a'"?: Op;
  b?: Op;
  process?: unknown;
}

/** Explains a data dependency (ww, wr or rw) of b on a, as the workload's explainer does. */
export type StepExplainer = (a: Txn, b: Txn, rel: number) => Step;

export interface CycleCase {
  type: string;
  /** The transactions' completions, the first repeated at the end. */
  cycle: Op[];
  steps: Step[];
}

/** The case for a cycle of transactions whose edges are explained as `rels`. */
export function explainCycle(txns: readonly Txn[], rels: readonly number[], explain: StepExplainer): CycleCase {
  const steps = txns.map((a, i) => {
    const b = txns[(i + 1) % txns.length];
    const rel = rels[i];
    if (rel === REALTIME) return { type: 'realtime', "a'": a.op, b: b.invoke };
    if (rel === PROCESS) return { type: 'process', process: a.op.process };
    return explain(a, b, rel);
  });
  return { type: classifyCycle(rels), cycle: [...txns.map((t) => t.op), txns[0].op], steps };
}

export type WorkloadKind = 'list-append' | 'rw-register';

/** Elle's rendering: "Let: T1 = …", then one line per step, the last a contradiction. */
export function renderCycle(c: CycleCase, workload: WorkloadKind, describe: (op: Op) => string = describeTxn): string[] {
  const names = c.cycle.slice(0, -1).map((_, i) => `T${i + 1}`);
  const lines = ['Let:', ...names.map((n, i) => `  ${n} = ${describe(c.cycle[i])}`), '', 'Then:'];
  c.steps.forEach((s, i) => {
    const a = names[i];
    const b = names[(i + 1) % names.length];
    const why = `${a} < ${b}, because ${stepSentence(s, a, b, workload)}`;
    lines.push(i === c.steps.length - 1 ? `  - However, ${why}: a contradiction!` : `  - ${why}.`);
  });
  return lines;
}

/** The sentence for one step (the words of Elle's render-explanation). */
export function stepSentence(s: Step, a: string, b: string, workload: WorkloadKind): string {
  const k = json(s.key);
  const v = json(s.value);
  const v2 = json(s["value'"]);
  switch (s.type) {
    case 'realtime':
      return realtimeSentence(s, a, b);
    case 'process':
      return `process ${json(s.process)} executed ${a} before ${b}`;
    case 'ww':
      return workload === 'list-append'
        ? `${b} appended ${v2} after ${a} appended ${v} to ${k}`
        : `${a} set key ${k} to ${v}, and ${b} set it to ${v2}, which came later in the version order`;
    case 'wr':
      return workload === 'list-append' ? `${b} observed ${a}'s append of ${v} to key ${k}` : `${a} wrote ${k} = ${v}, which was read by ${b}`;
    case 'rw':
      if (workload === 'rw-register') return `${a} read key ${k} = ${v}, and ${b} set it to ${v2}, which came later in the version order`;
      return s.value === null
        ? `${a} observed the initial (nil) state of ${k}, which ${b} created by appending ${v2}`
        : `${a} did not observe ${b}'s append of ${v2} to ${k}`;
    default:
      return `${a} ${s.type} ${b}`;
  }
}

function realtimeSentence(s: Step, a: string, b: string): string {
  const done = s["a'"];
  const invoked = s.b;
  if (done === undefined || invoked === undefined) return `${a} completed before the invocation of ${b}`;
  const dt = invoked.time - done.time;
  const gap = dt > 0 ? ` ${(dt / 1e9).toFixed(3)} seconds` : ' just';
  return `${a} completed at index ${done.index},${gap} before the invocation of ${b}, at index ${invoked.index}`;
}

/** A transaction in one line: outcome, process and its micro-ops. */
export function describeTxn(op: Op): string {
  return `#${op.index} ${op.type} p${String(op.process)} ${json(op.value)}`;
}

/** The relation names of a case's steps, for a line like "rw → wr → ww". */
export function stepKinds(c: CycleCase): string {
  return c.steps.map((s) => s.type).join(' → ');
}
