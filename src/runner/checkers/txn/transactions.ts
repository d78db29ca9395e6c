// A txn history as Elle reads it: each client invocation paired with its completion (Jepsen's
// client-ops, nemesis ops left out), micro-ops parsed once into [f, key, value] with Clojure
// equality keys, and the external reads and writes of a transaction (jepsen.txn's ext-reads,
// ext-writes) that the register inference is built on.
import type { Op } from '../../records/history.js';
import { walkClientOps } from '../op-pairs.js';
import { valueKey, type ValueKey } from '../value-key.js';

export type MopF = 'r' | 'append' | 'w';

export interface Mop {
  readonly f: MopF;
  readonly key: unknown;
  /** valueKey(key): keys are equal in Clojure's sense iff these are. */
  readonly k: ValueKey;
  readonly value: unknown;
}

/** pending: the history ended before the invocation completed. */
export type TxnType = 'ok' | 'fail' | 'info' | 'pending';

export interface Txn {
  /** Dense, in invocation order. */
  readonly id: number;
  readonly type: TxnType;
  /** The completion (the op Elle's graphs and reports name), or the invocation while pending. */
  readonly op: Op;
  readonly invoke: Op;
  /** The completion's micro-ops (a fail or info keeps the request's, with reads null). */
  readonly mops: readonly Mop[];
  readonly invokeMops: readonly Mop[];
}

/** A history Elle refuses to analyse; the checker's verdict becomes unknown with this message. */
export class TxnHistoryError extends Error {}

export function collectTransactions(history: readonly Op[], allowed: readonly MopF[]): Txn[] {
  const txns: Txn[] = [];
  const open = new Map<Op, number>();
  const add = (invoke: Op, completion: Op | undefined): number => {
    const type = completion === undefined ? 'pending' : (completion.type as TxnType);
    const invokeMops = parseMops(invoke, allowed);
    const mops = completion === undefined ? invokeMops : parseMops(completion, allowed);
    txns.push({ id: txns.length, type, op: completion ?? invoke, invoke, mops, invokeMops });
    return txns.length - 1;
  };
  walkClientOps(history, {
    onInvoke(op) {
      open.set(op, add(op, undefined));
    },
    onComplete(op, invocation) {
      if (invocation === undefined || !open.has(invocation)) {
        add(op, op);
        return;
      }
      const id = open.get(invocation)!;
      open.delete(invocation);
      const t = txns[id];
      txns[id] = { ...t, type: op.type as TxnType, op, mops: parseMops(op, allowed) };
    },
  });
  return txns;
}

function parseMops(op: Op, allowed: readonly MopF[]): Mop[] {
  if (op.value === null || op.value === undefined) return [];
  if (!Array.isArray(op.value)) throw new TxnHistoryError(`op ${op.index}: a transaction must be an array of micro-ops, got ${JSON.stringify(op.value)}`);
  return op.value.map((m: unknown) => {
    const f = Array.isArray(m) ? m[0] : undefined;
    if (!Array.isArray(m) || m.length < 2 || m.length > 3 || !allowed.includes(f)) {
      throw new TxnHistoryError(
        `op ${op.index}: unexpected micro-op ${JSON.stringify(m)}; this workload takes ${allowed.map((a) => `["${a}", k, v]`).join(' and ')}`,
      );
    }
    const value = m.length === 3 ? m[2] : null;
    return { f: f as MopF, key: m[1], k: valueKey(m[1]), value };
  });
}

export const isOk = (t: Txn): boolean => t.type === 'ok';
/** Elle's `possible`: ok and info completions. */
export const isPossible = (t: Txn): boolean => t.type === 'ok' || t.type === 'info';

/** One key's external value in a transaction, with the micro-op it came from. */
export interface ExtValue {
  readonly key: unknown;
  readonly value: unknown;
  readonly mop: number;
}

/** First micro-op on each key when it is a read (jepsen.txn ext-reads). */
export function extReads(mops: readonly Mop[]): Map<ValueKey, ExtValue> {
  const out = new Map<ValueKey, ExtValue>();
  const seen = new Set<ValueKey>();
  mops.forEach((m, i) => {
    if (m.f === 'r' && !seen.has(m.k)) out.set(m.k, { key: m.key, value: m.value, mop: i });
    seen.add(m.k);
  });
  return out;
}

/** Last write to each key (jepsen.txn ext-writes). */
export function extWrites(mops: readonly Mop[]): Map<ValueKey, ExtValue> {
  const out = new Map<ValueKey, ExtValue>();
  mops.forEach((m, i) => {
    if (m.f !== 'r') {
      out.set(m.k, { key: m.key, value: m.value, mop: i });
    }
  });
  return out;
}

/** Index of the first micro-op equal to [f, key, value] (Clojure's index-of on a vector). */
export function mopIndex(mops: readonly Mop[], f: MopF, k: ValueKey, value: ValueKey): number | null {
  const i = mops.findIndex((m) => m.f === f && m.k === k && valueKey(m.value) === value);
  return i < 0 ? null : i;
}
