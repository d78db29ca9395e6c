// Maelstrom's rules for a line a node writes on stdout (Maelstrom's process.clj parse-msg, net.clj Message schema): one JSON object with
// string src and dest, an object body (absent or null reads as {}), an optional integer id, and
// no other top-level key. Numbers are read exactly (exact-json), as the JVM reads them. A line
// nested more than 1000 levels deep is not JSON to Maelstrom: cheshire 5.13's parser is Jackson
// 2.17, whose default read constraints refuse it, so the reader thread fails on it like on any
// unparsable line (and nothing that deep ever reaches the runner's recursive checkers).
import type { Body, Message } from '../../maelstrom/message.js';
import { isJsonInteger, parseExactJson } from '../base/exact-json.js';

export type EnvelopeResult = { ok: true; message: Message } | { ok: false; reason: string };

const allowedKeys = new Set(['src', 'dest', 'body', 'id']);

/** Jackson's StreamReadConstraints.DEFAULT_MAX_DEPTH: the envelope object itself is level 1. */
export const maxNestingDepth = 1000;

/** Whether arrays and objects nest more than `limit` deep in JSON `text` (strings skipped). */
function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= 2 * limit) return false; // each level costs two characters at least
  // No deeper than it has openers: a read's reply or a gossip line opens a handful, and counting
  // them with indexOf spares the walk over every character of a long line.
  if (countOpeners(text, limit + 1) <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** How many `[` and `{` characters `text` holds (strings included), counting up to `stop`. */
function countOpeners(text: string, stop: number): number {
  let count = 0;
  for (const opener of ['[', '{']) {
    for (let i = text.indexOf(opener); i >= 0 && count < stop; i = text.indexOf(opener, i + 1)) count++;
  }
  return count;
}

export function parseEnvelope(line: string): EnvelopeResult {
  if (line.trim() === '') return { ok: false, reason: 'blank line' };
  if (nestsDeeperThan(line, maxNestingDepth))
    return { ok: false, reason: `not JSON to Maelstrom: nested more than ${maxNestingDepth} levels deep (Jackson's limit)` };
  let raw: unknown;
  try {
    raw = parseExactJson(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' };
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowedKeys.has(key)) return { ok: false, reason: `top-level key "${key}" is not allowed` };
  }
  if (typeof record.src !== 'string') return { ok: false, reason: '"src" must be a string' };
  if (typeof record.dest !== 'string') return { ok: false, reason: '"dest" must be a string' };
  if (record.id !== undefined && !isJsonInteger(record.id)) return { ok: false, reason: '"id" must be an integer' };
  const body = record.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: '"body" must be an object' };
  return { ok: true, message: { src: record.src, dest: record.dest, body: body as Body } };
}
