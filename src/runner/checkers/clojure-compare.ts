// Clojure's `compare` (clojure.lang.Util.compare) over the JSON values a node returns, for the
// checkers that sort or take a range of them (unique-ids). Unlike value-key's total order it
// refuses what Clojure refuses: numbers against strings, booleans against anything else, JSON
// objects (Clojure maps are not Comparable), vectors against non-vectors. nil sorts first.
// Numbers compare by value across integer, float and bigint (`(compare 1 1.0)` is 0), strings by
// UTF-16 code units as Java's compareTo, vectors by length and then element by element.
import { JsonFloat } from '../base/exact-json.js';

/** Two values Clojure's compare throws on (a ClassCastException on the JVM). */
export class IncomparableValues extends Error {
  override name = 'IncomparableValues';
}

export function clojureCompare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (isNumber(a) || isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return compareVectors(a, b);
  throw incomparable(a, b);
}

function isNumber(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonFloat;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (!isNumber(a) || !isNumber(b)) throw incomparable(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = a instanceof JsonFloat ? a.value : Number(a);
  const y = b instanceof JsonFloat ? b.value : Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareVectors(a: unknown[], b: unknown[]): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const c = clojureCompare(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function incomparable(a: unknown, b: unknown): IncomparableValues {
  return new IncomparableValues(`cannot compare ${kind(a)} with ${kind(b)} (Clojure's compare throws: use one comparable id type)`);
}

function kind(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (isNumber(v)) return 'a number';
  if (typeof v === 'object') return 'a JSON object';
  return `a ${typeof v}`;
}
