// Rendezvous hashing: every node computes the same owner from the same ids, keys spread evenly,
// and removing a node moves only the keys it owned.
import { describe, expect, test } from 'vitest';
import { ownerOf } from '../../src/workloads/rendezvous.js';

const keys = Array.from({ length: 3000 }, (_, i) => String(i));

describe('ownerOf', () => {
  test('the owner is one of the nodes and does not depend on their order', () => {
    const nodes = ['n0', 'n1', 'n2'];
    for (const key of keys.slice(0, 200)) {
      const owner = ownerOf(key, nodes);
      expect(nodes).toContain(owner);
      expect(ownerOf(key, [...nodes].reverse())).toBe(owner);
    }
  });

  test('decimal keys spread evenly over two and over five nodes', () => {
    for (const nodes of [
      ['n0', 'n1'],
      ['n1', 'n2', 'n3', 'n4', 'n5'],
    ]) {
      const counts = new Map<string, number>();
      for (const key of keys) counts.set(ownerOf(key, nodes), (counts.get(ownerOf(key, nodes)) ?? 0) + 1);
      for (const node of nodes) expect(Math.abs(counts.get(node)! - keys.length / nodes.length)).toBeLessThan(keys.length / nodes.length / 8);
    }
  });

  test('without a node, only the keys it owned move', () => {
    const all = ['n1', 'n2', 'n3', 'n4'];
    const rest = ['n1', 'n2', 'n4'];
    let moved = 0;
    for (const key of keys) {
      const before = ownerOf(key, all);
      if (before === 'n3') moved++;
      else expect(ownerOf(key, rest)).toBe(before);
    }
    expect(moved).toBeGreaterThan(500);
  });

  test('one node owns everything; no node is an error', () => {
    expect(ownerOf('7', ['n0'])).toBe('n0');
    expect(() => ownerOf('7', [])).toThrow(RangeError);
  });
});
