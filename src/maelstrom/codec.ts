// JSON lines <-> messages. parseMessage validates the envelope once, at the edge, and says which
// field is wrong; formatMessage writes one compact line in which integers stay integers (bigint
// counters are written as plain digits, never 3.0 or exponent notation), at any depth: JSON.parse
// reads a value nested 100,000 levels deep, JSON.stringify overflows the stack a few thousand
// levels down, so a value too deep for it (an echo's, which is never stored) is written by a
// loop instead.
import type { Body, Message } from './message.js';

export type ParseResult =
  | { ok: true; message: Message }
  /** `src` and `msgId` are filled in when the line got far enough to tell who to answer. */
  | { ok: false; error: string; src?: string; msgId?: number };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseMessage(line: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `line is not JSON (${(e as Error).message})` };
  }
  if (!isRecord(raw)) return { ok: false, error: 'message must be a JSON object' };
  const { src, dest, body } = raw;
  if (typeof src !== 'string') return { ok: false, error: 'field "src" must be a string' };
  if (typeof dest !== 'string') return { ok: false, error: 'field "dest" must be a string', src };
  if (!isRecord(body)) return { ok: false, error: 'field "body" must be an object', src };
  const msgId = body.msg_id;
  if (msgId !== undefined && !Number.isSafeInteger(msgId)) {
    return { ok: false, error: 'field "msg_id" must be an integer', src };
  }
  const known = { src, msgId: msgId as number | undefined };
  if (typeof body.type !== 'string' || body.type === '') {
    return { ok: false, error: 'field "type" must be a non-empty string', ...known };
  }
  // null is what Maelstrom's services answer to a request that had no msg_id: a reply to nothing.
  if (body.in_reply_to !== undefined && body.in_reply_to !== null && !Number.isSafeInteger(body.in_reply_to)) {
    return { ok: false, error: 'field "in_reply_to" must be an integer', ...known };
  }
  const message: Message = { src, dest, body: body as Body };
  if (typeof raw.id === 'number') message.id = raw.id;
  return { ok: true, message };
}

const bigintMark = '\u0000bigint:';

export function formatMessage(message: Message): string {
  const { src, dest, body } = message;
  // Without a replacer first: JSON.stringify is several times faster so (a replacer is called
  // for every value of a read's whole set), and it throws on a bigint, the one case that needs it.
  // A value nested deeper than its stack goes to the loop (echo returns values of any depth).
  try {
    return JSON.stringify({ src, dest, body });
  } catch (e) {
    if (e instanceof RangeError) return formatDeepJson({ src, dest, body });
    if (!(e instanceof TypeError)) throw e;
  }
  let sawBigint = false;
  let line: string;
  try {
    line = JSON.stringify({ src, dest, body }, (_key, value: unknown) => {
      if (typeof value === 'bigint') {
        sawBigint = true;
        return `${bigintMark}${value.toString()}`;
      }
      return value;
    });
  } catch (e) {
    if (e instanceof RangeError) return formatDeepJson({ src, dest, body });
    throw e;
  }
  // JSON.stringify has no raw-number hook: bigints travel as marked strings, unquoted here.
  return sawBigint ? line.replace(/"\\u0000bigint:(-?\d+)"/g, '$1') : line;
}

type Frame = { items: readonly unknown[]; keys?: undefined; next: number } | { items: Record<string, unknown>; keys: string[]; next: number };

/** JSON.stringify's output for plain JSON values (bigints as digits), with a stack of its own. */
export function formatDeepJson(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ items: v, next: 0 });
    } else if (v !== null && typeof v === 'object') {
      out.push('{');
      const keys = Object.keys(v).filter((k) => isWritten((v as Record<string, unknown>)[k]));
      stack.push({ items: v as Record<string, unknown>, keys, next: 0 });
    } else {
      out.push(typeof v === 'bigint' ? v.toString() : (JSON.stringify(v) ?? 'null'));
    }
  };
  open(value);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const length = frame.keys ? frame.keys.length : frame.items.length;
    if (frame.next === length) {
      out.push(frame.keys ? '}' : ']');
      stack.pop();
      continue;
    }
    if (frame.next > 0) out.push(',');
    const i = frame.next++;
    if (frame.keys) {
      out.push(`${JSON.stringify(frame.keys[i])}:`);
      open(frame.items[frame.keys[i]]);
    } else {
      const item = frame.items[i];
      open(isWritten(item) ? item : null);
    }
  }
  return out.join('');
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const isWritten = (v: unknown): boolean => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
