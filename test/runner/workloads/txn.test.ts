// The txn workloads (Maelstrom's txn-rw-register and txn-list-append): Elle's generator (the
// exponential key draw with the pool's last position hottest, lengths 1…max, values 1, 2, 3 …
// per key, a key replaced by a fresh one past --max-writes-per-key), the txn RPC's per-micro-op
// reply schema, the client's outcomes (code 30 and the other definite codes fail, timeouts and
// indefinite codes are :info, both keeping the request), and runs over an in-process serial
// node judged by Elle's checker under the models given.
import { describe, expect, test } from 'vitest';
import type { Body } from '../../../src/maelstrom/message.js';
import type { TxnResult } from '../../../src/runner/checkers/txn/index.js';
import { parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import { createRandom } from '../../../src/runner/base/random.js';
import { createWorkload, type RpcOutcome, type WorkloadName } from '../../../src/runner/workloads/index.js';
import { exponentialIndex, txnStream, type TxnMop } from '../../../src/runner/workloads/txn-generator.js';
import type { TxnOp } from '../../../src/runner/workloads/txn-workload.js';
import { requestProblem, responseProblem, txnListAppendRpcs, txnRwRegisterRpcs } from '../../../src/workloads/rpc.js';
import { runScripted, withSetup, type Script } from '../../helpers/scripted-nodes.js';

const options = (workload: WorkloadName, ...args: string[]): TestOptions => parseOptions('sim', ['-w', workload, ...args]) as TestOptions;

function draw(count: number, seed: number, o: Partial<Parameters<typeof txnStream>[1]> = {}): TxnMop[][] {
  const next = txnStream(createRandom(seed), { keyCount: 10, maxTxnLength: 4, maxWritesPerKey: 16, write: 'w', ...o });
  return Array.from({ length: count }, next);
}

describe("Elle's transaction generator", () => {
  test('key positions follow 2^(i+1) / (2^(n+1) − 2): the last position takes about half the draws', () => {
    const random = createRandom(5);
    const counts = new Array<number>(10).fill(0);
    const draws = 200_000;
    for (let k = 0; k < draws; k++) counts[exponentialIndex(random, 10)]++;
    for (let i = 0; i < 10; i++) {
      const p = 2 ** (i + 1) / (2 ** 11 - 2);
      // Within 5 standard deviations of the binomial count.
      expect(Math.abs(counts[i] - p * draws)).toBeLessThan(5 * Math.sqrt(draws * p * (1 - p)) + 1);
    }
    expect(counts[9] / draws).toBeCloseTo(0.5, 1);
  });

  test('lengths are uniform on 1…max; reads are sent with null; reads and writes each about half', () => {
    const txns = draw(20_000, 1, { maxTxnLength: 3 });
    const lengths = [0, 0, 0, 0];
    for (const t of txns) lengths[t.length]++;
    expect(lengths[0]).toBe(0);
    for (const n of [1, 2, 3]) expect(lengths[n] / txns.length).toBeCloseTo(1 / 3, 1);
    const mops = txns.flat();
    expect(mops.filter((m) => m[0] === 'r').every((m) => m[2] === null)).toBe(true);
    expect(mops.filter((m) => m[0] === 'r').length / mops.length).toBeCloseTo(0.5, 1);
  });

  test('each key takes 1, 2, 3 … up to --max-writes-per-key, then fresh keys (the largest + 1) take its place', () => {
    const txns = draw(3000, 2, { maxWritesPerKey: 5 });
    const written = new Map<number, number[]>();
    for (const [f, k, v] of txns.flat()) if (f === 'w') written.set(k, [...(written.get(k) ?? []), v as number]);
    for (const values of written.values()) expect(values).toEqual(values.map((_, i) => i + 1));
    expect(Math.max(...[...written.values()].map((v) => v.length))).toBe(5);
    const keys = [...written.keys()].sort((a, b) => a - b);
    // Fresh keys are 10, 11, 12, …: none skipped.
    expect(keys.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(keys.at(-1)).toBe(keys.length - 1);
    // Keys are retired in order of heat: a key read after its replacement never appears again.
    const firstTxnOf = (k: number) => txns.findIndex((t) => t.some((m) => m[1] === k));
    expect(firstTxnOf(10)).toBeGreaterThan(0);
  });

  test('a transaction may touch one key more than once', () => {
    expect(draw(500, 3).some((t) => new Set(t.map((m) => m[1])).size < t.length)).toBe(true);
  });

  test('the workloads send f txn, the request as the value, writes named as the workload names them', () => {
    for (const [name, write] of [
      ['txn-rw-register', 'w'],
      ['txn-list-append', 'append'],
    ] as const) {
      const gen = createWorkload(name, options(name)).generator(createRandom(4));
      if (typeof gen !== 'function') throw new Error('a txn workload is a plain stream');
      const ops = Array.from({ length: 200 }, () => gen() as TxnOp);
      expect(ops.every((op) => op.f === 'txn' && op.fields.txn === op.value && op.rpc.type === 'txn')).toBe(true);
      expect(new Set(ops.flatMap((op) => op.value.map((m) => m[0])))).toEqual(new Set(['r', write]));
      expect(ops.every((op) => requestProblem(op.rpc, { type: 'txn', ...op.fields }) === undefined)).toBe(true);
    }
  });

  test('--key-count, --max-txn-length and --max-writes-per-key shape the stream', () => {
    const gen = createWorkload(
      'txn-list-append',
      options('txn-list-append', '--key-count', '2', '--max-txn-length', '1', '--max-writes-per-key', '1'),
    ).generator(createRandom(1));
    if (typeof gen !== 'function') throw new Error('a txn workload is a plain stream');
    const ops = Array.from({ length: 50 }, () => gen() as TxnOp);
    expect(ops.every((op) => op.value.length === 1)).toBe(true);
    const appends = ops.map((op) => op.value[0]).filter((m) => m[0] === 'append');
    expect(appends.every((m) => m[2] === 1)).toBe(true);
    expect(new Set(appends.map((m) => m[1])).size).toBe(appends.length);
    expect(ops.slice(0, 3).every((op) => (op.value[0][1] as number) < 2 || op.value[0][0] === 'append')).toBe(true);
  });
});

describe('the txn RPC: per-micro-op schemas (Maelstrom checks shapes, not that the reply answers the request)', () => {
  const ok = (txn: unknown) => ({ type: 'txn_ok', in_reply_to: 1, txn });
  test('requests: reads carry null; writes are w (rw-register) or append (list-append)', () => {
    expect(
      requestProblem(txnRwRegisterRpcs.txn, {
        txn: [
          ['r', 1, null],
          ['w', 1, 2],
        ],
      }),
    ).toBeUndefined();
    expect(requestProblem(txnRwRegisterRpcs.txn, { txn: [['r', 1, 3]] })).toMatch(/micro-op 0 .*a read is sent with null/);
    expect(requestProblem(txnRwRegisterRpcs.txn, { txn: [['append', 1, 3]] })).toMatch(/micro-op 0 must be \["r", k, null\] or \["w", k, v\]/);
    expect(requestProblem(txnListAppendRpcs.txn, { txn: [['w', 1, 3]] })).toMatch(/\["append", k, v\]/);
    expect(requestProblem(txnListAppendRpcs.txn, { txn: 'r' })).toMatch(/must be an array of micro-ops/);
    expect(requestProblem(txnListAppendRpcs.txn, {})).toMatch(/needs field "txn"/);
  });

  test('replies: any read value for rw-register, a list or null for list-append; exactly three elements', () => {
    expect(
      responseProblem(
        txnRwRegisterRpcs.txn,
        ok([
          ['r', 1, 7],
          ['w', 2, 1],
          ['r', 5, [1]],
        ]),
      ),
    ).toBeUndefined();
    expect(
      responseProblem(
        txnListAppendRpcs.txn,
        ok([
          ['r', 1, [1, 2]],
          ['r', 2, null],
          ['append', 1, 3],
        ]),
      ),
    ).toBeUndefined();
    expect(responseProblem(txnListAppendRpcs.txn, ok([['r', 1, 3]]))).toMatch(/a read answers a list/);
    expect(responseProblem(txnRwRegisterRpcs.txn, ok([['r', 1]]))).toMatch(/micro-op 0 must be/);
    expect(responseProblem(txnRwRegisterRpcs.txn, ok([['w', 1, 2, 3]]))).toMatch(/micro-op 0 must be/);
    // A reply that answers another transaction passes, as in Maelstrom; a null txn is an empty sequence.
    expect(responseProblem(txnRwRegisterRpcs.txn, ok([['w', 9, 9]]))).toBeUndefined();
    expect(responseProblem(txnRwRegisterRpcs.txn, ok(null))).toBeUndefined();
    expect(responseProblem(txnRwRegisterRpcs.txn, { ...ok([]), extra: 1 })).toMatch(/"extra" is not allowed/);
  });
});

describe('txn client outcomes (§21.4)', () => {
  const w = createWorkload('txn-rw-register', options('txn-rw-register'));
  const request: TxnMop[] = [
    ['r', 1, null],
    ['w', 1, 3],
  ];
  const op: TxnOp = { f: 'txn', value: request, rpc: txnRwRegisterRpcs.txn, fields: { txn: request } };
  const reply = (body: Record<string, unknown>): RpcOutcome => ({ kind: 'reply', body: { in_reply_to: 1, ...body } as Body });
  const complete = (outcome: RpcOutcome) => w.complete!(op, outcome);

  test("ok: the node's transaction is the value", () => {
    expect(
      complete(
        reply({
          type: 'txn_ok',
          txn: [
            ['r', 1, 2],
            ['w', 1, 3],
          ],
        }),
      ),
    ).toEqual({
      type: 'ok',
      value: [
        ['r', 1, 2],
        ['w', 1, 3],
      ],
    });
  });

  test('code 30 and the other definite codes fail, keeping the request with reads null', () => {
    expect(complete(reply({ type: 'error', code: 30, text: 'conflict' }))).toEqual({ type: 'fail', value: request, error: ['txn-conflict', 'conflict'] });
    for (const code of [1, 10, 11, 12, 14, 20, 21, 22]) expect(complete(reply({ type: 'error', code })).type).toBe('fail');
  });

  test('timeouts, indefinite and unknown codes, and malformed replies are :info with the request', () => {
    expect(complete({ kind: 'timeout' })).toEqual({ type: 'info', value: request, error: 'net-timeout' });
    for (const code of [0, 13, 1000]) expect(complete(reply({ type: 'error', code }))).toMatchObject({ type: 'info', value: request });
    const malformed = complete(reply({ type: 'txn_ok', txn: [['x', 1, 2]] }));
    expect(malformed).toMatchObject({ type: 'info', value: request });
    expect(malformed.exception).toMatch(/malformed-rpc-response: "txn" micro-op 0/);
  });

  test('the client is reusable with the 5 s default timeout', () => {
    expect(w.client).toEqual({ reusable: true });
  });
});

/** One store for every node: transactions applied whole, one at a time (a serial database). */
function serialNode(): Script {
  const db = new Map<unknown, unknown>();
  return withSetup((node, message) => {
    if (message.body.type !== 'txn') return;
    const txn = (message.body.txn as TxnMop[]).map(([f, k, v]): unknown[] => {
      if (f === 'r') return [f, k, db.get(k) ?? null];
      db.set(k, f === 'append' ? [...((db.get(k) as unknown[]) ?? []), v] : v);
      return [f, k, v];
    });
    node.reply(message, { type: 'txn_ok', txn });
  });
}

/** Each node its own store, never shared: transactions on two nodes never see each other. */
function separateNodes(): Script {
  const dbs = new Map<string, Map<unknown, unknown>>();
  return withSetup((node, message) => {
    if (message.body.type !== 'txn') return;
    const db = dbs.get(node.id) ?? dbs.set(node.id, new Map()).get(node.id)!;
    const txn = (message.body.txn as TxnMop[]).map(([f, k, v]): unknown[] => {
      if (f === 'r') return [f, k, db.get(k) ?? null];
      db.set(k, f === 'append' ? [...((db.get(k) as unknown[]) ?? []), v] : v);
      return [f, k, v];
    });
    node.reply(message, { type: 'txn_ok', txn });
  });
}

const short = ['--time-limit', '3', '--rate', '60', '--concurrency', '2n', '--seed', '2'];

describe('txn runs in-process, judged by Elle', () => {
  for (const name of ['txn-list-append', 'txn-rw-register'] as const) {
    test(`${name}: a serial database is valid under strict-serializable; no final phase`, async () => {
      const outcome = await runScripted(serialNode(), '-w', name, '--node-count', '2', ...short);
      const w = outcome.results!.workload as TxnResult;
      expect(w['valid?']).toBe(true);
      expect(outcome.results!['valid?']).toBe(true);
      const txns = outcome.history.filter((op) => op.f === 'txn' && op.type === 'ok');
      expect(txns.length).toBeGreaterThan(100);
      expect(outcome.history.some((op) => op.final === true)).toBe(false);
    });
  }

  test('txn-list-append: copies that never meet are invalid even under read-uncommitted (their lists order appends apart: G0), the checker plugged in', async () => {
    const outcome = await runScripted(separateNodes(), '-w', 'txn-list-append', '--node-count', '2', ...short, '--consistency-models', 'read-uncommitted');
    const w = outcome.results!.workload as TxnResult;
    expect(w['valid?']).toBe(false);
    expect(w['anomaly-types']).toContain('G0');
    expect(outcome.results!['valid?']).toBe(false);
  });

  test('an unknown model name makes the verdict unknown, as in Maelstrom (its CLI accepts any name)', async () => {
    const outcome = await runScripted(serialNode(), '-w', 'txn-rw-register', '--node-count', '1', ...short, '--consistency-models', 'serialisable');
    expect(outcome.results!.workload).toMatchObject({ 'valid?': 'unknown' });
    expect((outcome.results!.workload as unknown as { error: string }).error).toMatch(/serialisable/);
  });
});
