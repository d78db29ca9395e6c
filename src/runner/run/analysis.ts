// The analysis of a finished test: every checker over the history and the journal's tally,
// composed into the object written as results.json, with the keys and nesting of Maelstrom's
// results.edn (Jepsen's checker.clj, compose and merge-valid) spelled as JSON strings without the colons. Three keys are
// ours, informational and always valid: `convergence` (do the final reads agree?), `nemesis`
// (what the faults did) and `stable-outside` (latency among the nodes a fault left alone).
import { checkAvailability, type AvailabilityGoal, type AvailabilityResult } from '../checkers/availability.js';
import type { ClientLayout } from '../checkers/client-layout.js';
import { checkConvergence, finalReads, type ConvergenceResult } from '../checkers/convergence.js';
import { checkExceptions, type ExceptionsResult } from '../checkers/exceptions.js';
import { checkNemesis, type NemesisResult } from '../checkers/nemesis.js';
import { checkNet, type NetResult } from '../checkers/net.js';
import type { NetTally } from '../records/journal.js';
import { checkStableOutside, type StableOutsideResult } from '../checkers/stable-outside.js';
import { checkStats, type StatsResult } from '../checkers/stats.js';
import { mergeValid, type Validity } from '../checkers/valid.js';
import type { Op } from '../records/history.js';
import { isolatedNodes } from '../nemesis/index.js';
import type { Workload, WorkloadResult } from '../workloads/index.js';

/** What a checker that threw contributes instead of its result. */
export interface CheckerFailure {
  'valid?': 'unknown';
  error: string;
}

export type Checked<T> = T | CheckerFailure;

export interface Results {
  perf: { 'latency-graph': { 'valid?': true }; 'rate-graph': { 'valid?': true }; 'valid?': true };
  timeline: { 'valid?': true };
  exceptions: Checked<ExceptionsResult>;
  stats: Checked<StatsResult>;
  availability: Checked<AvailabilityResult>;
  /** Absent when no message journal was kept (`ygossip check` of a history alone). */
  net?: Checked<NetResult>;
  workload: Checked<WorkloadResult>;
  convergence?: Checked<ConvergenceResult>;
  nemesis?: Checked<NemesisResult>;
  /** When a fault cut nodes off: how fast the others spread values among themselves. */
  'stable-outside'?: Checked<StableOutsideResult>;
  'valid?': Validity;
}

export interface AnalyzeInput {
  workload: Workload;
  history: readonly Op[];
  /** The journal's counts; without them there is no `net` result. */
  net?: NetTally;
  availability?: AvailabilityGoal;
  /** Which node each client process talked to, for the convergence report. */
  clients?: ClientLayout;
  /** History index where the final reads begin (g-set's carry no final flag). */
  finalFrom?: number;
}

export function analyze(input: AnalyzeInput): Results {
  const { workload, history } = input;
  const parts: Omit<Results, 'valid?'> = {
    // perf and timeline only draw pictures in Maelstrom; they are always valid.
    perf: { 'latency-graph': { 'valid?': true }, 'rate-graph': { 'valid?': true }, 'valid?': true },
    timeline: { 'valid?': true },
    exceptions: safely(() => checkExceptions(history)),
    stats: safely(() => checkStats(history)),
    availability: safely(() => checkAvailability(history, input.availability)),
    ...(input.net !== undefined ? { net: safely(() => checkNet(input.net!, history)) } : {}),
    workload: safely(() => workload.check(history)),
  };
  // Comparing final reads across nodes, and latency outside a fault, only mean something for a set or a counter.
  const values = workload.values;
  if (values !== undefined && input.clients) {
    parts.convergence = safely(() => checkConvergence(finalReads(history, values.read, input.finalFrom), input.clients!, values.kind));
  }
  const nemesis = safely(() => checkNemesis(history));
  if (nemesis !== undefined) parts.nemesis = nemesis;
  const excluded = isolatedNodes(history);
  if (excluded.length > 0 && input.clients && values?.kind === 'set') {
    parts['stable-outside'] = safely(() => checkStableOutside({ history, ...input.clients!, excluded, ops: values }));
  }
  const valid = mergeValid(Object.values(parts).map((p) => p['valid?']));
  return { ...parts, 'valid?': valid };
}

export function isCheckerFailure(r: unknown): r is CheckerFailure {
  return typeof r === 'object' && r !== null && (r as { 'valid?'?: unknown })['valid?'] === 'unknown' && 'error' in r;
}

/** Jepsen's check-safe: a checker that throws yields "unknown" with the error, never a crash. */
function safely<T>(check: () => T): Checked<T> {
  try {
    return check();
  } catch (e) {
    return { 'valid?': 'unknown', error: e instanceof Error ? e.message : String(e) };
  }
}
