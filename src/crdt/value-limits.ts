// What a value in a replicated set may be, decided in one place. GrowOnlySet.add checks a value
// before writing it and the store's validate checks every value of a peer's update before
// applying it, with the same function and the same limits: a node never acknowledges a value it
// cannot later serve, a peer cannot spread one, and an update one replica wrote is never refused
// by another (a refused update comes back in every later diff from its writer, so unequal limits
// would stop replication from that writer for good).
//
// Where things break (Node 20.20, default stack, yjs 13.6.33, lib0 0.2.120, on the dev machine;
// depth = arrays/objects around the innermost value, bisected in a fresh process):
//   JSON.parse                       iterative: 100,000 levels parse
//   JSON.stringify                   4,103 levels
//   JSON.stringify with a replacer   2,194 levels of arrays (formatMessage writes a bigint so)
//   valueKey (canonical JSON)        3,078 arrays, 2,280 objects
//   lib0 writeAny / readAny          7,239 / 5,120 levels (Yjs encode / decode of a value)
//   bin/broadcast, read_ok           fails at 2,500, works at 2,000 (the callers' frames count)
// Jackson 2.15+ (Maelstrom 0.2.4 reads lines with it, through cheshire) refuses more than
// 1,000 levels by default. Hence 128 levels: a sixteenth of the lowest, with room for the
// envelope and a caller's stack.
//
// Size: one string value through every stage of a hop (parse the line, check, add, diff,
// base64, gossip line, peer parse, decode, validate, apply, read_ok line), in-process:
//   1 MiB ≈ 35 ms, +15 MiB RSS;  4 MiB ≈ 0.1 s, +60 MiB;  16 MiB ≈ 0.7 s, +210 MiB;
//   64 MiB ≈ 2.4 s, +700 MiB.
// Width costs more than length: an array of 500k zeros (1 MiB of JSON, the widest value the
// limit lets in) ≈ 0.5 s per hop, 0.19 s of it the set's key, and every later read of the set
// pays 0.13 s more. This check itself: 9 ms for a 1 MiB string, 22 ms for that array.
// Every read returns the whole set and every diff carries the values it holds, so a value's
// size multiplies into all later traffic: 1 MiB of JSON per value keeps one value's work per
// hop well under a second, far below V8's longest string (2^29 − 24 characters, which bounds
// any one line) and Jackson's default longest string (20 million characters).
//
// Beyond depth and size, a value must survive the trip through Yjs unchanged, or replicas would
// serve different values: lib0 writes strings as UTF-8 (a lone surrogate becomes U+FFFD), a
// decoded object key "__proto__" sets the prototype instead of a key, and JSON has no Infinity
// (JSON.parse reads 1e400 as Infinity, which a read would write as null).

export interface ValueLimits {
  /** Levels of arrays and objects, the outermost included: [[1]] has depth 2, 7 depth 0. */
  maxDepth: number;
  /** UTF-8 bytes of the value's JSON text, exactly as JSON.stringify writes it. */
  maxBytes: number;
}

export const valueLimits: Readonly<ValueLimits> = Object.freeze({ maxDepth: 128, maxBytes: 1024 * 1024 });

/** Thrown by a store's add for a value it will not hold; the message says which rule it breaks. */
export class InvalidValueError extends RangeError {
  constructor(readonly reason: string) {
    super(`value ${reason}`);
    this.name = 'InvalidValueError';
  }
}

/** Throws InvalidValueError unless `value` is within the limits. */
export function assertValue(value: unknown, limits: ValueLimits = valueLimits): void {
  const reason = checkValue(value, limits);
  if (reason !== undefined) throw new InvalidValueError(reason);
}

/**
 * Undefined for a value the stores hold, otherwise why not, as a predicate phrase ("is nested
 * more than 128 levels deep …") to put after the value's name. Iterative (a stack of the
 * containers still to read, scalars counted on the spot), and stops as soon as a limit is
 * passed, so its cost is bounded by the limits, not by the value.
 */
export function checkValue(value: unknown, limits: ValueLimits = valueLimits): string | undefined {
  const walk: Walk = { limits, bytes: 0, containers: [], depths: [] };
  let reason = visit(walk, value, 0);
  while (reason === undefined && walk.containers.length > 0) {
    const container = walk.containers.pop()!;
    const depth = walk.depths.pop()!;
    reason = Array.isArray(container) ? visitElements(walk, container, depth) : visitProperties(walk, container, depth);
  }
  return reason;
}

interface Walk {
  readonly limits: ValueLimits;
  /** JSON bytes counted so far. */
  bytes: number;
  /** Containers to read, with the number of containers around their members. */
  containers: object[];
  depths: number[];
}

/** Counts a scalar, or queues a container; `depth` is the number of containers around `v`. */
function visit(walk: Walk, v: unknown, depth: number): string | undefined {
  if (typeof v === 'object' && v !== null) {
    if (depth >= walk.limits.maxDepth) {
      return `is nested more than ${walk.limits.maxDepth} levels deep (at most ${walk.limits.maxDepth} levels of arrays and objects)`;
    }
    walk.containers.push(v);
    walk.depths.push(depth + 1);
    return undefined;
  }
  const size = scalarBytes(v, walk.limits.maxBytes - walk.bytes);
  if (typeof size === 'string') return size;
  walk.bytes += size;
  return overBudget(walk);
}

function visitElements(walk: Walk, v: unknown[], depth: number): string | undefined {
  walk.bytes += 2 + Math.max(0, v.length - 1);
  let reason = overBudget(walk);
  for (let i = 0; i < v.length && reason === undefined; i++) reason = visit(walk, v[i], depth);
  return reason;
}

function visitProperties(walk: Walk, v: object, depth: number): string | undefined {
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    return `holds an object of class ${proto?.constructor?.name ?? 'unknown'} (a value is JSON: only plain objects)`;
  }
  const keys = Object.keys(v);
  walk.bytes += 2 + Math.max(0, keys.length - 1);
  let reason = overBudget(walk);
  for (let i = 0; i < keys.length && reason === undefined; i++) {
    const key = keys[i];
    if (key === '__proto__') return 'holds the object key "__proto__" (Yjs would decode it as the prototype, not a key)';
    const size = jsonStringBytes(key, walk.limits.maxBytes - walk.bytes);
    if (size === lone) return 'holds an object key with a lone UTF-16 surrogate (UTF-8 cannot carry it)';
    walk.bytes += size + 1;
    reason = overBudget(walk) ?? visit(walk, (v as Record<string, unknown>)[key], depth);
  }
  return reason;
}

function overBudget(walk: Walk): string | undefined {
  const max = walk.limits.maxBytes;
  return walk.bytes > max ? `is larger than ${max} bytes as JSON (at most ${describeBytes(max)} of UTF-8 JSON text)` : undefined;
}

/** JSON bytes of a scalar, or why it is not one JSON can carry. */
function scalarBytes(v: unknown, budget: number): number | string {
  switch (typeof v) {
    case 'boolean':
      return v ? 4 : 5;
    case 'number':
      return Number.isFinite(v) ? String(v).length : 'holds a number that is not finite (JSON has no Infinity or NaN)';
    case 'string': {
      const size = jsonStringBytes(v, budget);
      return size === lone ? 'holds a string with a lone UTF-16 surrogate (UTF-8 cannot carry it)' : size;
    }
    case 'object':
      return 4; // null
    default:
      return `holds ${v === undefined ? 'undefined' : `a ${typeof v}`} (a value is JSON: null, a boolean, a finite number, a string, an array or a plain object)`;
  }
}

const lone = -1;

/**
 * UTF-8 bytes of JSON.stringify(s), or `lone` for a lone surrogate. Stops counting once past
 * `budget` (the caller then refuses the value as too large).
 */
function jsonStringBytes(s: string, budget: number): number {
  // Every UTF-16 unit takes at least one byte: no need to scan what cannot fit.
  if (s.length + 2 > budget) return s.length + 2;
  let bytes = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) bytes += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c === 0x22 || c === 0x5c) bytes += 2;
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return lone;
      bytes += 4;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return lone;
    else bytes += 3;
  }
  return bytes;
}

function describeBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}
