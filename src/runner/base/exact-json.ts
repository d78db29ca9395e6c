// JSON as Maelstrom's JVM reads it. Jackson keeps `3` (a long) and `3.0` (a double) apart and
// Clojure equality keeps them apart too (Maelstrom's client.clj matches in_reply_to with Clojure =; process.clj parses with cheshire/Jackson): `in_reply_to: 1.0` matches
// no request, a counter read of `3.0` is malformed, a set element `3.0` is not the element `3`.
// JSON.parse cannot tell them apart, so the runner reads every line a node writes with
// parseExactJson: an integral number written with a fraction or exponent becomes a JsonFloat,
// an integer beyond 2^53 a bigint, every other number a plain number. formatExactJson writes
// both back as they were read, so history and journal files keep the distinction.

/** An integral number written as a float (`3.0`, `1e2`): equal to no integer. */
export class JsonFloat {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}

  /** JSON.stringify calls this; formatExactJson turns the marked string back into a number. */
  toJSON(): string {
    marksWritten++;
    return `${mark}${this.text}`;
  }

  toString(): string {
    return this.text;
  }
}

const mark = '\u0000exact:';
const markedNumber = /"\\u0000exact:(-?[0-9][0-9.eE+-]*)"/g;
let marksWritten = 0;

export function parseExactJson(text: string): unknown {
  const fast = JSON.parse(text) as unknown; // also the validator: same acceptance as JSON.parse
  if (!hasAmbiguousNumber(text)) return fast;
  return new ExactParser(text).value();
}

/** JSON.stringify, except JsonFloats print as written (`3.0`) and bigints as their digits. */
export function formatExactJson(value: unknown, space?: number): string {
  const before = marksWritten;
  let text: string;
  try {
    text = JSON.stringify(value, undefined, space) ?? 'null';
  } catch (e) {
    // Bigints are rare (only huge integers read from a node): pay for a replacer only then.
    if (!(e instanceof TypeError) || !/BigInt/i.test(e.message)) throw e;
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${mark}${v}` : v), space);
    return unmark(text);
  }
  return marksWritten === before ? text : unmark(text);
}

function unmark(text: string): string {
  return text.replace(markedNumber, '$1');
}

/** Is `value` an integer as Maelstrom's schemas mean it (a JSON integer, of any size)? */
export function isJsonInteger(value: unknown): boolean {
  return typeof value === 'bigint' || Number.isInteger(value);
}

// ---- the slow path: a parser for text already known to be valid JSON

/**
 * Whether a number token of valid JSON `text` is one JSON.parse would blur (an integral float,
 * an integer beyond 2^53). One pass over character codes, strings skipped by indexOf: a regular
 * expression over each line as a prefilter cost as much as JSON.parse on gossip, whose base64
 * strings are full of digits followed by an `e`.
 */
function hasAmbiguousNumber(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = stringEnd(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const end = numberEnd(text, i);
      // Digits alone, 15 at most (a sign included): a safe integer, exact as JSON.parse reads it.
      const plain = end - i < 16 && !hasFractionOrExponent(text, i + 1, end);
      if (!plain && readNumber(text.slice(i, end)) !== undefined) return true;
      i = end - 1;
    }
  }
  return false;
}

function hasFractionOrExponent(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return true;
  }
  return false;
}

/** Index of the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    i = quote + 1;
  }
}

/** The end of the number token at `start`: digits, '.', 'e', 'E', '+' and '-'. */
function numberEnd(text: string, start: number): number {
  let i = start + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d)) break;
  }
  return i;
}

/** The exact value of a token JSON.parse would blur, or undefined when a number is exact. */
function readNumber(token: string): JsonFloat | bigint | undefined {
  const value = Number(token);
  if (/[.eE]/.test(token)) return Number.isInteger(value) ? new JsonFloat(value, token) : undefined;
  return Number.isSafeInteger(value) ? undefined : BigInt(token);
}

type Container = { kind: 'array'; value: unknown[] } | { kind: 'object'; value: Record<string, unknown>; key?: string };

/** Returned while a container is open and its next member follows. */
const open = Symbol('open');

/** Iterative, so depth is bounded by memory, as it is for JSON.parse. */
class ExactParser {
  private i = 0;
  private readonly stack: Container[] = [];

  constructor(private readonly text: string) {}

  value(): unknown {
    for (;;) {
      const started = this.start();
      if (started === open) continue;
      const root = this.finish(started);
      if (root !== open) return root;
    }
  }

  /** A scalar, an empty container, or `open` after opening a container with members. */
  private start(): unknown {
    this.skipSpace();
    const c = this.text[this.i];
    if (c !== '[' && c !== '{') return this.scalar();
    this.i++;
    const container: Container = c === '[' ? { kind: 'array', value: [] } : { kind: 'object', value: {} };
    this.skipSpace();
    if (this.text[this.i] === ']' || this.text[this.i] === '}') {
      this.i++;
      return container.value;
    }
    this.stack.push(container);
    if (container.kind === 'object') this.readKey();
    return open;
  }

  /** Stores a finished value and closes what ends after it: the root, or `open` for a next member. */
  private finish(value: unknown): unknown {
    for (;;) {
      const parent = this.stack[this.stack.length - 1];
      if (parent === undefined) return value;
      if (parent.kind === 'array') parent.value.push(value);
      else setOwn(parent.value, parent.key!, value);
      this.skipSpace();
      if (this.text[this.i++] === ',') {
        if (parent.kind === 'object') this.readKey();
        return open;
      }
      value = this.stack.pop()!.value; // `]` or `}`
    }
  }

  private readKey(): void {
    this.skipSpace();
    const end = stringEnd(this.text, this.i);
    (this.stack[this.stack.length - 1] as { key?: string }).key = JSON.parse(this.text.slice(this.i, end + 1)) as string;
    this.i = end + 1;
    this.skipSpace();
    this.i++; // ':'
  }

  private scalar(): unknown {
    const c = this.text[this.i];
    if (c === '"') {
      const end = stringEnd(this.text, this.i);
      const s = JSON.parse(this.text.slice(this.i, end + 1)) as string;
      this.i = end + 1;
      return s;
    }
    if (c === 't' || c === 'f' || c === 'n') {
      this.i += c === 'f' ? 5 : 4;
      return c === 't' ? true : c === 'f' ? false : null;
    }
    const end = numberEnd(this.text, this.i);
    const token = this.text.slice(this.i, end);
    this.i = end;
    return readNumber(token) ?? Number(token);
  }

  private skipSpace(): void {
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.i++;
    }
  }
}

/** Assignment, except that a "__proto__" key becomes an own property as JSON.parse makes it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
