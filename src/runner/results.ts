// The analysis of a finished test: every checker over the history and journal, composed into
// the object written as results.json, with the keys and nesting of Maelstrom's results.edn
// (maelstrom-spec §8.1) spelled as JSON strings without the colons.
import { checkAvailability, type AvailabilityGoal, type AvailabilityResult } from './checkers/availability.js';
import { checkCounter, type CounterResult } from './checkers/counter.js';
import { checkEcho, type EchoResult } from './checkers/echo.js';
import { checkExceptions, type ExceptionsResult } from './checkers/exceptions.js';
import { checkNet, type NetResult } from './checkers/net.js';
import { broadcastAsAdd, checkSetFull, type SetFullResult } from './checkers/set-full.js';
import type { StableOutsideResult } from './checkers/stable-outside.js';
import { checkStats, type StatsResult } from './checkers/stats.js';
import { mergeValid, type Validity } from './checkers/valid.js';
import type { Op } from './history.js';
import type { JournalEvent } from './journal.js';
import type { WorkloadName } from './options.js';

/** What a checker that threw contributes instead of its result. */
export interface CheckerFailure {
  'valid?': 'unknown';
  error: string;
}

export type Checked<T> = T | CheckerFailure;

export type WorkloadResult = SetFullResult | CounterResult | EchoResult;

export interface Results {
  perf: { 'latency-graph': { 'valid?': true }; 'rate-graph': { 'valid?': true }; 'valid?': true };
  timeline: { 'valid?': true };
  exceptions: Checked<ExceptionsResult>;
  stats: Checked<StatsResult>;
  availability: Checked<AvailabilityResult>;
  net: Checked<NetResult>;
  workload: Checked<WorkloadResult>;
  /** Only when a fault isolated nodes: stable latency among the nodes outside it. */
  'stable-outside'?: StableOutsideResult;
  'valid?': Validity;
}

export interface AnalyzeInput {
  workload: WorkloadName;
  history: readonly Op[];
  journal: readonly JournalEvent[];
  availability?: AvailabilityGoal;
}

export function analyze({ workload, history, journal, availability }: AnalyzeInput): Results {
  const parts = {
    // perf and timeline only draw pictures in Maelstrom; they are always valid.
    perf: { 'latency-graph': { 'valid?': true }, 'rate-graph': { 'valid?': true }, 'valid?': true },
    timeline: { 'valid?': true },
    exceptions: safely(() => checkExceptions(history)),
    stats: safely(() => checkStats(history)),
    availability: safely(() => checkAvailability(history, availability)),
    net: safely(() => checkNet(journal, history)),
    workload: safely(() => checkWorkload(workload, history)),
  } as const;
  const valid = mergeValid(Object.values(parts).map((p) => p['valid?']));
  return { ...parts, 'valid?': valid };
}

export function checkWorkload(workload: WorkloadName, history: readonly Op[]): WorkloadResult {
  switch (workload) {
    case 'broadcast':
      return checkSetFull(broadcastAsAdd(history));
    case 'g-set':
      return checkSetFull(history);
    case 'g-counter':
    case 'pn-counter':
      return checkCounter(history);
    case 'echo':
      return checkEcho(history);
    default:
      throw new Error(`no checker for workload ${JSON.stringify(workload satisfies never)}`);
  }
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
