// JSON values printed as Maelstrom's JVM prints them in a service's error text (Clojure's
// pr-str and str). Cheshire reads integers as Long (BigInteger beyond 64 bits), every other
// number as Double, arrays as vectors and nested objects as maps with string keys; exact-json
// keeps those apart here (3 and 3.0 differ). Limit: Clojure prints a map of more than 8 keys in
// hash order, which is not reproduced; such maps print in the order they were written.
import { JsonFloat } from '../base/exact-json.js';
import { formatDouble } from '../base/float32.js';

const longMin = -(2n ** 63n);
const longMax = 2n ** 63n - 1n;

/** Clojure's pr-str: strings quoted, nil for null, `[1 "a"]`, `{"k" 1, "l" 2}`. */
export function prStr(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value >= longMin && value <= longMax ? String(value) : `${value}BIGINT`;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : printDouble(value);
  if (value instanceof JsonFloat) return printDouble(value.value);
  if (Array.isArray(value)) return `[${value.map(prStr).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${quote(k)} ${prStr(v)}`);
  return `{${entries.join(', ')}}`;
}

/** Clojure's str: scalars bare (nil is empty, strings unquoted), collections as pr-str prints them. */
export function str(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return formatDouble(value);
  if (value instanceof JsonFloat) return formatDouble(value.value);
  return prStr(value);
}

/** A Double as Clojure's printer writes it: Java's digits, ##Inf and ##NaN for the rest. */
function printDouble(x: number): string {
  if (Number.isNaN(x)) return '##NaN';
  if (x === Infinity) return '##Inf';
  if (x === -Infinity) return '##-Inf';
  return formatDouble(x);
}

const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\f': '\\f', '\b': '\\b' };

function quote(s: string): string {
  return `"${s.replace(/["\\\n\t\r\f\b]/g, (c) => escapes[c])}"`;
}
