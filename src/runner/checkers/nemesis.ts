// ygossip's addition, informational: what the nemesis did. Each nemesis operation is recorded
// twice (as Jepsen does: the invocation with what was asked, the completion with what was
// done); this counts operations by f, and the nodes kills and pauses actually hit.
import type { Op } from '../records/history.js';

export interface NemesisResult {
  'valid?': true;
  /** f → number of operations (invocation and completion counted once). */
  ops: Record<string, number>;
  'nodes-killed': number;
  'nodes-paused': number;
}

export function checkNemesis(history: readonly Op[]): NemesisResult | undefined {
  const ops: Record<string, number> = {};
  let killed = 0;
  let paused = 0;
  let open: Op | undefined;
  for (const op of history) {
    if (op.process !== 'nemesis') continue;
    if (open === undefined || open.f !== op.f) {
      open = op; // an invocation: its completion is the next nemesis op with the same f
      ops[op.f] = (ops[op.f] ?? 0) + 1;
      continue;
    }
    if (op.f === 'kill' && Array.isArray(op.value)) killed += op.value.length;
    if (op.f === 'pause' && Array.isArray(op.value)) paused += op.value.length;
    open = undefined;
  }
  if (Object.keys(ops).length === 0) return undefined;
  return { 'valid?': true, ops, 'nodes-killed': killed, 'nodes-paused': paused };
}
