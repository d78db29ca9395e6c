// From a recorded history to the operations the search orders, key by key, with Knossos's
// preprocessing: invocations paired with completions per process; :fail ops deleted (unless the
// model gives failures a meaning); an :ok op takes its completion's value; :info ops and
// invocations never completed stay pending forever. Jepsen's independent checker splits by the
// key of `[k v]` tuple values; ops without a tuple (nemesis) belong to every key and carry
// nothing the model needs, so they are left out here.
import type { Op } from '../../records/history.js';
import { compareValues, valueKey, type ValueKey } from '../value-key.js';
import type { Model, Outcome } from './model.js';

export interface Operation {
  /** Dense within its key, in invocation order. */
  id: number;
  process: number;
  f: string;
  /** What the model sees: the key stripped, and the completion's value for an ok op. */
  value: unknown;
  outcome: Outcome;
  invoke: Op;
  /** The ok, fail or info completion; absent when the history ended first. */
  complete?: Op;
}

export interface KeyHistory {
  key: unknown;
  ops: Operation[];
}

export interface SplitOptions {
  /** Values are `[k v]` tuples checked per key (lin-kv); false checks the history as one object. */
  keyed: boolean;
}

export interface SplitHistory {
  /** Sorted by key (Clojure's order of the keys, as Jepsen's sorted results). */
  keys: KeyHistory[];
  /** Input the checker cannot judge (a Jepsen checker would throw): the verdict is unknown. */
  errors: string[];
}

const isTuple = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;

export function splitHistory(history: readonly Op[], model: Model<unknown>, options: SplitOptions): SplitHistory {
  const keys = new Map<ValueKey, KeyHistory>();
  const errors: string[] = [];
  const pending = new Map<number, Operation>();
  const strip = (op: Op): { key: unknown; value: unknown } | undefined => {
    if (!options.keyed) return { key: null, value: op.value };
    if (isTuple(op.value)) return { key: op.value[0], value: op.value[1] };
    errors.push(`op #${op.index} (process ${op.process}, ${op.f}): value ${JSON.stringify(op.value)} is not a [key, value] tuple`);
    return undefined;
  };
  for (const op of history) {
    if (op.process === 'nemesis' || errors.length >= 10) continue;
    if (op.type === 'invoke') {
      const before = pending.get(op.process);
      if (before) errors.push(`op #${op.index}: process ${op.process} invoked ${op.f} while its op #${before.invoke.index} was still pending`);
      const split = strip(op);
      if (!split) continue;
      const k = valueKey(split.key);
      let group = keys.get(k);
      if (!group) keys.set(k, (group = { key: split.key, ops: [] }));
      const operation: Operation = { id: group.ops.length, process: op.process, f: op.f, value: split.value, outcome: 'unknown', invoke: op };
      group.ops.push(operation);
      pending.set(op.process, operation);
      continue;
    }
    const operation = pending.get(op.process);
    if (!operation) {
      errors.push(`op #${op.index}: process ${op.process} completed ${op.f} (${op.type}) without an invocation`);
      continue;
    }
    pending.delete(op.process);
    operation.complete = op;
    if (op.type === 'ok') {
      const split = strip(op);
      if (split) operation.value = split.value;
      operation.outcome = 'ok';
    } else if (op.type === 'fail') operation.outcome = 'fail';
  }
  const result: KeyHistory[] = [];
  for (const group of keys.values()) {
    const ops = group.ops.filter((o) => o.outcome !== 'fail' || model.keepsFailures);
    ops.forEach((o, i) => (o.id = i));
    for (const o of ops) {
      const problem = model.validate(o);
      if (problem !== undefined && errors.length < 10) errors.push(`op #${o.invoke.index} (process ${o.process}): ${problem}`);
    }
    result.push({ key: group.key, ops });
  }
  result.sort((a, b) => compareValues(a.key, b.key));
  return { keys: result, errors };
}
