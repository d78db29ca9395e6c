// The lin-kv workload: Jepsen's independent generator (groups of 2n threads per key, n readers,
// [write cas cas] with values 0–4, a key retired past 20 processes), the options Maelstrom cannot
// run refused up front, the client's outcome table and timeout, and runs over nodes in-process:
// one shared register is linearizable, a copy per node and an ignored cas are not (the workload's
// own checker, checkers/linearizability/, judges the runs).
import { describe, expect, test } from 'vitest';
import { UsageError, parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import { createRandom } from '../../../src/runner/base/random.js';
import type { GeneratorContext, ThreadView } from '../../../src/runner/workloads/generator.js';
import { createLinKv, type LinKvOp, type LinKvResult } from '../../../src/runner/workloads/lin-kv.js';
import type { Op } from '../../../src/runner/records/history.js';
import { runScripted, withSetup, type Script, type ScriptedNode } from '../../helpers/scripted-nodes.js';

const options = (...args: string[]): TestOptions => parseOptions('sim', ['-w', 'lin-kv', ...args]) as TestOptions;

/** Asks the generator `count` times, every thread free, in the runner's rotating order. */
function draw(o: TestOptions, count: number, seed = 1): { op: LinKvOp; thread: number }[] {
  const gen = createLinKv(o).generator(createRandom(seed));
  if (typeof gen === 'function') throw new Error('lin-kv must pick its threads');
  const threads = Array.from({ length: o.concurrency }, (_, t) => ({ thread: t, process: t, node: o.nodes[t % o.nodes.length] }));
  const out: { op: LinKvOp; thread: number }[] = [];
  let rotate = 0;
  for (let k = 0; k < count; k++) {
    const free: ThreadView[] = threads.map((_, i) => threads[(rotate + i) % threads.length]);
    const ctx: GeneratorContext = { time: k, threads, free };
    const next = gen.next(ctx);
    if (typeof next === 'string') throw new Error(`generator said ${next}`);
    out.push(next);
    rotate = (next.thread + 1) % threads.length;
  }
  return out;
}

describe('lin-kv generator', () => {
  const twoGroups = options('--node-count', '3', '--concurrency', '4n'); // 12 threads: groups 0–5 and 6–11
  const ops = draw(twoGroups, 3000);

  test('only threads 0…n−1 read: the other group never reads', () => {
    const readers = new Set(ops.filter((o) => o.op.f === 'read').map((o) => o.thread));
    expect([...readers].sort()).toEqual([0, 1, 2]);
    expect(ops.filter((o) => o.thread >= 3).every((o) => o.op.f !== 'read')).toBe(true);
  });

  test('each group works on its own key; values are [k v] tuples with v in 0…4', () => {
    for (const { op, thread } of ops) {
      const [key, v] = op.value;
      expect(key).toBe(thread < 6 ? 0 : 1);
      expect(op.fields.key).toBe(key);
      if (op.f === 'read') expect(v).toBeNull();
      if (op.f === 'write') expect([0, 1, 2, 3, 4]).toContain(v);
      if (op.f === 'cas') {
        const [from, to] = v as [number, number];
        expect(op.fields).toEqual({ key, from, to });
        expect(Math.max(from, to)).toBeLessThanOrEqual(4);
        expect(Math.min(from, to)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  test('writers draw write one time in three, cas two in three', () => {
    const writers = ops.filter((o) => o.thread >= 6);
    const share = writers.filter((o) => o.op.f === 'write').length / writers.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.39);
    const casFrom = writers.filter((o) => o.op.f === 'cas').map((o) => (o.op.value[1] as number[])[0]);
    expect(new Set(casFrom).size).toBe(5);
  });

  test('a key retires once its group has seen more than 20 processes; the group takes the next unused key', () => {
    const o = options('--node-count', '3', '--concurrency', '4n');
    const gen = createLinKv(o).generator(createRandom(3));
    if (typeof gen === 'function') throw new Error('lin-kv must pick its threads');
    const threads = Array.from({ length: 12 }, (_, t) => ({ thread: t, process: t, node: o.nodes[t % 3] }));
    const keys: number[] = [];
    for (let crash = 0; crash <= 16; crash++) {
      // Group 0 alone is free; each round one of its threads has crashed once more (a new process).
      const next = gen.next({ time: crash, threads, free: threads.slice(0, 6) });
      if (typeof next === 'string') throw new Error(next);
      keys.push(next.op.value[0]);
      threads[crash % 6] = { ...threads[crash % 6], process: threads[crash % 6].process + 12 };
    }
    // 6 processes at first; the 15th new one makes 21: key 2, the next unused (group 1 holds key 1).
    expect(keys.slice(0, 15)).toEqual(Array(15).fill(0));
    expect(keys.slice(15)).toEqual([2, 2]);
  });
});

describe('lin-kv options', () => {
  test('concurrency must be a multiple of 2n, as Maelstrom needs (a usage error before anything runs)', () => {
    expect(() => options('--node-count', '3')).toThrow(UsageError);
    expect(() => options('--node-count', '3')).toThrow(/--concurrency must be a multiple of 2n = 6 for lin-kv, got 3/);
    expect(() => options('--node-count', '3', '--concurrency', '9')).toThrow(/only 6 could run keys/);
    expect(options('--node-count', '3', '--concurrency', '2n').concurrency).toBe(6);
    expect(options('--node-count', '3', '--concurrency', '12').concurrency).toBe(12);
  });

  test('more than 10 nodes is refused: Maelstrom would spin forever retiring keys', () => {
    expect(() => options('--node-count', '11', '--concurrency', '2n')).toThrow(/limit of 20 processes per key/);
    expect(options('--node-count', '10', '--concurrency', '2n').concurrency).toBe(20);
  });

  test('the client is reusable and waits max(10 × latency, 1 s)', () => {
    expect(createLinKv(options('--concurrency', '2n')).client).toMatchObject({ reusable: true, timeoutMs: 1000 });
    expect(createLinKv(options('--concurrency', '2n', '--latency', '250')).client?.timeoutMs).toBe(2500);
  });
});

describe('lin-kv client outcomes (Maelstrom §18.3)', () => {
  const w = createLinKv(options('--concurrency', '2n'));
  const op = (f: string, value: [number, unknown], fields: Record<string, unknown>): LinKvOp => ({
    f,
    value,
    rpc: { type: f, request: {}, response: f === 'read' ? { value: 'any' } : {} },
    fields,
  });
  const read = op('read', [7, null], { key: 7 });
  const write = op('write', [7, 3], { key: 7, value: 3 });
  const cas = op('cas', [7, [1, 2]], { key: 7, from: 1, to: 2 });
  const reply = (body: Record<string, unknown>) => ({ kind: 'reply' as const, body: { in_reply_to: 1, ...body } as never });
  const timeout = { kind: 'timeout' as const };
  const complete = (o: LinKvOp, outcome: Parameters<NonNullable<typeof w.complete>>[1]) => w.complete!(o, outcome);

  test('ok: a read learns [k value], null included; write and cas keep their value', () => {
    expect(complete(read, reply({ type: 'read_ok', value: 4 }))).toEqual({ type: 'ok', value: [7, 4] });
    expect(complete(read, reply({ type: 'read_ok', value: null }))).toEqual({ type: 'ok', value: [7, null] });
    expect(complete(cas, reply({ type: 'cas_ok' }))).toEqual({ type: 'ok', value: [7, [1, 2]] });
  });

  test('timeouts: a read fails, a write or cas is indeterminate', () => {
    expect(complete(read, timeout)).toEqual({ type: 'fail', value: [7, null], error: 'net-timeout' });
    expect(complete(write, timeout)).toEqual({ type: 'info', value: [7, 3], error: 'net-timeout' });
  });

  test('errors: definite ones fail, indefinite ones fail a read and leave a write or cas indeterminate', () => {
    expect(complete(cas, reply({ type: 'error', code: 22, text: 'current value 0 is not 1' }))).toEqual({
      type: 'fail',
      value: [7, [1, 2]],
      error: ['precondition-failed', 'current value 0 is not 1'],
    });
    expect(complete(read, reply({ type: 'error', code: 20 })).type).toBe('fail');
    expect(complete(read, reply({ type: 'error', code: 13 })).type).toBe('fail');
    expect(complete(write, reply({ type: 'error', code: 13 })).type).toBe('info');
    expect(complete(cas, reply({ type: 'error', code: 1000 })).type).toBe('info');
  });

  test('a malformed reply is indeterminate with the exception', () => {
    const c = complete(write, reply({ type: 'write_ok', value: 3 }));
    expect(c.type).toBe('info');
    expect(c.exception).toMatch(/malformed-rpc-response/);
  });
});

/** A key-value node over `map(node)`, with Maelstrom's codes; `applyCas: false` acks cas and changes nothing. */
function kv(map: (node: ScriptedNode) => Map<unknown, unknown>, { applyCas = true } = {}): Script {
  return withSetup((node, message) => {
    const store = map(node);
    const { type, key, value, from, to } = message.body as Record<string, unknown>;
    if (type === 'write') store.set(key, value);
    if (type === 'write') return node.reply(message, { type: 'write_ok' });
    if (type === 'cas' && !applyCas) return node.reply(message, { type: 'cas_ok' });
    if (!store.has(key)) return node.reply(message, { type: 'error', code: 20, text: 'key does not exist' });
    if (type === 'read') return node.reply(message, { type: 'read_ok', value: store.get(key) });
    if (store.get(key) !== from) return node.reply(message, { type: 'error', code: 22, text: 'precondition failed' });
    store.set(key, to);
    node.reply(message, { type: 'cas_ok' });
  });
}

const shared = (): Script => {
  const map = new Map();
  return kv(() => map);
};
const local = kv((node) => (node.state.map ??= new Map()) as Map<unknown, unknown>);

const small = ['-w', 'lin-kv', '--node-count', '3', '--concurrency', '2n', '--time-limit', '3', '--rate', '12'];

async function judged(script: Script, ...args: string[]): Promise<{ result: LinKvResult; history: Op[] }> {
  const outcome = await runScripted(script, ...small, ...args);
  const o = options(...small.slice(2), ...args);
  return { result: createLinKv(o).check(outcome.history), history: outcome.history };
}

describe('lin-kv runs, judged by the linearizability checker', () => {
  test('one register shared by every node is linearizable', async () => {
    for (const seed of ['1', '2', '3']) {
      const { result, history } = await judged(shared(), '--seed', seed);
      expect(history.filter((op) => op.type === 'ok').length).toBeGreaterThan(20);
      expect(result).toMatchObject({ 'valid?': true, failures: [] });
      expect(Object.keys(result.results)).toEqual(['0']);
      expect(result.results['0']).toMatchObject({ linearizable: { 'valid?': true }, timeline: { 'valid?': true }, 'valid?': true });
    }
  });

  test('a copy per node is not linearizable: the key is named among the failures', async () => {
    const { result } = await judged(local, '--seed', '1');
    expect(result['valid?']).toBe(false);
    expect(result.failures).toEqual([0]);
    expect(result.results['0']['valid?']).toBe(false);
  });

  test('a cas acknowledged and never applied is not linearizable', async () => {
    const ignored = new Map();
    const { result, history } = await judged(
      kv(() => ignored, { applyCas: false }),
      '--seed',
      '1',
    );
    expect(history.some((op) => op.f === 'cas' && op.type === 'ok')).toBe(true);
    expect(result['valid?']).toBe(false);
  });

  test("every key of a run is checked, the nemesis's ops among them, and a refuted key names its counterexample", async () => {
    const args = ['--concurrency', '4n', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '2'];
    const outcome = await runScripted(local, ...small, ...args);
    expect(outcome.history.some((op) => op.process === 'nemesis')).toBe(true);
    const w = createLinKv(options(...small.slice(2), ...args));
    const result = w.check(outcome.history);
    expect(Object.keys(result.results)).toEqual(['0', '1']);
    expect(result['valid?']).toBe(false);
    const rows = Object.fromEntries(w.summaryRows(result));
    expect(rows.keys).toMatch(/^2 keys: .*not \(key/);
    expect(rows.counterexample).toMatch(/key \d/);
  });
});
