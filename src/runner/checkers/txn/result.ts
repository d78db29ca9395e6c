// From found anomalies to a verdict (elle/txn.clj result-map, prohibited and reportable
// anomaly types, additional-graphs) and Maelstrom's wrapper for txn-rw-register
// (maelstrom/workload/txn_rw_register.clj checker).
import type { Validity } from '../valid.js';
import { allAnomaliesImplying, anomaliesProhibitedBy, anomaliesToImpossibleModels, compareNames, friendlyBoundary } from './consistency-model.js';
import { cycleExistsTypes } from './cycle-exists.js';
import { cycleTypes } from './cycle-anomaly.js';

/** Elle's result map, with Clojure's keywords as JSON keys. */
export interface TxnResult {
  'valid?': Validity;
  'anomaly-types'?: string[];
  /** Type → cases (empty-transaction-graph maps to true). */
  anomalies?: Record<string, unknown> | null;
  not?: string[];
  'also-not'?: string[];
}

export const defaultModels: readonly string[] = ['strict-serializable'];

/** Anomalies that make a run invalid under `models` (and any `extra` anomalies asked for). */
export function prohibitedAnomalyTypes(models: readonly string[], extra: readonly string[] = []): Set<string> {
  return new Set([...allAnomaliesImplying(extra), ...anomaliesProhibitedBy(models)]);
}

const unknownTypes = ['empty-transaction-graph', 'cycle-search-timeout'];

export function reportableAnomalyTypes(models: readonly string[]): Set<string> {
  return new Set([...prohibitedAnomalyTypes(models), ...unknownTypes]);
}

/** Real-time edges when a reportable type needs them, else process edges when one does. */
export function additionalGraph(models: readonly string[]): 'realtime' | 'process' | undefined {
  const reportable = [...reportableAnomalyTypes(models)].filter((t) => cycleTypes.has(t));
  if (reportable.some((t) => t.endsWith('-realtime'))) return 'realtime';
  if (reportable.some((t) => t.endsWith('-process'))) return 'process';
  return undefined;
}

export function resultMap(models: readonly string[], anomalies: ReadonlyMap<string, unknown>): TxnResult {
  const prohibited = prohibitedAnomalyTypes(models);
  const reportable = reportableAnomalyTypes(models);
  const kept = removeRedundantCycleExists([...anomalies.keys()].filter((t) => reportable.has(t)));
  if (kept.length === 0) return { 'valid?': true };
  const bad = [...anomalies.keys()].some((t) => prohibited.has(t));
  const types = kept.sort(compareNames);
  return {
    'valid?': bad ? false : 'unknown',
    'anomaly-types': types,
    anomalies: Object.fromEntries(types.map((t) => [t, anomalies.get(t)])),
    ...friendlyBoundary(anomalies.keys()),
  };
}

/** Drops *-cycle-exists types whose model another reported anomaly already rules out. */
function removeRedundantCycleExists(types: string[]): string[] {
  const others = types.filter((t) => !t.endsWith('-cycle-exists'));
  const impossible = anomaliesToImpossibleModels(others);
  return types.filter((t) => !(cycleExistsTypes.has(t) && impossible.has(t.slice(0, -'-cycle-exists'.length))));
}

/**
 * Maelstrom's txn-rw-register wrapper: timeouts are dropped (the search gives up on large
 * components that only matter for G2), and the run is valid exactly when no anomaly type is
 * left, so an empty transaction graph fails the run rather than leaving it unknown.
 */
export function maelstromRegisterResult(r: TxnResult): TxnResult {
  const types = (r['anomaly-types'] ?? []).filter((t) => t !== 'cycle-search-timeout');
  const anomalies = r.anomalies ? Object.fromEntries(Object.entries(r.anomalies).filter(([t]) => t !== 'cycle-search-timeout')) : null;
  return { ...r, 'anomaly-types': types, anomalies, 'valid?': types.length === 0 };
}
