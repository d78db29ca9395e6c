// The kafka workload as Maelstrom runs it: Elle's keys and values under Jepsen's kafka generator
// (1/64 assigns of the held op's key, a third with the unseen keys, crashes on their own
// stagger), the client's RPCs and outcomes (assign → list_committed_offsets, poll then
// commit_offsets, ok only if both are), the final phase, and whole runs over the fixture nodes
// of test/fixtures/kafka-kit.mjs in-process: one node keeping its logs in memory is valid; two
// such nodes (each log kept to itself) and a node that drops one acknowledged send in fifty are
// invalid with the anomaly named.
import { describe, expect, test } from 'vitest';
import type { Body } from '../../../src/maelstrom/message.js';
import { workloadOfOps } from '../../../src/runner/check/infer-workload.js';
import type { Op } from '../../../src/runner/records/history.js';
import { parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import { createRandom } from '../../../src/runner/base/random.js';
import type { GeneratorContext, OpGenerator, ThreadView } from '../../../src/runner/workloads/generator.js';
import { defaultWorkloadOptions, type ClientHandle, type RpcOutcome } from '../../../src/runner/workloads/index.js';
import { OffsetTracker, kafkaGenerator, type KafkaOp } from '../../../src/runner/workloads/kafka-generator.js';
import { createKafka, type KafkaClientState, type KafkaWorkloadResult } from '../../../src/runner/workloads/kafka.js';
import { kafkaHandlers, linKvKafkaHandlers } from '../../fixtures/kafka-kit.mjs';
import { kitScript } from '../../helpers/kit-script.js';
import { runScripted } from '../../helpers/scripted-nodes.js';
import { simulate } from '../../../src/runner/sim/simulate.js';

const threads: ThreadView[] = [0, 1, 2, 3].map((t) => ({ thread: t, process: t, node: `n${t % 2}` }));
const ctxAt = (time: number, free = threads): GeneratorContext => ({ time, threads, free });

function draws(gen: OpGenerator<KafkaOp>, count: number, stepMs = 0): KafkaOp[] {
  const out: KafkaOp[] = [];
  for (let k = 0; k < count; k++) {
    const next = gen.next(ctxAt(k * stepMs));
    if (typeof next === 'string') throw new Error(`generator said ${next}`);
    out.push(next.op);
  }
  return out;
}

const generator = (seed: number, options = {}, tracker = new OffsetTracker()) =>
  kafkaGenerator({ ...defaultWorkloadOptions, concurrency: 4, ...options }, createRandom(seed), tracker);
/** A generator past its first op (the crash due at time 0), every later request before the next crash. */
function warmed(seed: number, options = {}, tracker = new OffsetTracker()): OpGenerator<KafkaOp> {
  const gen = generator(seed, options, tracker);
  expect(draws(gen, 1)[0].f).toBe('crash');
  return gen;
}
const sendOf = (op: KafkaOp): [string, number] => (op.value as [[string, string, number]])[0].slice(1) as [string, number];

describe('kafka generator', () => {
  test('sends carry one micro-op, keys as decimal strings, values 1, 2, … per key up to 16; a full key is replaced by a fresh one', () => {
    const ops = draws(warmed(1), 20_000);
    const sends = ops.filter((op) => op.f === 'send').map(sendOf);
    const perKey = new Map<string, number[]>();
    for (const [key, v] of sends) perKey.set(key, [...(perKey.get(key) ?? []), v]);
    for (const [key, vs] of perKey) {
      expect(key).toMatch(/^(0|[1-9][0-9]*)$/);
      expect(vs).toEqual(vs.map((_, i) => i + 1));
      expect(vs.length).toBeLessThanOrEqual(16);
    }
    expect(perKey.size).toBeGreaterThan(100);
    expect(ops.filter((op) => op.f === 'poll').every((op) => JSON.stringify(op.value) === '[["poll"]]')).toBe(true);
    const share = sends.length / ops.filter((op) => op.f !== 'assign').length;
    expect(share).toBeGreaterThan(0.46);
    expect(share).toBeLessThan(0.54);
  });

  test("keys follow Elle's exponential choice: the pool's last key about half the time, each earlier one half as often", () => {
    const sends = draws(warmed(2, { maxWritesPerKey: 1e9 }), 40_000)
      .filter((op) => op.f === 'send')
      .map(sendOf);
    const share = (key: string): number => sends.filter(([k]) => k === key).length / sends.length;
    expect(share('9')).toBeGreaterThan(0.46);
    expect(share('9')).toBeLessThan(0.54);
    expect(share('8') / share('9')).toBeGreaterThan(0.43);
    expect(share('8') / share('9')).toBeLessThan(0.57);
    expect(share('0')).toBeLessThan(0.005);
    expect(new Set(sends.map(([k]) => k))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
  });

  test('--key-count sets the pool', () => {
    const sends = draws(warmed(3, { keyCount: 3, maxWritesPerKey: 1e9 }), 3000)
      .filter((op) => op.f === 'send')
      .map(sendOf);
    expect(new Set(sends.map(([k]) => k))).toEqual(new Set(['0', '1', '2']));
  });

  test('one request in 64 is an assign of the key of the op it holds back; that op comes next', () => {
    const ops = draws(warmed(4, { maxWritesPerKey: 1e9 }), 32_000);
    const assigns = ops.filter((op) => op.f === 'assign');
    expect(assigns.length).toBeGreaterThan(400);
    expect(assigns.length).toBeLessThan(600);
    let checked = 0;
    ops.forEach((op, i) => {
      if (op.f !== 'assign') return;
      expect(op.value).toHaveLength(1); // nothing unseen: no completion was heard
      const next = ops.slice(i + 1).find((o) => o.f !== 'assign')!;
      if (next.f === 'send') {
        expect(sendOf(next)[0]).toBe((op.value as string[])[0]);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(150);
  });

  test('about a third of the assigns also name every key with acknowledged sends no ok poll has reached', () => {
    const tracker = new OffsetTracker();
    const gen = warmed(5, {}, tracker);
    const ok = (f: string, value: unknown): Op => ({ index: 0, time: 0, type: 'ok', process: 0, f, value });
    gen.update!(ok('send', [['send', '77', [3, 1]]]), threads[0]);
    gen.update!(ok('send', [['send', '78', [0, 1]]]), threads[0]);
    gen.update!(ok('poll', [['poll', { '78': [[0, 1]] }]]), threads[0]);
    const assigns = draws(gen, 30_000).filter((op) => op.f === 'assign');
    const widened = assigns.filter((op) => (op.value as string[]).includes('77'));
    expect(widened.length / assigns.length).toBeGreaterThan(0.25);
    expect(widened.length / assigns.length).toBeLessThan(0.42);
    expect(assigns.some((op) => (op.value as string[]).includes('78'))).toBe(false); // caught up
    gen.update!(
      ok('poll', [
        [
          'poll',
          {
            '77': [
              [2, 7],
              [3, 1],
            ],
          },
        ],
      ]),
      threads[0],
    );
    expect(tracker.unseenKeys()).toEqual([]);
    expect(tracker.highest).toEqual(
      new Map([
        ['77', 3],
        ['78', 0],
      ]),
    );
  });

  test('crashes come at once, then at gaps averaging 30/concurrency s; nothing while no thread is free', () => {
    const gen = generator(6);
    expect(gen.next(ctxAt(0, []))).toBe('pending');
    const ops = draws(gen, 600_000, 1); // 600 s of requests, one a millisecond
    expect(ops[0].f).toBe('crash');
    const crashes = ops.filter((op) => op.f === 'crash').length;
    expect(crashes).toBeGreaterThan(60); // 600 s / 7.5 s = 80
    expect(crashes).toBeLessThan(100);
    expect(ops[0].value).toBeNull();
  });
});

/** A client handle whose node answers with `answer`; every request is recorded. */
function fakeClient(answer: (body: Body) => RpcOutcome | Record<string, unknown>): { handle: ClientHandle<KafkaClientState>; calls: Body[] } {
  const calls: Body[] = [];
  const handle: ClientHandle<KafkaClientState> = {
    id: 'c1',
    node: 'n0',
    state: { offsets: new Map() },
    call: async (body) => {
      calls.push(body);
      const a = answer(body);
      return 'kind' in a ? (a as RpcOutcome) : { kind: 'reply', body: { in_reply_to: 1, ...a } as Body };
    },
  };
  return { handle, calls };
}

describe('kafka client', () => {
  const w = createKafka({ ...defaultWorkloadOptions, concurrency: 2 });
  const perform = (op: KafkaOp, handle: ClientHandle<KafkaClientState>) => w.perform!(op, handle);
  const poll: KafkaOp = { f: 'poll', value: [['poll']] };
  const timeout: RpcOutcome = { kind: 'timeout' };

  test('assign asks for committed offsets: assigned keys keep their place, others start at the committed offset or 0; others are dropped', async () => {
    const { handle, calls } = fakeClient((b) =>
      b.type === 'list_committed_offsets' ? { type: 'list_committed_offsets_ok', offsets: { b: 4, c: 9 } } : { type: 'poll_ok', msgs: {} },
    );
    handle.state.offsets = new Map([
      ['a', 2],
      ['b', 7],
      ['z', 5],
    ]);
    expect(await perform({ f: 'assign', value: ['a', 'b', 'c', 'd'] }, handle)).toEqual({ type: 'ok', value: ['a', 'b', 'c', 'd'] });
    expect(calls).toEqual([{ type: 'list_committed_offsets', keys: ['a', 'b', 'c', 'd'] }]);
    expect(handle.state.offsets).toEqual(
      new Map([
        ['a', 2],
        ['b', 7],
        ['c', 9],
        ['d', 0],
      ]),
    );
    await perform(poll, handle);
    expect(calls[1]).toEqual({ type: 'poll', offsets: { a: 2, b: 7, c: 9, d: 0 } });
  });

  test("the final phase's assign sends nothing and starts every key at 0", async () => {
    const { handle, calls } = fakeClient(() => timeout);
    handle.state.offsets = new Map([['a', 2]]);
    expect(await perform({ f: 'assign', value: ['a', 'b'], seek: true }, handle)).toEqual({ type: 'ok', value: ['a', 'b'] });
    expect(calls).toEqual([]);
    expect(handle.state.offsets).toEqual(
      new Map([
        ['a', 0],
        ['b', 0],
      ]),
    );
  });

  test('an assign that times out or is refused fails (assign is idempotent)', async () => {
    expect(await perform({ f: 'assign', value: ['a'] }, fakeClient(() => timeout).handle)).toEqual({ type: 'fail', value: ['a'], error: 'net-timeout' });
    const refused = await perform({ f: 'assign', value: ['a'] }, fakeClient(() => ({ type: 'error', code: 13, text: 'boom' })).handle);
    expect(refused).toEqual({ type: 'fail', value: ['a'], error: ['crash', 'boom'] });
  });

  test('a poll advances past the highest offset returned (never back), then commits the highest offset of each key with messages', async () => {
    const msgs = {
      a: [
        [3, 30],
        [5, 50],
      ],
      b: [],
      c: [[0, 1]],
    };
    const { handle, calls } = fakeClient((b) => (b.type === 'poll' ? { type: 'poll_ok', msgs } : { type: 'commit_offsets_ok' }));
    handle.state.offsets = new Map([
      ['a', 3],
      ['b', 4],
    ]);
    expect(await perform(poll, handle)).toEqual({ type: 'ok', value: [['poll', msgs]] });
    expect(handle.state.offsets).toEqual(
      new Map([
        ['a', 6],
        ['b', 4],
        ['c', 1],
      ]),
    );
    expect(calls[1]).toEqual({ type: 'commit_offsets', offsets: { a: 5, c: 0 } });
  });

  test('a poll with no messages commits nothing', async () => {
    const { handle, calls } = fakeClient(() => ({ type: 'poll_ok', msgs: { a: [] } }));
    expect((await perform(poll, handle)).type).toBe('ok');
    expect(calls.map((c) => c.type)).toEqual(['poll']);
    expect(handle.state.offsets).toEqual(new Map([['a', 0]]));
  });

  test('a poll is ok only if its commit is: a refused commit fails it, a lost one leaves it indeterminate, with the invocation value', async () => {
    const reply = (commit: RpcOutcome | Record<string, unknown>) => (b: Body) => (b.type === 'poll' ? { type: 'poll_ok', msgs: { a: [[0, 1]] } } : commit);
    const refused = fakeClient(reply({ type: 'error', code: 11, text: 'later' }));
    expect(await perform(poll, refused.handle)).toEqual({ type: 'fail', value: [['poll']], error: ['temporarily-unavailable', 'later'] });
    expect(refused.handle.state.offsets).toEqual(new Map([['a', 1]]));
    expect(await perform(poll, fakeClient(reply(timeout)).handle)).toEqual({ type: 'info', value: [['poll']], error: 'net-timeout' });
    expect(await perform(poll, fakeClient(() => timeout).handle)).toEqual({ type: 'info', value: [['poll']], error: 'net-timeout' });
  });

  test("a reply outside Maelstrom's closed schema is indeterminate, with the exception", async () => {
    for (const msgs of [{ a: [[0, 1, 2]] }, { a: [['0', 1]] }, { a: null }, [[0, 1]]]) {
      const done = await perform(poll, fakeClient(() => ({ type: 'poll_ok', msgs })).handle);
      expect(done.type).toBe('info');
      expect(done.exception).toMatch(/malformed-rpc-response: "msgs"/);
    }
    const send = await perform({ f: 'send', value: [['send', 'a', 1]] }, fakeClient(() => ({ type: 'send_ok', offset: 1.5 })).handle);
    expect(send).toMatchObject({ type: 'info', exception: expect.stringMatching(/"offset" must be an integer/) });
    const list = await perform({ f: 'assign', value: ['a'] }, fakeClient(() => ({ type: 'list_committed_offsets_ok', offsets: null })).handle);
    expect(list.type).toBe('info');
  });

  test('a send learns its offset; a lost send is indeterminate, a refused one fails; no commit', async () => {
    const { handle, calls } = fakeClient(() => ({ type: 'send_ok', offset: 12 }));
    const send: KafkaOp = { f: 'send', value: [['send', '7', 3]] };
    expect(await perform(send, handle)).toEqual({ type: 'ok', value: [['send', '7', [12, 3]]] });
    expect(calls).toEqual([{ type: 'send', key: '7', msg: 3 }]);
    expect(await perform(send, fakeClient(() => timeout).handle)).toEqual({ type: 'info', value: [['send', '7', 3]], error: 'net-timeout' });
    expect((await perform(send, fakeClient(() => ({ type: 'error', code: 11 })).handle)).type).toBe('fail');
    expect((await perform(send, fakeClient(() => ({ type: 'error', code: 13 })).handle)).type).toBe('info');
  });

  test('a crash is :info at once, without a message; the client is not reusable', async () => {
    const { handle, calls } = fakeClient(() => timeout);
    expect(await perform({ f: 'crash', value: null }, handle)).toEqual({ type: 'info', value: null });
    expect(calls).toEqual([]);
    expect(w.client?.reusable).toBeFalsy();
    expect(w.client?.timeoutMs).toBeUndefined(); // the runner's 5 s
    expect(w.final?.timeLimitS).toBe(10);
  });
});

const kafkaArgs = (nodes: number, ...more: string[]) => [
  '-w',
  'kafka',
  '--node-count',
  String(nodes),
  ...'--concurrency 2n --time-limit 5 --rate 100'.split(' '),
  ...more,
];

async function run(dropEvery: number, ...args: string[]): Promise<{ result: KafkaWorkloadResult; history: Op[]; options: TestOptions }> {
  const outcome = await runScripted(
    kitScript(() => kafkaHandlers({ dropEvery })),
    ...args,
  );
  expect(outcome.error).toBeUndefined();
  return { result: outcome.results!.workload as KafkaWorkloadResult, history: outcome.history, options: parseOptions('sim', args) as TestOptions };
}

describe('kafka runs over in-memory fixture nodes', () => {
  test('one node keeping its logs in memory is valid, and every thread ends its final phase caught up', async () => {
    for (const seed of ['1', '2']) {
      const { result, history } = await run(0, ...kafkaArgs(1, '--seed', seed));
      expect(result).toMatchObject({ 'valid?': true, 'bad-error-types': [], 'error-types': [] });
      const oks = (f: string) => history.filter((op) => op.f === f && op.type === 'ok').length;
      expect(oks('send')).toBeGreaterThan(150);
      expect(oks('poll')).toBeGreaterThan(150);
      expect(oks('assign')).toBeGreaterThan(0);
      expect(history.filter((op) => op.f === 'crash' && op.type === 'info').length).toBeGreaterThan(2);
      expectFinalPhase(history, 2);
    }
  });

  test('two such nodes keep each log to themselves: invalid, inconsistent offsets named', async () => {
    const { result } = await run(0, ...kafkaArgs(2, '--seed', '1'));
    expect(result['valid?']).toBe(false);
    expect(result).toMatchObject({ 'bad-error-types': expect.arrayContaining(['inconsistent-offsets']) });
    const w = createKafka(defaultWorkloadOptions);
    expect(
      w
        .summaryRows(result)
        .map(([, text]) => text)
        .join(' '),
    ).toMatch(/inconsistent-offsets \d+/);
  });

  test('a node that drops one acknowledged send in fifty: invalid, the lost writes and the unseen messages named', async () => {
    const { result } = await run(50, ...kafkaArgs(1, '--seed', '1'));
    expect(result['valid?']).toBe(false);
    expect(result).toMatchObject({ 'bad-error-types': expect.arrayContaining(['lost-write', 'unseen']) });
    const w = createKafka(defaultWorkloadOptions);
    expect(w.reportLines(result).join('\n')).toMatch(/lost-write \(\d+\):\n {2}key "\d+": \d+ \(index \d+\) never polled/);
  });

  test('the lin-kv baseline (every log and committed offset in lin-kv) is valid on two nodes; a lost cas race fails its send with txn-conflict', async () => {
    const outcome = await runScripted(kitScript(linKvKafkaHandlers), ...kafkaArgs(2, '--latency', '5', '--seed', '1'));
    expect(outcome.results!.workload).toMatchObject({ 'valid?': true, 'error-types': [] });
    const conflicts = outcome.history.filter((op) => op.f === 'send' && op.type === 'fail');
    expect(conflicts.length).toBeGreaterThan(0);
    for (const op of conflicts) expect(op.error).toEqual(['txn-conflict', expect.stringMatching(/^current value \[.*\] is not \[.*\]$/)]);
    const toLinKv = outcome.journal.events.filter((e) => e.type === 'send' && e.message.dest === 'lin-kv').length;
    expect(toLinKv).toBeGreaterThan(2 * outcome.history.filter((op) => op.f === 'send' && op.type === 'ok').length);
  });

  test('ygossip check knows a kafka history by its sends and polls', async () => {
    const { history } = await run(0, ...kafkaArgs(1, '--seed', '3', '--time-limit', '1'));
    expect(workloadOfOps(history)).toBe('kafka');
    expect(workloadOfOps(history.filter((op) => op.f !== 'send'))).toBe('kafka');
  });
});

/** Each thread's final phase: a crash, an assign of every key from offset 0, then polls until it has seen the highest offset ok ops revealed. */
function expectFinalPhase(history: Op[], concurrency: number): void {
  // The main phase ends by 5 s + the 5 s timeout; the final phase starts after the 10 s recovery wait.
  const firstFinal = history.findIndex((op) => op.time >= 14e9);
  const tracker = new OffsetTracker();
  for (const op of history.slice(0, firstFinal)) if (op.type === 'ok') tracker.observe(op);
  expect(tracker.highest.size).toBeGreaterThan(5);
  const final = history.slice(firstFinal);
  for (let t = 0; t < concurrency; t++) {
    const mine = final.filter((op) => op.type !== 'invoke' && (op.process as number) % concurrency === t);
    expect(mine[0]).toMatchObject({ f: 'crash', type: 'info' });
    expect(mine[1]).toMatchObject({ f: 'assign', type: 'ok' });
    expect(new Set(mine[1].value as string[])).toEqual(new Set(tracker.highest.keys()));
    const seen = new OffsetTracker();
    for (const op of mine.slice(2)) {
      expect(op.f).toBe('poll');
      seen.observe(op);
    }
    for (const [key, offset] of tracker.highest) expect(seen.highest.get(key)).toBeGreaterThanOrEqual(offset as number);
  }
}

describe("bin/kafka's node in the simulation", () => {
  const sim = async (durable: boolean, ...args: string[]) => {
    const options = parseOptions('sim', [...'-w kafka --node-count 3 --concurrency 2n --time-limit 6 --rate 150'.split(' '), ...args]) as TestOptions;
    const outcome = await simulate(options, { seed: options.seed, faults: options.faults, durable, keepJournal: false });
    expect(outcome.error).toBeUndefined();
    return outcome;
  };
  const count = (history: Op[], f: string, type: string): number => history.filter((op) => op.f === f && op.type === type).length;

  test('valid on three nodes, in memory and with a data directory', async () => {
    for (const durable of [false, true]) {
      const { results, history } = await sim(durable, '--seed', '4');
      expect(results!['valid?']).toBe(true);
      expect(results!.workload).toMatchObject({ 'valid?': true, 'error-types': [] });
      expect(count(history, 'send', 'ok')).toBeGreaterThan(200);
    }
  });

  test('one node cut off for the whole main phase: sends for its keys fail elsewhere, definitely or not, and the run stays valid', async () => {
    const { results, history } = await sim(false, '--seed', '5', '--faults', 'isolated:n1');
    expect(results!.workload).toMatchObject({ 'valid?': true, 'error-types': [] });
    const failed = history.filter((op) => op.f === 'send' && op.type === 'fail');
    expect(failed.length).toBeGreaterThan(20);
    expect(failed.every((op) => (op.error as [string])[0] === 'temporarily-unavailable')).toBe(true);
    expect(count(history, 'send', 'info')).toBeGreaterThan(0);
  });

  test('kills and partitions with a data directory: valid, no offset given twice', async () => {
    for (const seed of ['1', '2']) {
      const { results, history } = await sim(true, '--seed', seed, '--nemesis', 'kill,partition', '--nemesis-interval', '2');
      expect(results!.workload).toMatchObject({ 'valid?': true, 'error-types': [] });
      expect(history.some((op) => op.f === 'kill')).toBe(true);
    }
  });
});
