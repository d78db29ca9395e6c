// An exhaustive linearizability search for the small single-register histories of runner tests
// (one lin-kv key, values unwrapped): every order consistent with real time is tried, memoised
// on (ops placed, register value). Knossos's cas-register model: reads of null pass in any state,
// :fail ops never happened, :info and unfinished ops may take effect at any point after their
// invocation or never. For tests only: it is exponential in the concurrency, and tests keep
// histories to a few dozen operations.
import type { Op } from '../../src/runner/history.js';

interface RegisterOp {
  f: string;
  value: unknown;
  invoked: number;
  /** History index of an :ok completion; Infinity for an op that may never take effect. */
  returned: number;
}

function registerOps(history: readonly Op[]): RegisterOp[] {
  const pending = new Map<number, { op: Op; index: number }>();
  const ops: RegisterOp[] = [];
  history.forEach((op, index) => {
    if (op.process === 'nemesis') return;
    if (op.type === 'invoke') return void pending.set(op.process, { op, index });
    const invocation = pending.get(op.process);
    pending.delete(op.process);
    if (!invocation || op.type === 'fail') return;
    // An :ok read learns its value from the completion; an :info op keeps what it asked.
    ops.push({ f: op.f, value: op.type === 'ok' ? op.value : invocation.op.value, invoked: invocation.index, returned: op.type === 'ok' ? index : Infinity });
  });
  for (const { op, index } of pending.values()) ops.push({ f: op.f, value: op.value, invoked: index, returned: Infinity });
  return ops;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The register after `op`, or undefined when the model refuses it. */
function step(state: unknown, op: RegisterOp): { state: unknown } | undefined {
  const definite = op.returned !== Infinity;
  if (op.f === 'read') return !definite || op.value === null || same(op.value, state) ? { state } : undefined;
  if (op.f === 'write') return { state: op.value };
  const [from, to] = op.value as [unknown, unknown];
  if (same(state, from)) return { state: to };
  return definite ? undefined : { state };
}

export function isLinearizable(history: readonly Op[]): boolean {
  const ops = registerOps(history);
  const placed = ops.map(() => false);
  const seen = new Set<string>();
  const search = (state: unknown, left: number): boolean => {
    // Done once every op left may never have happened.
    if (ops.every((op, i) => placed[i] || op.returned === Infinity)) return true;
    const memo = `${placed.map(Number).join('')}|${JSON.stringify(state)}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    // The next op must have been invoked before every remaining op returned.
    const deadline = Math.min(...ops.filter((_, i) => !placed[i]).map((op) => op.returned));
    for (let i = 0; i < ops.length; i++) {
      if (placed[i] || ops[i].invoked > deadline) continue;
      const next = step(state, ops[i]);
      if (next === undefined) continue;
      placed[i] = true;
      const found = search(next.state, left - 1);
      placed[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(null, ops.length);
}
