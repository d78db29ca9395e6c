// ygossip's addition to Maelstrom's checkers, informational only: do the final reads agree?
// set-full judges by the latest-invoked read alone, so a node that lags behind the rest can hide
// behind a luckier one; this says which nodes' final reads lack which values (sets), or what
// each node read (counters). It never changes the verdict.
import type { NodeId } from '../../maelstrom/message.js';
import type { Op } from '../records/history.js';
import { nodeOfProcess, type ClientLayout } from './client-layout.js';
import { compareValues, valueKey } from './value-key.js';

export interface ConvergenceResult {
  'valid?': true;
  'agree?': boolean;
  'final-read-count': number;
  /** Sets: node → the values another final read holds and this node's final reads lack. */
  missing?: Record<NodeId, { count: number; values: unknown[] }>;
  /** Counters: node → the values its final reads returned. */
  values?: Record<NodeId, unknown[]>;
}

const listed = 20;

/** Ok final reads (ops of f `read`): from history index `from` on (the final phase), else those flagged final. */
export function finalReads(history: readonly Op[], read: string, from?: number): Op[] {
  return history.filter((op, i) => op.f === read && op.type === 'ok' && op.process !== 'nemesis' && (from !== undefined ? i >= from : op.final === true));
}

export function checkConvergence(reads: readonly Op[], layout: ClientLayout, kind: 'set' | 'counter'): ConvergenceResult {
  const byNode = new Map<NodeId, Op[]>();
  for (const read of reads) {
    const node = nodeOfProcess(read.process as number, layout);
    byNode.set(node, [...(byNode.get(node) ?? []), read]);
  }
  const base = { 'valid?': true as const, 'final-read-count': reads.length };
  if (kind === 'counter') {
    const values = Object.fromEntries([...byNode].map(([node, ops]) => [node, ops.map((op) => op.value)]));
    const distinct = new Set(reads.map((op) => valueKey(op.value)));
    return { ...base, 'agree?': distinct.size <= 1, values };
  }
  const union = new Map<string | number, unknown>();
  for (const read of reads) for (const v of asList(read.value)) union.set(valueKey(v), v);
  const missing: Record<NodeId, { count: number; values: unknown[] }> = {};
  for (const [node, ops] of byNode) {
    const lacking = new Map<string | number, unknown>();
    for (const op of ops) {
      const seen = new Set(asList(op.value).map(valueKey));
      for (const [key, v] of union) if (!seen.has(key)) lacking.set(key, v);
    }
    if (lacking.size > 0) {
      const values = [...lacking.values()].sort(compareValues);
      missing[node] = { count: values.length, values: values.slice(0, listed) };
    }
  }
  return { ...base, 'agree?': Object.keys(missing).length === 0, missing };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
