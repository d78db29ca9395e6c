// Synthetic lin-kv histories for the checker's bench, shaped like Maelstrom's: client threads
// bound to nodes round-robin, the first n threads only reading and the others writing (⅓) or
// cas-ing (⅔) values 0–4, keys `[k v]` tuples, a thread that times out (:info) continuing as a
// new process, and a key retired once more than 20 processes have touched it (Jepsen's
// independent generator). Results come from a simulated linearizable register: each op takes
// effect at one random moment inside its interval, latencies overlap at random, a cas that
// finds another value fails (Maelstrom's error 22), and a timed-out op took effect or not.
import type { Op } from '../../src/runner/records/history.js';

export interface SyntheticOptions {
  ops: number;
  threads: number;
  nodes: number;
  seed: number;
  /** Share of write/cas ops that time out. */
  infoRate: number;
  /** Latency bounds in ms. */
  latency: [number, number];
}

interface Running {
  thread: number;
  process: number;
  key: number;
  f: 'read' | 'write' | 'cas';
  value: unknown;
  effectAt: number;
  doneAt: number;
  info: boolean;
  result?: unknown;
  applied: boolean;
}

/** xorshift32: seeded and fast. */
function random(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

export function syntheticLinKv(o: SyntheticOptions): Op[] {
  const rand = random(o.seed);
  const history: Op[] = [];
  const record = (at: number, type: Op['type'], process: number, f: string, value: unknown): void =>
    void history.push({ index: history.length, time: Math.round(at * 1e6), type, process, f, value });
  const registers = new Map<number, unknown>();
  const processes = Array.from({ length: o.threads }, (_, t) => t);
  let key = 0;
  let seen = new Set<number>();
  const running: Running[] = [];
  let invoked = 0;
  let now = 0;
  const start = (thread: number): void => {
    if (invoked >= o.ops) return;
    invoked++;
    const process = processes[thread];
    seen.add(process);
    if (seen.size > 20) {
      key += 1;
      seen = new Set([process]);
    }
    const f = thread < o.nodes ? 'read' : rand() < 1 / 3 ? 'write' : 'cas';
    const value = f === 'read' ? null : f === 'write' ? Math.floor(rand() * 5) : [Math.floor(rand() * 5), Math.floor(rand() * 5)];
    const latency = o.latency[0] + rand() * (o.latency[1] - o.latency[0]);
    record(now, 'invoke', process, f, [key, value]);
    running.push({
      thread,
      process,
      key,
      f,
      value,
      effectAt: now + rand() * latency,
      doneAt: now + latency,
      info: f !== 'read' && rand() < o.infoRate,
      applied: false,
    });
  };
  for (let t = 0; t < o.threads; t++) start(t);
  while (running.length > 0) {
    // The next event: an op taking effect or completing.
    let next = 0;
    let at = Infinity;
    running.forEach((r, i) => {
      const t = r.applied ? r.doneAt : r.effectAt;
      if (t < at) {
        at = t;
        next = i;
      }
    });
    now = at;
    const r = running[next];
    if (!r.applied) {
      r.applied = true;
      // A timed-out op takes effect only half the time.
      if (!r.info || rand() < 0.5) r.result = apply(registers, r);
      continue;
    }
    running.splice(next, 1);
    complete(r, record, now);
    if (r.info) processes[r.thread] += o.threads;
    start(r.thread);
  }
  return history;
}

function apply(registers: Map<number, unknown>, r: Running): unknown {
  const current = registers.get(r.key) ?? null;
  if (r.f === 'read') return current;
  if (r.f === 'write') {
    registers.set(r.key, r.value);
    return true;
  }
  const [from, to] = r.value as [number, number];
  if (current !== from) return false;
  registers.set(r.key, to);
  return true;
}

function complete(r: Running, record: (at: number, type: Op['type'], process: number, f: string, value: unknown) => void, now: number): void {
  if (r.info) record(now, 'info', r.process, r.f, [r.key, r.value]);
  else if (r.f === 'read') record(now, 'ok', r.process, 'read', [r.key, r.result]);
  else if (r.result === false) record(now, 'fail', r.process, r.f, [r.key, r.value]);
  else record(now, 'ok', r.process, r.f, [r.key, r.value]);
}

/** The same history with one read in the middle of the busiest key claiming a value never written. */
export function plantViolation(history: readonly Op[]): { history: Op[]; at: Op } {
  const perKey = new Map<unknown, Op[]>();
  for (const op of history)
    if (op.type === 'ok' && op.f === 'read') perKey.set((op.value as unknown[])[0], [...(perKey.get((op.value as unknown[])[0]) ?? []), op]);
  const reads = [...perKey.values()].sort((a, b) => b.length - a.length)[0];
  const victim = reads[reads.length >> 1];
  const at = { ...victim, value: [(victim.value as unknown[])[0], 5] };
  return { history: history.map((op) => (op === victim ? at : op)), at };
}

/** n concurrent writes of distinct values that all time out, then a read no order explains:
 *  refuting it means trying every subset of the writes (2^n), so no budget is enough. */
export function hopelessHistory(n: number): Op[] {
  const h: Op[] = [];
  const add = (type: Op['type'], process: number, f: string, value: unknown): void =>
    void h.push({ index: h.length, time: h.length * 1000, type, process, f, value });
  for (let p = 0; p < n; p++) add('invoke', p, 'write', [0, p]);
  for (let p = 0; p < n; p++) add('info', p, 'write', [0, p]);
  add('invoke', n, 'read', [0, null]);
  add('ok', n, 'read', [0, -1]);
  return h;
}
