// Clojure equality for the JSON values a node returns: a key per value such that two values
// share a key iff Clojure would call them equal, and a total order for sorted output. Numbers
// come from exact-json: 3 and 3.0 (a JsonFloat) differ, as a long and a double do in Clojure;
// integers beyond 2^53 arrive as bigints.
import { formatExactJson, JsonFloat } from '../base/exact-json.js';

/** Numbers key as themselves (cheap in a Map); every other value by a type-tagged string. */
export type ValueKey = number | string;

export function valueKey(v: unknown): ValueKey {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'bigint') return `i${v}`;
  if (v instanceof JsonFloat) return `f${v.value}`;
  return `j${canonicalJson(v)}`;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return valueKey(a) === valueKey(b);
}

/** Numbers of every kind by value (an integer before an equal float), then strings, then the rest. */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta - tb;
  if (ta === 0) {
    const byValue = numeric(a) - numeric(b);
    return byValue !== 0 ? byValue : Number(a instanceof JsonFloat) - Number(b instanceof JsonFloat);
  }
  const sa = ta === 1 ? (a as string) : canonicalJson(a);
  const sb = tb === 1 ? (b as string) : canonicalJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function numeric(v: unknown): number {
  return v instanceof JsonFloat ? v.value : Number(v);
}

function typeRank(v: unknown): number {
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonFloat) return 0;
  return typeof v === 'string' ? 1 : 2;
}

/** JSON with object keys sorted, so maps equal in Clojure's sense get one text. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object' && !(v instanceof JsonFloat)) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return formatExactJson(v);
}
