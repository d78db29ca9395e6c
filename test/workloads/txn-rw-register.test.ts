// bin/txn-rw-register's node in-process (memory transports, a virtual clock): a transaction
// reads the replica's committed state and its own earlier writes, and only its last write to a
// key is ever stored; it answers from its replica through a partition and never aborts; after
// the heal the replicas agree, a peer having seen each transaction's writes all at once; bad
// requests are error 12 naming the micro-op; and runs of the runner's workload over it (the
// simulation) are valid at read committed with total availability under partitions, serial on
// one node (strict-serializable), and not serializable on two, a cycle shown.
import { afterEach, describe, expect, test } from 'vitest';
import type { TxnResult } from '../../src/runner/checkers/txn/index.js';
import { parseOptions, type TestOptions } from '../../src/runner/command-line/options.js';
import { simulate } from '../../src/runner/sim/simulate.js';
import { createDurableCluster } from './durable-cluster.js';
import { createTestCluster, type TestCluster } from './router.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

type Mop = [string, unknown, unknown];
const txn = (node: string, ...mops: Mop[]): Mop[] => {
  const reply = cluster!.request(node, { type: 'txn', txn: mops });
  expect(reply.body.type, JSON.stringify(reply.body)).toBe('txn_ok');
  expect(Object.keys(reply.body).sort()).toEqual(['in_reply_to', 'txn', 'type']);
  return reply.body.txn as Mop[];
};

describe('the txn-rw-register node', () => {
  test("reads see committed state and the transaction's own writes; missing keys read null", () => {
    cluster = createTestCluster('txn-rw-register', 1, 1);
    expect(txn('n1', ['r', 1, null], ['w', 1, 5], ['r', 1, null], ['w', 1, 6], ['r', 1, null], ['r', 2, null])).toEqual([
      ['r', 1, null],
      ['w', 1, 5],
      ['r', 1, 5],
      ['w', 1, 6],
      ['r', 1, 6],
      ['r', 2, null],
    ]);
    expect(txn('n1', ['r', 1, null], ['r', 2, null])).toEqual([
      ['r', 1, 6],
      ['r', 2, null],
    ]);
    // Keys of any JSON type, distinct as values: 1 and "1" are two registers.
    txn('n1', ['w', '1', 'string key'], ['w', [1, { a: 2 }], { v: [3] }]);
    expect(txn('n1', ['r', 1, null], ['r', '1', null], ['r', [1, { a: 2 }], null])).toEqual([
      ['r', 1, 6],
      ['r', '1', 'string key'],
      ['r', [1, { a: 2 }], { v: [3] }],
    ]);
  });

  test('a partitioned node still answers from its replica; after the heal the replicas agree', () => {
    cluster = createTestCluster('txn-rw-register', 2, 2);
    txn('n1', ['w', 1, 1], ['w', 2, 1]);
    cluster.run(2000);
    expect(txn('n2', ['r', 1, null], ['r', 2, null])).toEqual([
      ['r', 1, 1],
      ['r', 2, 1],
    ]);
    cluster.isolate('n2');
    txn('n1', ['r', 1, null], ['w', 1, 2]);
    // n2 cannot know: it answers at once with what it has, and writes concurrently.
    expect(txn('n2', ['r', 1, null], ['w', 1, 3], ['w', 3, 3])).toEqual([
      ['r', 1, 1],
      ['w', 1, 3],
      ['w', 3, 3],
    ]);
    cluster.heal();
    cluster.run(5000);
    const reads = cluster.ids.map((n) => txn(n, ['r', 1, null], ['r', 2, null], ['r', 3, null]));
    expect(reads[0]).toEqual(reads[1]);
    expect([2, 3]).toContain(reads[0][0][2]);
    expect(reads[0].slice(1)).toEqual([
      ['r', 2, 1],
      ['r', 3, 3],
    ]);
  });

  test('a run of overwrites of one key from one writer replicates (Yjs merges them once deleted)', () => {
    cluster = createTestCluster('txn-rw-register', 5, 2);
    cluster.isolate('n2');
    for (let v = 1; v <= 50; v++) txn('n1', ['w', 1, v]);
    txn('n1', ['w', 2, 1]);
    cluster.heal();
    cluster.run(5000);
    expect(txn('n2', ['r', 1, null], ['r', 2, null])).toEqual([
      ['r', 1, 50],
      ['r', 2, 1],
    ]);
    txn('n2', ['w', 1, 51]);
    cluster.run(5000);
    expect(txn('n1', ['r', 1, null])).toEqual([['r', 1, 51]]);
  });

  test('three nodes losing a fifth of their gossip still converge (updates held back are sent again)', () => {
    cluster = createTestCluster('txn-rw-register', 7, 3, { drop: 0.2 });
    for (let i = 0; i < 90; i++) {
      if (i === 30) cluster.isolate('n3');
      if (i === 60) cluster.heal();
      txn(cluster.ids[i % 3], ['r', i % 4, null], ['w', i % 4, i], ['w', 'last', i]);
      cluster.run(7);
    }
    cluster.run(30_000);
    const reads = cluster.ids.map((n) => txn(n, ['r', 0, null], ['r', 1, null], ['r', 2, null], ['r', 3, null], ['r', 'last', null]));
    expect(reads[1]).toEqual(reads[0]);
    expect(reads[2]).toEqual(reads[0]);
    expect(reads[0].map((m) => m[2])).not.toContain(null);
  });

  test("a peer sees a transaction's writes all at once, and never a value the transaction overwrote", () => {
    cluster = createTestCluster('txn-rw-register', 3, 2);
    cluster.isolate('n2');
    txn('n1', ['w', 1, 1], ['w', 2, 1], ['w', 1, 2]);
    txn('n1', ['w', 3, 1]);
    cluster.heal();
    // Reading on n2 as time passes: each key pair is either before or after, never half.
    const seen: unknown[][] = [];
    for (let t = 0; t < 40; t++) {
      cluster.run(50);
      seen.push(txn('n2', ['r', 1, null], ['r', 2, null]).map((m) => m[2]));
    }
    expect(seen.every(([a, b]) => (a === null && b === null) || (a === 2 && b === 1))).toBe(true);
    expect(seen.at(-1)).toEqual([2, 1]);
    expect(cluster.log.some((line) => line.includes('"gossip"'))).toBe(true);
  });

  test('bad requests are error 12 naming the micro-op; nothing of them is written', () => {
    cluster = createTestCluster('txn-rw-register', 4, 1);
    const bad = (body: Record<string, unknown>): string => {
      const reply = cluster!.request('n1', { type: 'txn', ...body });
      expect(reply.body).toMatchObject({ type: 'error', code: 12 });
      return String(reply.body.text);
    };
    expect(bad({})).toMatch(/needs field "txn"/);
    expect(
      bad({
        txn: [
          ['w', 1, 1],
          ['r', 1, 7],
        ],
      }),
    ).toMatch(/micro-op 1 .*a read is sent with null/);
    expect(bad({ txn: [['append', 1, 1]] })).toMatch(/micro-op 0 must be \["r", k, null\] or \["w", k, v\]/);
    const deep = JSON.parse(`${'['.repeat(200)}1${']'.repeat(200)}`) as unknown;
    expect(
      bad({
        txn: [
          ['w', 1, 1],
          ['w', 2, deep],
        ],
      }),
    ).toMatch(/written value .*deep/);
    expect(txn('n1', ['r', 1, null], ['r', 2, null])).toEqual([
      ['r', 1, null],
      ['r', 2, null],
    ]);
    expect(cluster.request('n1', { type: 'txn', txn: null }).body).toMatchObject({ type: 'txn_ok', txn: [] });
  });
});

describe('the txn-rw-register node with a data directory (the simulated disk)', () => {
  test('killed right after each txn_ok, the restarted node reads every acknowledged write, overwrites included', () => {
    const durable = createDurableCluster('txn-rw-register', 6, 1);
    durable.start('n1');
    for (let v = 1; v <= 12; v++) {
      const reply = durable.request('n1', {
        type: 'txn',
        txn: [
          ['w', v % 3, v],
          ['w', 'last', v],
        ],
      });
      expect(reply?.type).toBe('txn_ok');
      durable.kill('n1'); // no timer has run since the reply left
      expect(durable.start('n1')).toBe(true);
      const read = durable.request('n1', {
        type: 'txn',
        txn: [
          ['r', 0, null],
          ['r', 1, null],
          ['r', 2, null],
          ['r', 'last', null],
        ],
      });
      const expected = [0, 1, 2].map((k) => (v >= k && (k > 0 || v >= 3) ? v - ((v - k) % 3) : null));
      expect((read!.txn as Mop[]).map((m) => m[2])).toEqual([...expected, v]);
    }
    durable.close();
  });
});

const sim = (...args: string[]) => {
  const options = parseOptions('sim', ['-w', 'txn-rw-register', '--concurrency', '2n', '--time-limit', '5', '--rate', '300', ...args]) as TestOptions;
  return simulate(options, { seed: options.seed });
};

describe('the txn-rw-register node under the runner (simulation)', () => {
  test('6c in small: two nodes, partitions, read committed with total availability', async () => {
    const outcome = await sim(
      ...'--node-count 2 --consistency-models read-committed --availability total --nemesis partition --nemesis-interval 1 --seed 3'.split(' '),
    );
    expect(outcome.results!.availability).toMatchObject({ 'valid?': true, 'ok-fraction': 1 });
    expect(outcome.results!.workload).toEqual({ 'valid?': true, 'anomaly-types': [], anomalies: null });
    expect(outcome.results!['valid?']).toBe(true);
    expect(outcome.history.filter((op) => op.f === 'start-partition').length).toBeGreaterThan(0);
  });

  test('one node is serial: valid under strict-serializable', async () => {
    const outcome = await sim('--node-count', '1', '--seed', '4');
    expect(outcome.results!.workload).toMatchObject({ 'valid?': true });
  });

  test('two nodes are not serializable: concurrent transactions on two replicas make cycles', async () => {
    const outcome = await sim('--node-count', '2', '--consistency-models', 'serializable', '--seed', '5', '--latency', '20');
    const w = outcome.results!.workload as TxnResult;
    expect(w['valid?']).toBe(false);
    expect(w['anomaly-types']!.some((t) => /^G/.test(t))).toBe(true);
    expect(w.not).toEqual(expect.arrayContaining(['cursor-stability']));
  });
});
