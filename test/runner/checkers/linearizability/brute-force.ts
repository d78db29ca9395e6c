// A linearizability oracle written the slow, obvious way, sharing no code with the checker but
// Clojure equality: pair the ops, delete :fail ones, and try every order of the operations that
// respects real time, with each indefinite op (:info or never completed) placed anywhere after its
// invocation or left out. The whole multi-key history is one object (a map of registers), so
// agreeing with it also checks that splitting by key changes nothing. Without `memo` it is a
// plain enumeration (small histories); with it, it remembers (placed ops, state) pairs it has
// already failed from, which keeps it exact and lets it check a few hundred ops of low concurrency.
import type { Op } from '../../../../src/runner/records/history.js';
import { valuesEqual } from '../../../../src/runner/checkers/value-key.js';

interface BruteOp {
  f: string;
  key: unknown;
  value: unknown;
  call: number;
  /** Infinity when indefinite. */
  ret: number;
}

export function bruteForceLinearizable(history: readonly Op[], memo = false): boolean {
  const ops = collect(history);
  const definite = ops.filter((o) => o.ret !== Infinity).length;
  const placed = ops.map(() => false);
  const state = new Map<string, unknown>();
  const failed = new Set<string>();
  const search = (placedDefinite: number): boolean => {
    if (placedDefinite === definite) return true;
    const id = memo ? `${placed.map(Number).join('')}|${JSON.stringify([...state].filter(([, v]) => v !== null).sort())}` : '';
    if (memo && failed.has(id)) return false;
    // Real time: an op can go next only if no unplaced definite op returned before it was called.
    const deadline = Math.min(...ops.filter((o, i) => !placed[i] && o.ret !== Infinity).map((o) => o.ret));
    for (let i = 0; i < ops.length; i++) {
      const o = ops[i];
      if (placed[i] || o.call > deadline) continue;
      const k = JSON.stringify(o.key);
      const before = state.has(k) ? state.get(k) : null;
      const after = apply(before, o);
      if (after === refused) continue;
      placed[i] = true;
      state.set(k, after);
      const found = search(placedDefinite + (o.ret !== Infinity ? 1 : 0));
      placed[i] = false;
      state.set(k, before);
      if (found) return true;
    }
    if (memo) failed.add(id);
    return false;
  };
  return search(0);
}

const refused = Symbol('refused');

function apply(current: unknown, o: BruteOp): unknown {
  if (o.f === 'write') return o.value;
  if (o.f === 'read') return o.value === null || valuesEqual(o.value, current) ? current : refused;
  const [from, to] = o.value as [unknown, unknown];
  return valuesEqual(from, current) ? to : refused;
}

function collect(history: readonly Op[]): BruteOp[] {
  const open = new Map<number, { op: BruteOp; at: number }>();
  const out: BruteOp[] = [];
  history.forEach((h, position) => {
    if (h.process === 'nemesis') return;
    const [key, value] = h.value as [unknown, unknown];
    if (h.type === 'invoke') {
      const op: BruteOp = { f: h.f, key, value, call: position, ret: Infinity };
      open.set(h.process, { op, at: out.length });
      out.push(op);
      return;
    }
    const pending = open.get(h.process)!;
    open.delete(h.process);
    if (h.type === 'ok') {
      pending.op.value = value;
      pending.op.ret = position;
    } else if (h.type === 'fail') out[pending.at] = { ...pending.op, f: 'deleted' };
  });
  return out.filter((o) => o.f !== 'deleted');
}
