// The orders that come from when and where transactions ran rather than from their data
// (elle/core.clj realtime-graph and process-graph). Real time: an ok transaction precedes every
// transaction invoked after it completed; only a transitive reduction is kept (a completion
// leaves the frontier once a later ok transaction is known to follow it). Process: each
// process's ok transactions in order. Edges point at completions of any outcome, as in Elle.
import type { Op } from '../../records/history.js';
import { link, PROCESS, REALTIME, type EdgeSet } from './graph.js';
import type { Txn } from './transactions.js';

export function addRealtimeEdges(g: EdgeSet, history: readonly Op[], txns: readonly Txn[]): void {
  const byInvoke = new Map<Op, Txn>();
  const byCompletion = new Map<Op, Txn>();
  for (const t of txns) {
    if (t.type === 'pending') continue;
    byInvoke.set(t.invoke, t);
    byCompletion.set(t.op, t);
  }
  const frontier = new Set<number>();
  // What the frontier held when each transaction was invoked: its real-time predecessors.
  const before = new Map<number, number[]>();
  for (const op of history) {
    if (op.type === 'invoke') {
      const t = byInvoke.get(op);
      if (t === undefined) continue;
      const preds = [...frontier];
      for (const p of preds) link(g, p, t.id, REALTIME);
      before.set(t.id, preds);
    } else if (op.type === 'ok') {
      const t = byCompletion.get(op);
      if (t === undefined) continue;
      for (const p of before.get(t.id) ?? []) frontier.delete(p);
      frontier.add(t.id);
    }
  }
}

export function addProcessEdges(g: EdgeSet, history: readonly Op[], txns: readonly Txn[]): void {
  const byCompletion = new Map<Op, Txn>();
  for (const t of txns) if (t.type === 'ok') byCompletion.set(t.op, t);
  const last = new Map<unknown, number>();
  for (const op of history) {
    const t = op.type === 'ok' ? byCompletion.get(op) : undefined;
    if (t === undefined) continue;
    const prev = last.get(op.process);
    if (prev !== undefined) link(g, prev, t.id, PROCESS);
    last.set(op.process, t.id);
  }
}
