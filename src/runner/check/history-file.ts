// A history from a file: ours (history.jsonl: one JSON op per line, numbers read exactly) or
// Jepsen's (history.edn), told apart by their first character. Every op is checked to have what
// the checkers read (type, process, f), with a clear error naming the op and the field; fields
// of Jepsen's ops the runner has no use for are dropped, an exception map becomes its first
// class and message (which is what the exceptions checker groups by).
import { readFile } from 'node:fs/promises';
import { formatExactJson, parseExactJson } from '../base/exact-json.js';
import type { Op, OpType } from '../records/history.js';
import { parseEdnForms } from './edn-history.js';

export type HistoryFormat = 'jsonl' | 'edn';

export interface HistoryFile {
  format: HistoryFormat;
  ops: Op[];
}

const opTypes = new Set<OpType>(['invoke', 'ok', 'fail', 'info']);

export async function readHistoryFile(path: string): Promise<HistoryFile> {
  const text = await readFile(path, 'utf8');
  const format = detectFormat(text);
  const raw = format === 'edn' ? ednOps(text) : jsonlOps(text);
  return { format, ops: raw.map((value, position) => toOp(value, position)) };
}

/** `{"` opens a JSON op, `{:`, `[` or `#` an EDN one; an empty file is an empty history either way. */
function detectFormat(text: string): HistoryFormat {
  const start = /\S/.exec(text);
  if (start === null) return 'jsonl';
  const head = text.slice(start.index, start.index + 2);
  return head === '{"' ? 'jsonl' : 'edn';
}

function jsonlOps(text: string): unknown[] {
  const ops: unknown[] = [];
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    try {
      ops.push(parseExactJson(line));
    } catch (e) {
      throw new Error(`line ${k + 1} is not JSON: ${(e as Error).message}`);
    }
  });
  return ops;
}

function ednOps(text: string): unknown[] {
  const forms = parseEdnForms(text);
  // One vector holding every op, or one op map per form.
  return forms.length === 1 && Array.isArray(forms[0]) ? forms[0] : forms;
}

function toOp(raw: unknown, position: number): Op {
  const where = `op ${position}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} is not a map of op fields`);
  const r = raw as Record<string, unknown>;
  if (!opTypes.has(r.type as OpType)) throw new Error(`${where}: type must be invoke, ok, fail or info, got ${describe(r.type)}`);
  if (!(Number.isSafeInteger(r.process) || r.process === 'nemesis'))
    throw new Error(`${where}: process must be an integer or nemesis, got ${describe(r.process)}`);
  if (typeof r.f !== 'string') throw new Error(`${where}: f must be a name, got ${describe(r.f)}`);
  const time = typeof r.time === 'number' ? r.time : typeof r.time === 'bigint' ? Number(r.time) : -1;
  const op: Op = { index: position, time, type: r.type as OpType, process: r.process as number | 'nemesis', f: r.f, value: r.value ?? null };
  if (r.error !== undefined && r.error !== null) op.error = r.error;
  if (r.final === true || r['final?'] === true) op.final = true;
  const exception = exceptionText(r.exception);
  if (exception !== undefined) op.exception = exception;
  return op;
}

/** Jepsen records a datafied Throwable: {:via [{:type class :message text} …] …}. */
function exceptionText(exception: unknown): string | undefined {
  if (exception === undefined || exception === null) return undefined;
  if (typeof exception === 'string') return exception;
  const first = (exception as { via?: { type?: unknown; message?: unknown }[] }).via?.[0];
  if (first && typeof first.type === 'string') return `${first.type}: ${typeof first.message === 'string' ? first.message : ''}`;
  return formatExactJson(exception);
}

function describe(v: unknown): string {
  return v === undefined ? 'nothing' : formatExactJson(v).slice(0, 60);
}
