import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGrudge, formatGrudge, partitionShapes, pickPartitionShape, type Grudge, type PartitionShape } from '../../../src/runner/nemesis/partition.js';
import { createRandom } from '../../../src/runner/base/random.js';

const names = (count: number) => Array.from({ length: count }, (_, k) => `n${k}`);

/** Who each node still hears, itself included. */
function hears(grudge: Grudge, nodes: string[]): Map<string, Set<string>> {
  return new Map(nodes.map((node) => [node, new Set(nodes.filter((other) => !grudge.get(node)?.has(other)))]));
}

function isSymmetric(grudge: Grudge): boolean {
  for (const [node, dropped] of grudge) for (const other of dropped) if (!grudge.get(other)?.has(node)) return false;
  return true;
}

/** For a clean cut: the two sides' sizes, smaller first. */
function sideSizes(grudge: Grudge, nodes: string[]): number[] {
  const sides = new Set([...hears(grudge, nodes).values()].map((side) => [...side].sort().join(',')));
  return [...sides].map((side) => side.split(',').length).sort((a, b) => a - b);
}

describe('createGrudge: clean cuts', () => {
  const table: [PartitionShape, number, number[]][] = [
    ['one', 5, [1, 4]],
    ['one', 25, [1, 24]],
    ['minority-third', 5, [1, 4]],
    ['minority-third', 25, [8, 17]],
    ['majority', 5, [2, 3]],
    ['majority', 25, [12, 13]],
  ];
  for (const [shape, n, sizes] of table) {
    it(`${shape} with ${n} nodes splits ${sizes.join(' | ')}, symmetric, total`, () => {
      for (let seed = 0; seed < 20; seed++) {
        const nodes = names(n);
        const grudge = createGrudge(shape, nodes, createRandom(seed));
        expect(sideSizes(grudge, nodes)).toEqual(sizes);
        expect(isSymmetric(grudge)).toBe(true);
        expect([...grudge.keys()].sort()).toEqual(nodes.slice().sort());
        for (const [node, dropped] of grudge) expect(dropped.has(node)).toBe(false);
      }
    });
  }

  it('picks different victims for different seeds', () => {
    const loners = new Set(
      Array.from({ length: 30 }, (_, seed) => {
        const grudge = createGrudge('one', names(5), createRandom(seed));
        return [...grudge].find(([, dropped]) => dropped.size === 4)![0];
      }),
    );
    expect(loners.size).toBeGreaterThan(2);
  });
});

describe('createGrudge: majorities-ring', () => {
  it('5 nodes: each hears exactly its two ring neighbours (and itself), symmetric', () => {
    for (let seed = 0; seed < 30; seed++) {
      const nodes = names(5);
      const grudge = createGrudge('majorities-ring', nodes, createRandom(seed));
      const heard = hears(grudge, nodes);
      expect(isSymmetric(grudge)).toBe(true);
      for (const node of nodes) expect(heard.get(node)!.size).toBe(3);
      // the "hears" relation, minus self, is a single 5-cycle
      let previous = nodes[0];
      let current = [...heard.get(previous)!].find((other) => other !== previous)!;
      const visited = [previous];
      while (current !== nodes[0]) {
        visited.push(current);
        const next = [...heard.get(current)!].find((other) => other !== current && other !== previous)!;
        previous = current;
        current = next;
      }
      expect(visited.slice().sort()).toEqual(nodes);
    }
  });

  it('25 nodes: each hears at least 13 including itself, symmetric, not everyone', () => {
    for (let seed = 0; seed < 10; seed++) {
      const nodes = names(25);
      const grudge = createGrudge('majorities-ring', nodes, createRandom(seed));
      const heard = hears(grudge, nodes);
      expect(isSymmetric(grudge)).toBe(true);
      for (const node of nodes) {
        expect(heard.get(node)!.has(node)).toBe(true);
        expect(heard.get(node)!.size).toBeGreaterThanOrEqual(13);
        expect(heard.get(node)!.size).toBeLessThan(25);
      }
      // no two nodes see the same majority (overwhelmingly likely for the stochastic build)
      const views = new Set([...heard.values()].map((side) => [...side].sort().join(',')));
      expect(views.size).toBeGreaterThan(20);
    }
  });

  it('3 nodes: one-directional, each node drops exactly one other', () => {
    const nodes = names(3);
    const grudge = createGrudge('majorities-ring', nodes, createRandom(4));
    for (const node of nodes) expect(grudge.get(node)!.size).toBe(1);
    expect(isSymmetric(grudge)).toBe(false);
  });

  it('property: any size, every node hears a majority and never drops itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        const nodes = names(n);
        const heard = hears(createGrudge('majorities-ring', nodes, createRandom(seed)), nodes);
        for (const node of nodes) {
          if (!heard.get(node)!.has(node) || heard.get(node)!.size < Math.floor(n / 2) + 1) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});

describe('createGrudge: small clusters', () => {
  it('minority-third drops nothing for n <= 3', () => {
    for (const n of [1, 2, 3]) {
      const grudge = createGrudge('minority-third', names(n), createRandom(1));
      expect([...grudge.values()].every((dropped) => dropped.size === 0)).toBe(true);
    }
  });

  it('every shape is a no-op with one node, and nothing breaks with none', () => {
    for (const shape of partitionShapes) {
      const grudge = createGrudge(shape, ['n0'], createRandom(2));
      expect([...grudge.values()].every((dropped) => dropped.size === 0)).toBe(true);
      expect(createGrudge(shape, [], createRandom(2)).size).toBe(0);
    }
  });
});

describe('shapes and formatting', () => {
  it('picks each shape', () => {
    const random = createRandom(8);
    const seen = new Set(Array.from({ length: 100 }, () => pickPartitionShape(random)));
    expect([...seen].sort()).toEqual([...partitionShapes].sort());
  });

  it('formats a grudge with ids in reading order', () => {
    const grudge: Grudge = new Map([
      ['n10', new Set(['n2', 'n1'])],
      ['n2', new Set(['n10'])],
      ['n1', new Set<string>()],
    ]);
    const formatted = formatGrudge(grudge);
    expect(Object.keys(formatted)).toEqual(['n1', 'n2', 'n10']);
    expect(formatted).toEqual({ n1: [], n2: ['n10'], n10: ['n1', 'n2'] });
  });
});
