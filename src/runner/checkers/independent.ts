// Jepsen's independent checker (independent.clj, checker): a history whose client values are
// [key value] tuples is split into one subhistory per key, the tuples unwrapped, every op
// without a key (the nemesis's) in every subhistory; a checker runs on each, and the result
// holds every key's result, the keys that were not valid, and the merged verdict. A key's
// checker that throws gives that key "unknown" with the error (Jepsen's check-safe).
import { formatExactJson } from '../exact-json.js';
import type { Op } from '../history.js';
import { clojureCompare } from './clojure-compare.js';
import { mergeValid, type Validity } from './valid.js';
import { compareValues, valueKey, type ValueKey } from './value-key.js';

export interface KeyResult {
  'valid?': Validity;
}

export interface IndependentResult<R extends KeyResult> {
  'valid?': Validity;
  /** Per key, sorted by key (a key that is not a string is written as its JSON). */
  results: Record<string, R | { 'valid?': 'unknown'; error: string }>;
  /** The keys whose result is not true, in key order. */
  failures: unknown[];
}

export interface Subhistory {
  key: unknown;
  ops: Op[];
}

/** A client op's [key value] tuple, or undefined for an op that belongs to every key. */
function tupleOf(op: Op): [unknown, unknown] | undefined {
  return op.process !== 'nemesis' && Array.isArray(op.value) && op.value.length === 2 ? (op.value as [unknown, unknown]) : undefined;
}

/** One subhistory per key, in key order; keyed ops carry their unwrapped value. */
export function subhistories(history: readonly Op[]): Subhistory[] {
  const byKey = new Map<ValueKey, Subhistory>();
  for (const op of history) {
    const tuple = tupleOf(op);
    if (tuple !== undefined && !byKey.has(valueKey(tuple[0]))) byKey.set(valueKey(tuple[0]), { key: tuple[0], ops: [] });
  }
  for (const op of history) {
    const tuple = tupleOf(op);
    if (tuple === undefined) for (const sub of byKey.values()) sub.ops.push(op);
    else byKey.get(valueKey(tuple[0]))!.ops.push({ ...op, value: tuple[1] });
  }
  return [...byKey.values()].sort((a, b) => orderKeys(a.key, b.key));
}

export function checkIndependent<R extends KeyResult>(history: readonly Op[], check: (ops: readonly Op[], key: unknown) => R): IndependentResult<R> {
  const results: IndependentResult<R>['results'] = {};
  const failures: unknown[] = [];
  for (const { key, ops } of subhistories(history)) {
    let result: R | { 'valid?': 'unknown'; error: string };
    try {
      result = check(ops, key);
    } catch (e) {
      result = { 'valid?': 'unknown', error: e instanceof Error ? e.message : String(e) };
    }
    results[keyName(key)] = result;
    if (result['valid?'] !== true) failures.push(key);
  }
  return { 'valid?': mergeValid(Object.values(results).map((r) => r['valid?'])), results, failures };
}

/** A key as a results.json object key: a string as itself, anything else as its JSON. */
export function keyName(key: unknown): string {
  return typeof key === 'string' ? key : formatExactJson(key);
}

/** Jepsen sorts results by key; keys Clojure cannot compare fall back to a total order. */
function orderKeys(a: unknown, b: unknown): number {
  try {
    return clojureCompare(a, b);
  } catch {
    return compareValues(a, b);
  }
}
