import { afterEach, describe, expect, test } from 'vitest';
import { createTestCluster, type TestCluster } from './router.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

const keys = (body: object): string[] => Object.keys(body).sort();

for (const workload of ['g-counter', 'pn-counter'] as const) {
  describe(workload, () => {
    test('add and read on one node; replies carry only the schema keys', () => {
      cluster = createTestCluster(workload, 1);
      const added = cluster.request('n1', { type: 'add', delta: 4 });
      expect(added.body).toEqual({ type: 'add_ok', in_reply_to: expect.any(Number) });
      expect(keys(added.body)).toEqual(['in_reply_to', 'type']);
      const read = cluster.request('n1', { type: 'read' });
      expect(keys(read.body)).toEqual(['in_reply_to', 'type', 'value']);
      expect(read.body.value).toBe(4);
      expect(read.line).toMatch(/"value":4[,}]/);
    });

    test('a fresh node reads 0, an integer, not null', () => {
      cluster = createTestCluster(workload, 2);
      const read = cluster.request('n2', { type: 'read' });
      expect(read.body.value).toBe(0);
      expect(read.line).toMatch(/"value":0[,}]/);
    });

    test('three nodes converge to the sum of every add, across a partition', () => {
      cluster = createTestCluster(workload, 3);
      const deltas = workload === 'g-counter' ? [0, 1, 4, 2, 3, 0, 4] : [-5, 4, 0, -1, 3, -2, 4];
      let expected = 0;
      deltas.forEach((delta, i) => {
        const node = cluster!.ids[i % 3];
        expect(cluster!.request(node, { type: 'add', delta }).body.type).toBe('add_ok');
        expected += delta;
      });
      cluster.isolate('n3');
      for (const node of ['n1', 'n2', 'n3', 'n3']) {
        cluster.request(node, { type: 'add', delta: 2 });
        expected += 2;
      }
      cluster.run(3000);
      expect(cluster.request('n1', { type: 'read' }).body.value).not.toBe(expected);
      cluster.heal();
      cluster.run(15_000);
      for (const node of cluster.ids) {
        const read = cluster.request(node, { type: 'read' });
        expect(read.body.value, node).toBe(expected);
        expect(read.line).not.toMatch(/"value":-?\d+\./);
      }
      expect(cluster.strays).toEqual([]);
    });

    test('bad deltas are error 12 naming the field, and change nothing', () => {
      cluster = createTestCluster(workload, 4);
      cluster.request('n1', { type: 'add', delta: 3 });
      const bad: unknown[] = [1.5, '3', null, true, [1], 2 ** 53, 1e300, -(2 ** 60)];
      if (workload === 'g-counter') bad.push(-1);
      for (const delta of bad) {
        const reply = cluster.request('n1', { type: 'add', delta });
        expect(reply.body.type, JSON.stringify(delta)).toBe('error');
        expect(reply.body.code).toBe(12);
        expect(String(reply.body.text)).toContain('"delta"');
      }
      const missing = cluster.request('n1', { type: 'add' });
      expect(missing.body).toMatchObject({ type: 'error', code: 12 });
      expect(String(missing.body.text)).toContain('"delta"');
      expect(cluster.request('n1', { type: 'read' }).body.value).toBe(3);
    });

    test('counts exactly past 2^53 and writes the value as plain digits', () => {
      cluster = createTestCluster(workload, 5);
      const sign = workload === 'pn-counter' ? -1 : 1;
      cluster.request('n1', { type: 'add', delta: sign * Number.MAX_SAFE_INTEGER });
      cluster.request('n2', { type: 'add', delta: sign * Number.MAX_SAFE_INTEGER });
      cluster.request('n3', { type: 'add', delta: sign * 3 });
      cluster.run(10_000);
      const expected = (BigInt(sign) * (2n * BigInt(Number.MAX_SAFE_INTEGER) + 3n)).toString();
      for (const node of cluster.ids) {
        const read = cluster.request(node, { type: 'read' });
        expect(read.line).toContain(`"value":${expected},`);
      }
    });
  });
}

test("pn-counter takes Maelstrom's whole delta range, negative included", () => {
  cluster = createTestCluster('pn-counter', 6);
  let expected = 0;
  for (let delta = -5; delta <= 4; delta++) {
    expect(cluster.request(`n${((delta + 5) % 3) + 1}`, { type: 'add', delta }).body.type).toBe('add_ok');
    expected += delta;
  }
  cluster.run(10_000);
  for (const node of cluster.ids) expect(cluster.request(node, { type: 'read' }).body.value).toBe(expected);
});
