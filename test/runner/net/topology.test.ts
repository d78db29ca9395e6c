import { describe, expect, it } from 'vitest';
import { buildTopology, topologyKinds } from '../../../src/runner/net/topology.js';

const names = (count: number, from = 0) => Array.from({ length: count }, (_, k) => `n${k + from}`);

describe('buildTopology', () => {
  it('grid for the default n1..n5, in Maelstrom neighbour order', () => {
    expect(buildTopology('grid', names(5, 1))).toEqual({
      n1: ['n4', 'n2'],
      n2: ['n5', 'n3', 'n1'],
      n3: ['n2'],
      n4: ['n1', 'n5'],
      n5: ['n2', 'n4'],
    });
  });

  it('grid with 25 nodes is a full 5x5 grid: corners 2, edges 3, inner 4', () => {
    const topology = buildTopology('grid', names(25));
    const counts = names(25).map((node) => topology[node].length);
    const expected = names(25).map((_, k) => {
      const i = Math.floor(k / 5);
      const j = k % 5;
      return 4 - Number(i === 0 || i === 4) - Number(j === 0 || j === 4);
    });
    expect(counts).toEqual(expected);
    expect(counts.filter((c) => c === 2)).toHaveLength(4);
    expect(counts.filter((c) => c === 3)).toHaveLength(12);
    expect(counts.filter((c) => c === 4)).toHaveLength(9);
    // n12 is the centre: below, above, right, left
    expect(topology.n12).toEqual(['n17', 'n7', 'n13', 'n11']);
  });

  it('every topology but line with one node gives {n: []}', () => {
    for (const kind of topologyKinds) {
      expect(buildTopology(kind, ['n0'])).toEqual(kind === 'line' ? {} : { n0: [] });
    }
  });

  it('line: ends have one neighbour, middles [left, right]', () => {
    expect(buildTopology('line', names(4))).toEqual({ n0: ['n1'], n1: ['n0', 'n2'], n2: ['n1', 'n3'], n3: ['n2'] });
    expect(buildTopology('line', names(2))).toEqual({ n0: ['n1'], n1: ['n0'] });
  });

  it('total: all others in list order', () => {
    expect(buildTopology('total', ['b', 'a', 'c'])).toEqual({ b: ['a', 'c'], a: ['b', 'c'], c: ['b', 'a'] });
  });

  it('tree4 with 25 nodes, heap layout', () => {
    const topology = buildTopology('tree4', names(25));
    const range = (a: number, b: number) => names(b - a + 1, a);
    expect(topology.n0).toEqual(range(1, 4));
    expect(topology.n1).toEqual(['n0', ...range(5, 8)]);
    expect(topology.n2).toEqual(['n0', ...range(9, 12)]);
    expect(topology.n3).toEqual(['n0', ...range(13, 16)]);
    expect(topology.n4).toEqual(['n0', ...range(17, 20)]);
    expect(topology.n5).toEqual(['n1', ...range(21, 24)]);
    for (let k = 6; k < 25; k++) expect(topology[`n${k}`]).toEqual([`n${Math.floor((k - 1) / 4)}`]);
  });

  it('tree is tree2, and follows list positions, not names', () => {
    const nodes = ['x', 'y', 'z', 'w'];
    expect(buildTopology('tree', nodes)).toEqual(buildTopology('tree2', nodes));
    expect(buildTopology('tree2', nodes)).toEqual({ x: ['y', 'z'], y: ['x', 'w'], z: ['x'], w: ['y'] });
    expect(buildTopology('tree3', nodes)).toEqual({ x: ['y', 'z', 'w'], y: ['x'], z: ['x'], w: ['x'] });
  });

  it('every non-line topology is symmetric and covers every node', () => {
    for (const kind of topologyKinds) {
      for (const n of [2, 3, 7, 10, 25]) {
        const topology = buildTopology(kind, names(n));
        expect(Object.keys(topology).sort()).toEqual(names(n).sort());
        for (const [node, neighbours] of Object.entries(topology)) {
          for (const other of neighbours) expect(topology[other]).toContain(node);
        }
      }
    }
  });
});
