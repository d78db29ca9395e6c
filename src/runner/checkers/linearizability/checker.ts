// The linearizability checker as Maelstrom's lin-kv runs it: Jepsen's independent checker over
// `[k v]` keys (linearizability is P-compositional: a map of registers is linearizable iff each
// register is), Knossos's linearizable checker per key. Each key gets a budget; a key that
// exhausts it is `unknown`, never a guess. Keys merge false > unknown > true, and `failures`
// lists the keys found not linearizable (Jepsen's :failures leaves out :unknown ones, which are
// truthy in Clojure).
import type { Op } from '../../records/history.js';
import { formatExactJson } from '../../base/exact-json.js';
import { mergeValid, type Validity } from '../valid.js';
import { analyzeFailure, type Counterexample, type PathStep, type RenderedOp } from './counterexample.js';
import { casRegister, type Model } from './model.js';
import { splitHistory, type KeyHistory } from './operations.js';
import { searchLinearization, type Budget } from './search.js';
import { Transitions } from './transitions.js';

export interface LinearizabilityOptions {
  /** The sequential specification; Knossos's cas-register (lin-kv's) by default. */
  model?: Model<unknown>;
  /** `[k v]` values checked per key (default), or the whole history as one object. */
  keyed?: boolean;
  /** Per key; defaults in `defaultBudget`. */
  budget?: Partial<Budget>;
  /** Milliseconds, for the time budget (injected in tests). */
  now?: () => number;
}

/** About 40–80 bytes per configuration of a lin-kv key: 10 M stay under about 800 MB, enough for
 *  a proxy through lin-kv at rate 2000 with 10 ms of latency (10,000 operations on a key, 3.2 M
 *  configurations, 3 s), where 2 M ended unknown. */
export const defaultBudget: Budget = { configs: 10_000_000, timeMs: 30_000 };

/** Knossos's analysis of one key, as Jepsen's linearizable checker returns it. */
export interface LinearizableResult {
  'valid?': Validity;
  analyzer: 'wgl';
  /** Configurations (linearized set, model state) explored. */
  explored: number;
  /** The model's final state, when valid. */
  model?: unknown;
  /** When not valid: the op no order can place, the previous ok op, and the final paths. */
  op?: RenderedOp;
  'previous-ok'?: RenderedOp | null;
  'final-paths'?: PathStep[][];
  counterexample?: Counterexample;
  /** When unknown: which budget ran out. */
  cause?: string;
}

export interface KeyResult {
  'valid?': Validity;
  linearizable: LinearizableResult;
}

/** Maelstrom's lin-kv :workload result (Jepsen's independent checker). */
export interface IndependentResult {
  'valid?': Validity;
  /** Per key, sorted by key; the key as JSON text (a string key as itself). */
  results: Record<string, KeyResult>;
  /** Keys found not linearizable. */
  failures: unknown[];
  /** Input the checker could not judge (the verdict is then unknown). */
  error?: string;
}

/** Checks a recorded history (invoke/ok/fail/info ops) for linearizability, key by key. */
export function checkLinearizability(history: readonly Op[], options: LinearizabilityOptions = {}): IndependentResult {
  const model = options.model ?? casRegister;
  const split = splitHistory(history, model, { keyed: options.keyed ?? true });
  if (split.errors.length > 0) return { 'valid?': 'unknown', results: {}, failures: [], error: split.errors.join('; ') };
  const budget = { ...defaultBudget, ...options.budget };
  const results: Record<string, KeyResult> = {};
  const failures: unknown[] = [];
  for (const key of split.keys) {
    const linearizable = checkKey(key, model, budget, options.now);
    results[resultKey(key.key)] = { 'valid?': linearizable['valid?'], linearizable };
    if (linearizable['valid?'] === false) failures.push(key.key);
  }
  return { 'valid?': mergeValid(Object.values(results).map((r) => r['valid?'])), results, failures };
}

/** One key's operations against the model. */
export function checkKey(key: KeyHistory, model: Model<unknown>, budget: Budget, now?: () => number): LinearizableResult {
  const kept = key.ops.filter((o) => !model.droppable(o));
  const transitions = new Transitions(model, kept);
  const outcome = searchLinearization(kept, transitions, budget, now);
  const base = { analyzer: 'wgl' as const, explored: outcome.explored };
  if (outcome.verdict === true) return { 'valid?': true, ...base, model: model.describeState(transitions.states[outcome.state]) };
  if (outcome.verdict === 'unknown') return { 'valid?': 'unknown', ...base, cause: outcome.cause };
  return { 'valid?': false, ...base, ...analyzeFailure(key.key, kept, key.ops, transitions, outcome) };
}

function resultKey(key: unknown): string {
  return typeof key === 'string' ? key : formatExactJson(key);
}
