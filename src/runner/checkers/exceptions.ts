// Jepsen's unhandled-exceptions checker (Jepsen's checker.clj, unhandled-exceptions): :info completions that carry an
// exception, grouped by class, most frequent first. Informational: always valid.
import type { Op } from '../records/history.js';

export interface ExceptionGroup {
  class: string;
  count: number;
  example: Op;
}

export interface ExceptionsResult {
  'valid?': true;
  exceptions?: ExceptionGroup[];
}

export function checkExceptions(history: readonly Op[]): ExceptionsResult {
  const groups = new Map<string, ExceptionGroup>();
  for (const op of history) {
    if (op.type !== 'info' || op.exception === undefined || op.exception === '') continue;
    const cls = exceptionClass(op.exception);
    const group = groups.get(cls);
    if (group === undefined) groups.set(cls, { class: cls, count: 1, example: op });
    else group.count++;
  }
  if (groups.size === 0) return { 'valid?': true };
  // Stable sort: equally frequent classes keep first-seen order.
  return { 'valid?': true, exceptions: [...groups.values()].sort((a, b) => b.count - a.count) };
}

/**
 * Our ops carry exception text, not a JVM class. The class is the text's leading name when it
 * has the form "name: detail" with a one-word name (e.g. "indeterminate", "SyntaxError"),
 * otherwise the whole first line: exceptions of the same kind then group together.
 */
export function exceptionClass(text: string): string {
  const firstLine = text.split('\n', 1)[0].trim();
  const match = /^([^\s:]+):/.exec(firstLine);
  return match !== null ? match[1] : firstLine;
}
