// Maelstrom's echo checker (Maelstrom's workload/echo.clj): each completion's `echo` must equal what was
// sent. A failed or timed-out echo completes with the sent string, so it fails the check too.
import type { Op } from '../records/history.js';
import { pairOps } from './op-pairs.js';
import type { Validity } from './valid.js';
import { valuesEqual } from './value-key.js';

/** ["Expected a message with :echo", sent, "But received", completion value]. */
export type EchoError = [string, unknown, string, unknown];

export interface EchoResult {
  'valid?': Validity;
  errors: EchoError[];
}

export function checkEcho(history: readonly Op[]): EchoResult {
  const errors: EchoError[] = [];
  for (const { invoke, complete } of pairOps(history)) {
    const received = complete?.value ?? null;
    const echoed = received !== null && typeof received === 'object' ? (received as Record<string, unknown>).echo : undefined;
    // A missing :echo is nil in Clojure, which equals only a nil invocation value.
    const matches = echoed === undefined ? invoke.value === null || invoke.value === undefined : valuesEqual(invoke.value, echoed);
    if (!matches) errors.push(['Expected a message with :echo', invoke.value, 'But received', received]);
  }
  return { 'valid?': errors.length === 0, errors };
}
