// The gossip profile's tree: breadth-first from the topology's centre, and the Plumtree side
// (announcements, one graft at a time, prunes on repeats).
import { describe, expect, test } from 'vitest';
import { GrowOnlySet } from '../../src/crdt/g-set.js';
import { compareRuns, repeatsHeld } from '../../src/gossip/redundancy.js';
import { topologyGraph, treePlace } from '../../src/gossip/spanning-tree.js';
import { announceTargets, arrivedAnnouncements, createTreeLinks, dueGraft, nextGraftAt, noteAnnouncement } from '../../src/gossip/tree.js';
import { buildTopology } from '../../src/runner/net/topology.js';
import { createRandom } from '../../src/runner/base/random.js';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

/** Hops from `id` up to the tree's root. */
function depth(graph: Map<string, string[]>, order: string[], id: string): number {
  let hops = 0;
  for (let at = treePlace(graph, order, id).parent; at !== undefined; at = treePlace(graph, order, at).parent) hops++;
  return hops;
}

describe('the spanning tree', () => {
  test('on a 5 × 5 grid it hangs from the centre, each node as many hops from it as on the grid', () => {
    const order = nodes(25);
    const graph = topologyGraph(buildTopology('grid', order), order);
    expect(treePlace(graph, order, 'n12')).toEqual({ parent: undefined, children: ['n7', 'n11', 'n13', 'n17'] });
    for (const id of order) {
      const [i, j] = [Math.floor(Number(id.slice(1)) / 5), Number(id.slice(1)) % 5];
      expect(depth(graph, order, id), id).toBe(Math.abs(i - 2) + Math.abs(j - 2));
    }
    // Every link of the tree is a link of the grid.
    for (const id of order) for (const child of treePlace(graph, order, id).children) expect(graph.get(id)).toContain(child);
  });

  test('on a line it hangs from the middle; with no topology it is a star around the first node', () => {
    const order = nodes(25);
    const line = topologyGraph(buildTopology('line', order), order);
    expect(treePlace(line, order, 'n12').parent).toBeUndefined();
    expect(depth(line, order, 'n0')).toBe(12);
    const none = topologyGraph({}, order);
    expect(treePlace(none, order, 'n0').children).toHaveLength(24);
    expect(treePlace(none, order, 'n9')).toEqual({ parent: 'n0', children: [] });
  });

  test('links count from either end; each part of a split topology has a centre of its own', () => {
    const order = nodes(6);
    const graph = topologyGraph({ n0: ['n1'], n1: ['n2'], n3: ['n4'], n4: ['n5'] }, order);
    expect(graph.get('n1')).toEqual(['n2', 'n0']);
    expect(treePlace(graph, order, 'n1')).toEqual({ parent: undefined, children: ['n0', 'n2'] });
    expect(treePlace(graph, order, 'n4')).toEqual({ parent: undefined, children: ['n3', 'n5'] });
  });
});

describe('lazy links', () => {
  const sv = (n: number) => new Map([[1, n]]);

  test('an announcement of news is grafted once the tree has had its time, one link at a time', () => {
    const links = createTreeLinks();
    noteAnnouncement(links, 'n3', sv(5), sv(5), 0); // nothing new: ignored
    expect(links.missing.size).toBe(0);
    noteAnnouncement(links, 'n3', sv(6), sv(5), 100);
    noteAnnouncement(links, 'n8', sv(7), sv(5), 200);
    expect(nextGraftAt(links, 1000)).toBe(1100);
    expect(dueGraft(links, sv(5), 1099, 1000)).toBeUndefined();
    expect(dueGraft(links, sv(5), 1200, 1000)).toBe('n3'); // the older announcement first
    expect([...links.grafted]).toEqual(['n3']);
    // n8 gives the grafted link its time before it is grafted too.
    expect(nextGraftAt(links, 1000)).toBe(2200);
    expect(dueGraft(links, sv(6), 2200, 1000)).toBe('n8');
  });

  test('news the tree brought in time is forgotten, with when it was announced, and nothing is grafted', () => {
    const links = createTreeLinks();
    noteAnnouncement(links, 'n3', sv(6), sv(5), 40);
    noteAnnouncement(links, 'n8', sv(7), sv(5), 60);
    expect(arrivedAnnouncements(links, sv(6))).toEqual([40]);
    expect(dueGraft(links, sv(7), 5000, 1000)).toBeUndefined();
    expect(links.missing.size).toBe(0);
    expect(links.grafted.size).toBe(0);
  });

  test('a later announcement does not push back the deadline of one still unmet', () => {
    const links = createTreeLinks();
    noteAnnouncement(links, 'n3', sv(6), sv(5), 0);
    noteAnnouncement(links, 'n3', sv(9), sv(5), 900);
    expect(dueGraft(links, sv(5), 1000, 1000)).toBe('n3');
  });

  test('announcements go to k lazy neighbours that may lack what we hold, never twice for the same state', () => {
    const links = createTreeLinks();
    const confirmed = (id: string) => (id === 'n2' ? sv(9) : sv(1));
    const first = announceTargets(links, ['n2', 'n4', 'n6'], 5, createRandom(1), sv(9), confirmed);
    expect(first.sort()).toEqual(['n4', 'n6']); // n2 holds it all already
    expect(announceTargets(links, ['n2', 'n4', 'n6'], 5, createRandom(1), sv(9), confirmed)).toEqual([]);
    expect(announceTargets(links, ['n2', 'n4', 'n6'], 1, createRandom(1), sv(10), confirmed)).toHaveLength(1);
  });

  test('an update repeats what we hold when it starts below our clock for a writer', () => {
    const a = new GrowOnlySet({ clientId: 1 });
    const b = new GrowOnlySet({ clientId: 2 });
    a.add(1);
    const early = a.diff();
    a.add(2);
    const late = a.diff(b.stateVector()); // both values
    b.apply(early, 'a');
    expect(repeatsHeld(late, b.stateVector())).toBe(true);
    expect(repeatsHeld(a.diff(b.stateVector()), b.stateVector())).toBe(false); // only the new value
    // Per writer: the late diff repeats a's first write and brings its second first.
    expect(compareRuns(late, b.stateVector())).toEqual({ repeated: [1], fresh: [1] });
    b.apply(late, 'a');
    expect(compareRuns(late, b.stateVector())).toEqual({ repeated: [1], fresh: [] });
  });
});
