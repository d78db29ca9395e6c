// The checker's result in words, for the terminal summary and report.txt: how many keys were
// linearizable, refuted or left unknown (and why), then each refuted key's counterexample.
import { formatExactJson } from '../../base/exact-json.js';
import type { IndependentResult } from './checker.js';
import { counterexampleLines } from './counterexample.js';

/** Refuted keys spelled out in full; the rest are counted. */
const shownFailures = 3;

/** One line: "12 keys: 11 linearizable, 1 not (key 3)". */
export function resultSummary(r: IndependentResult): string {
  if (r.error !== undefined) return `not checked: ${r.error}`;
  const all = Object.entries(r.results);
  const unknown = all.filter(([, k]) => k.linearizable['valid?'] === 'unknown');
  const parts = [`${all.length - r.failures.length - unknown.length} linearizable`];
  if (r.failures.length) parts.push(`${r.failures.length} not (${keyList(r.failures)})`);
  if (unknown.length) parts.push(`${unknown.length} unknown (${keyList(unknown.map(([k]) => k))})`);
  return `${all.length} ${all.length === 1 ? 'key' : 'keys'}: ${parts.join(', ')}`;
}

/** The summary line, each refuted key's counterexample, and why unknown keys are unknown. */
export function resultLines(r: IndependentResult): string[] {
  const lines = [resultSummary(r)];
  const failed = Object.values(r.results).filter((k) => k['valid?'] === false && k.linearizable.counterexample);
  for (const k of failed.slice(0, shownFailures)) lines.push('', ...counterexampleLines(k.linearizable.counterexample!));
  if (failed.length > shownFailures) lines.push('', `… and ${failed.length - shownFailures} more keys not linearizable (results.json has them all)`);
  for (const [key, k] of Object.entries(r.results)) {
    if (k['valid?'] === 'unknown') lines.push(`key ${key}: unknown: ${k.linearizable.cause} (${k.linearizable.explored} configurations explored)`);
  }
  return lines;
}

function keyList(keys: readonly unknown[]): string {
  const text = keys.slice(0, 5).map((k) => (typeof k === 'string' ? k : formatExactJson(k)));
  return `key${keys.length === 1 ? '' : 's'} ${text.join(', ')}${keys.length > 5 ? ', …' : ''}`;
}
