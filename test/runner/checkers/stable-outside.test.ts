import { describe, expect, test } from 'vitest';
import { nodeOfProcess } from '../../../src/runner/checkers/client-layout.js';
import { checkStableOutside } from '../../../src/runner/checkers/stable-outside.js';
import { historyBuilder } from './history-builder.js';

// Two nodes, four threads: processes 0 and 2 talk to n0, 1 and 3 to n1 (and p + 4k likewise).
const nodes = ['n0', 'n1'];
// Broadcast's names for its adds unless told (g-set's are `add`).
const check = (ops: ReturnType<typeof historyBuilder>['ops'], excluded: string[] = ['n0'], add = 'broadcast') =>
  checkStableOutside({ history: ops, nodes, concurrency: 4, excluded, ops: { add, read: 'read' } });

describe('stable latency outside the fault', () => {
  test('processes map to nodes through their thread, renumbered processes included', () => {
    expect([0, 1, 2, 3, 4, 5, 7].map((p) => nodeOfProcess(p, { nodes, concurrency: 4 }))).toEqual(['n0', 'n1', 'n0', 'n1', 'n0', 'n1', 'n1']);
    expect(nodeOfProcess(5, { nodes: ['a', 'b', 'c'], concurrency: 4 })).toBe('b');
  });

  test('from the ack to the last outside read invoked after it that lacks the value', () => {
    const h = historyBuilder();
    h.invoke(1, 'broadcast', 1, 0);
    h.ok(1, 'broadcast', 1, 10);
    h.invoke(3, 'read', null, 20);
    h.ok(3, 'read', [], 21);
    h.invoke(3, 'read', null, 150);
    h.ok(3, 'read', [], 151);
    h.invoke(1, 'read', null, 300);
    h.ok(1, 'read', [1], 301);
    const r = check(h.ops);
    expect(r['stable-count']).toBe(1);
    // 150 ms − 10 ms, counted like set-full (+1 ns, floored).
    expect(r['stable-latencies']!['0.5']).toBe(140);
    expect(r.excluded).toEqual(['n0']);
  });

  test('values acked inside the fault and reads inside it are left out', () => {
    const h = historyBuilder();
    h.invoke(0, 'broadcast', 'inside', 0);
    h.ok(0, 'broadcast', 'inside', 1);
    h.invoke(1, 'broadcast', 'outside', 2);
    h.ok(1, 'broadcast', 'outside', 3);
    h.invoke(3, 'read', null, 50);
    h.ok(3, 'read', ['outside'], 51);
    // n0's read misses the value for long; it does not count.
    h.invoke(2, 'read', null, 900);
    h.ok(2, 'read', [], 901);
    const r = check(h.ops);
    expect(r['value-count']).toBe(1);
    expect(r['stable-latencies']!['1']).toBe(0);
    // Excluding nobody, n0's read counts and 'inside' joins.
    const all = check(h.ops, []);
    expect(all['value-count']).toBe(2);
    expect(all['unstable-count']).toBe(2);
  });

  test('a read invoked before the ack does not count, even if it completes after', () => {
    const h = historyBuilder();
    h.invoke(3, 'read', null, 0);
    h.invoke(1, 'add', 5, 1);
    h.ok(1, 'add', 5, 2);
    h.ok(3, 'read', [], 500);
    h.invoke(3, 'read', null, 600);
    h.ok(3, 'read', [5], 601);
    expect(check(h.ops, ['n0'], 'add')['stable-latencies']!['1']).toBe(0);
  });

  test('a later-invoked read decides, whatever the completion order', () => {
    const h = historyBuilder();
    h.invoke(1, 'add', 5, 0);
    h.ok(1, 'add', 5, 1);
    h.invoke(3, 'read', null, 100);
    h.invoke(7, 'read', null, 200);
    h.ok(7, 'read', [5], 201);
    h.ok(3, 'read', [], 300);
    const r = check(h.ops, ['n0'], 'add');
    expect(r['unstable-count']).toBe(0);
    expect(r['stable-latencies']!['1']).toBe(99);
  });

  test('unstable when the last outside read lacks it; never-read without reads; failed ops ignored', () => {
    const h = historyBuilder();
    h.invoke(1, 'add', 1, 0);
    h.ok(1, 'add', 1, 1);
    h.invoke(3, 'add', 2, 2);
    h.fail(3, 'add', 2, 3);
    h.invoke(3, 'read', null, 10);
    h.ok(3, 'read', [], 11);
    h.invoke(1, 'add', 3, 20);
    h.ok(1, 'add', 3, 21);
    const r = check(h.ops, ['n0'], 'add');
    expect(r['value-count']).toBe(2);
    expect(r['unstable-count']).toBe(1);
    expect(r['never-read-count']).toBe(1);
    expect(r['stable-latencies']).toBeUndefined();
  });
});
