// Maelstrom's rules for a line a node writes on stdout (Maelstrom's process.clj parse-msg, net.clj Message schema): one JSON object with
// string src and dest, an object body (absent or null reads as {}), an optional integer id, and
// no other top-level key. Numbers are read exactly (exact-json), as the JVM reads them.
import type { Body, Message } from '../../maelstrom/message.js';
import { isJsonInteger, parseExactJson } from '../exact-json.js';

export type EnvelopeResult = { ok: true; message: Message } | { ok: false; reason: string };

const allowedKeys = new Set(['src', 'dest', 'body', 'id']);

export function parseEnvelope(line: string): EnvelopeResult {
  if (line.trim() === '') return { ok: false, reason: 'blank line' };
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
