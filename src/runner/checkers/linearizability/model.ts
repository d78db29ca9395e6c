// Sequential specifications a history is checked against, as Knossos's models are: a pure step
// from a state and an operation to the next state, or a refusal that says why the operation
// cannot happen there ("can't read 4 from register 2"). States compare by a key with Clojure
// equality (value-key), so 1 and 1.0 are different register values, as in Maelstrom.
import { formatExactJson } from '../../base/exact-json.js';
import { valueKey, valuesEqual, type ValueKey } from '../value-key.js';

/** ok: the op took effect inside its interval; fail: kept only by models that give failures a
 *  meaning; unknown: :info or never completed, so it may take effect after its invocation, or never. */
export type Outcome = 'ok' | 'fail' | 'unknown';

export interface ModelOp {
  f: string;
  /** The value the model sees: the completion's for an ok op (a read learns what it read). */
  value: unknown;
  outcome: Outcome;
}

/** Why an operation cannot take effect in a state. */
export class Refusal {
  constructor(readonly reason: string) {}
}

export interface Model<S = unknown> {
  readonly name: string;
  readonly init: S;
  /**
   * Knossos deletes :fail ops before searching (a definite failure had no effect). A model that
   * gives a failure a meaning, as Porcupine's etcd model does for a cas that saw another value,
   * sets this and receives them with outcome 'fail'.
   */
  readonly keepsFailures?: boolean;
  /** Why the op cannot be checked against this model at all (unknown f, malformed value). */
  validate(op: ModelOp): string | undefined;
  step(state: S, op: ModelOp): S | Refusal;
  /** True when leaving the op out cannot change the verdict (legal everywhere or never needed,
   *  and it changes no state): the search drops it. */
  droppable(op: ModelOp): boolean;
  stateKey(state: S): ValueKey;
  /** The state as results.json shows it (Knossos prints the record, e.g. {:value 3}). */
  describeState(state: S): unknown;
  /** The state for people, e.g. "register 3". */
  formatState(state: S): string;
  formatOp(op: ModelOp): string;
}

/** A value for people: nil for null, as Knossos and Maelstrom print it; JSON otherwise. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  return formatExactJson(v);
}

const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;

/**
 * Knossos's cas-register, the model Maelstrom's lin-kv uses: starts nil; write v sets v; cas
 * [from to] is legal only when the register holds from; a read of v is legal when it holds v,
 * and a read of nil is legal in any state (Knossos cannot tell "read nothing" from "don't know").
 */
export const casRegister: Model<unknown> = {
  name: 'cas-register',
  init: null,
  validate({ f, value }) {
    if (f === 'read' || f === 'write') return undefined;
    if (f === 'cas') return isPair(value) ? undefined : `cas needs a [from, to] value, got ${formatValue(value)}`;
    return `the cas-register model knows read, write and cas, not ${JSON.stringify(f)}`;
  },
  step(state, { f, value }) {
    if (f === 'write') return value;
    if (f === 'read')
      return value === null || valuesEqual(value, state) ? state : new Refusal(`can't read ${formatValue(value)} from register ${formatValue(state)}`);
    const [from, to] = value as [unknown, unknown];
    return valuesEqual(from, state) ? to : new Refusal(`can't CAS ${formatValue(state)} from ${formatValue(from)} to ${formatValue(to)}`);
  },
  // A nil read is legal everywhere; an indefinite read may be left out and changes nothing; an
  // indefinite cas from a to a changes nothing wherever it lands.
  droppable({ f, value, outcome }) {
    if (f === 'read') return value === null || outcome === 'unknown';
    return f === 'cas' && outcome === 'unknown' && isPair(value) && valuesEqual(value[0], value[1]);
  },
  stateKey: valueKey,
  describeState: (state) => ({ value: state }),
  formatState: (state) => `register ${formatValue(state)}`,
  formatOp: ({ f, value }) => `${f} ${formatValue(value)}`,
};

/** Knossos's plain read/write register (no cas): the same rules for read and write. */
export const register: Model<unknown> = {
  ...casRegister,
  name: 'register',
  validate({ f }) {
    return f === 'read' || f === 'write' ? undefined : `the register model knows read and write, not ${JSON.stringify(f)}`;
  },
};
