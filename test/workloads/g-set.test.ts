import { afterEach, expect, test } from 'vitest';
import { createTestCluster, type TestCluster } from './router.js';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.close());

const keys = (body: object): string[] => Object.keys(body).sort();
const sorted = (value: unknown): number[] => [...(value as number[])].sort((a, b) => a - b);

test('add and read on one node; replies carry only the schema keys', () => {
  cluster = createTestCluster('g-set', 1);
  const added = cluster.request('n1', { type: 'add', element: 7 });
  expect(keys(added.body)).toEqual(['in_reply_to', 'type']);
  expect(added.body.type).toBe('add_ok');
  cluster.request('n1', { type: 'add', element: 7 });
  cluster.request('n1', { type: 'add', element: 0 });
  const read = cluster.request('n1', { type: 'read' });
  expect(keys(read.body)).toEqual(['in_reply_to', 'type', 'value']);
  expect(sorted(read.body.value)).toEqual([0, 7]);
  expect(read.line).not.toMatch(/\d\.0/);
});

test('a fresh node reads an empty array', () => {
  cluster = createTestCluster('g-set', 2);
  expect(cluster.request('n3', { type: 'read' }).body.value).toEqual([]);
});

test('three nodes converge to the union of every add, across a partition', () => {
  cluster = createTestCluster('g-set', 3);
  const expected: number[] = [];
  for (let element = 0; element < 30; element++) {
    if (element === 10) cluster.isolate('n2');
    if (element === 20) cluster.heal();
    const reply = cluster.request(cluster.ids[element % 3], { type: 'add', element });
    expect(reply.body.type).toBe('add_ok');
    expected.push(element);
  }
  cluster.run(15_000);
  for (const node of cluster.ids) {
    expect(sorted(cluster.request(node, { type: 'read' }).body.value), node).toEqual(expected);
  }
  expect(cluster.strays).toEqual([]);
});

test('an add without element is error 12 naming the field', () => {
  cluster = createTestCluster('g-set', 4);
  const reply = cluster.request('n1', { type: 'add', value: 3 });
  expect(reply.body).toMatchObject({ type: 'error', code: 12 });
  expect(String(reply.body.text)).toContain('"element"');
  expect(cluster.request('n1', { type: 'read' }).body.value).toEqual([]);
});

test('elements come back as sent, whatever JSON they are', () => {
  cluster = createTestCluster('g-set', 5);
  const elements = [1, 'two', { three: [3] }, null, false];
  for (const element of elements) cluster.request('n1', { type: 'add', element });
  cluster.run(5000);
  expect(cluster.request('n2', { type: 'read' }).body.value).toEqual(expect.arrayContaining(elements));
});
