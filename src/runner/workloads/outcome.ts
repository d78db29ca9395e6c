// How Maelstrom's workload clients turn one RPC's outcome into a history completion
// (Maelstrom's client.clj: with-errors and defrpc's closed schemas): a reply, an error body or silence becomes ok, fail or info, depending
// on whether the client wraps errors (broadcast, echo) and on which fs it treats as idempotent.
import { describeErrorCode } from '../../maelstrom/errors.js';
import type { Body } from '../../maelstrom/message.js';
import { responseProblem, type RpcShape } from '../../workloads/rpc.js';
import { isJsonInteger } from '../base/exact-json.js';
import type { OpType } from '../records/history.js';

export type RpcOutcome = { kind: 'reply'; body: Body } | { kind: 'timeout' };

export interface Completion {
  type: Exclude<OpType, 'invoke'>;
  value: unknown;
  error?: unknown;
  exception?: string;
}

/** An operation a generator planned: its history f and value, and Maelstrom's `final?` flag. */
export interface OpPlan {
  f: string;
  value: unknown;
  /** Recorded as `final?` on the invocation and the completion (broadcast's and the counters' final reads). */
  final?: boolean;
}

/** A one-RPC operation: the RPC that performs it. */
export interface PlannedOp extends OpPlan {
  rpc: RpcShape;
  /** Request fields besides type and msg_id. */
  fields: Record<string, unknown>;
}

export interface ClientStyle {
  /** Maelstrom's with-errors wrapper (broadcast, echo); g-set and the counters have none. */
  wraps: boolean;
  /** fs the wrapper treats as idempotent: their timeouts and errors are fail, not info. */
  idempotent: ReadonlySet<string>;
}

/** The completion of `op` for `outcome`; `okValue` reads the value of a well-formed reply. */
export function completeOp(style: ClientStyle, op: PlannedOp, outcome: RpcOutcome, okValue: (body: Body) => unknown): Completion {
  const { value } = op;
  if (outcome.kind === 'timeout') {
    if (!style.wraps) return { type: 'info', value, error: 'net-timeout', exception: 'indeterminate: client timed out' };
    return { type: style.idempotent.has(op.f) ? 'fail' : 'info', value, error: 'net-timeout' };
  }
  const { body } = outcome;
  if (body.type === 'error') {
    const code = errorCode(body.code);
    const error = [code.name, typeof body.text === 'string' ? body.text : null];
    if (!style.wraps) return { type: 'info', value, error, exception: `indeterminate: rpc error ${String(body.code)} ${code.name}` };
    return { type: code.definite || style.idempotent.has(op.f) ? 'fail' : 'info', value, error };
  }
  const problem = responseProblem(op.rpc, body);
  if (problem) return { type: 'info', value, exception: `malformed-rpc-response: ${problem}` };
  return { type: 'ok', value: okValue(body) };
}

/** Maelstrom looks codes up by equality: 11.0 or "11" is no code in its table (indefinite). */
function errorCode(code: unknown): { name: string; definite: boolean } {
  return typeof code === 'number' && isJsonInteger(code) ? describeErrorCode(code) : { name: 'unknown', definite: false };
}
