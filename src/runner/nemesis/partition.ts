// Partitions as grudges (recipient -> the senders it drops): the four shapes Jepsen's combined
// partition package builds for Maelstrom (Maelstrom's nemesis.clj; Jepsen's nemesis/combined.clj, partition-package), and the plain cuts the other
// schedules use.
import type { NodeId } from '../../maelstrom/message.js';
import { randomInt, shuffle, type Random } from '../base/random.js';

export type PartitionShape = 'one' | 'minority-third' | 'majority' | 'majorities-ring';

export const partitionShapes: readonly PartitionShape[] = ['one', 'minority-third', 'majority', 'majorities-ring'];

/** recipient -> senders it drops. Every node has an entry, possibly empty, as in Jepsen. */
export type Grudge = Map<NodeId, Set<NodeId>>;

/** The shape a start-partition picks: uniform over the four. */
export function pickPartitionShape(random: Random): PartitionShape {
  return partitionShapes[randomInt(random, 0, partitionShapes.length - 1)];
}

export function createGrudge(shape: PartitionShape, nodes: readonly NodeId[], random: Random): Grudge {
  switch (shape) {
    case 'one': {
      if (nodes.length === 0) return new Map();
      const loner = nodes[randomInt(random, 0, nodes.length - 1)];
      return completeGrudge([[loner], nodes.filter((node) => node !== loner)]);
    }
    case 'minority-third': {
      const shuffled = shuffle(random, nodes);
      const cut = Math.max(0, Math.floor((nodes.length - 1) / 3));
      return completeGrudge([shuffled.slice(0, cut), shuffled.slice(cut)]);
    }
    case 'majority': {
      const shuffled = shuffle(random, nodes);
      const cut = Math.floor(nodes.length / 2);
      return completeGrudge([shuffled.slice(0, cut), shuffled.slice(cut)]);
    }
    case 'majorities-ring':
      return nodes.length <= 5 ? majoritiesRingPerfect(nodes, random) : majoritiesRingStochastic(nodes, random);
  }
}

/** Smallest integer strictly greater than half. */
function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** No node hears anyone outside its own component. */
function completeGrudge(components: readonly (readonly NodeId[])[]): Grudge {
  const grudge: Grudge = new Map();
  for (const component of components) {
    const inside = new Set(component);
    const outside = components.flat().filter((node) => !inside.has(node));
    for (const node of component) grudge.set(node, new Set(outside));
  }
  return grudge;
}

// A random ring; each window of m consecutive nodes is the majority its middle node hears.
// With 5 nodes each node hears exactly its two ring neighbours; with 3 only one node is lost.
function majoritiesRingPerfect(nodes: readonly NodeId[], random: Random): Grudge {
  const n = nodes.length;
  const m = majority(n);
  const ring = shuffle(random, nodes);
  const grudge: Grudge = new Map();
  for (let start = 0; start < n; start++) {
    const window = new Set<NodeId>();
    for (let k = 0; k < m; k++) window.add(ring[(start + k) % n]);
    const middle = ring[(start + Math.floor(m / 2)) % n];
    grudge.set(middle, new Set(nodes.filter((node) => !window.has(node))));
  }
  return grudge;
}

// Grows a random symmetric graph, always linking a least-connected node to another
// least-connected node it is not yet linked to, until everyone hears a majority (self included).
function majoritiesRingStochastic(nodes: readonly NodeId[], random: Random): Grudge {
  const m = majority(nodes.length);
  const links = new Map(nodes.map((node) => [node, new Set([node])]));
  const byDegree = new Map<number, Set<NodeId>>([[1, new Set(nodes)]]);
  for (;;) {
    // Least degree first, ties in random order.
    const ordered: NodeId[] = [];
    for (const degree of [...byDegree.keys()].sort((a, b) => a - b)) {
      ordered.push(...shuffle(random, [...byDegree.get(degree)!]));
    }
    const a = ordered[0];
    const aLinks = links.get(a)!;
    if (aLinks.size >= m) break;
    const b = ordered.find((node) => !aLinks.has(node))!;
    const bLinks = links.get(b)!;
    for (const [node, nodeLinks] of [
      [a, aLinks],
      [b, bLinks],
    ] as const) {
      byDegree.get(nodeLinks.size)!.delete(node);
      if (byDegree.get(nodeLinks.size)!.size === 0) byDegree.delete(nodeLinks.size);
    }
    aLinks.add(b);
    bLinks.add(a);
    for (const [node, nodeLinks] of [
      [a, aLinks],
      [b, bLinks],
    ] as const) {
      const bucket = byDegree.get(nodeLinks.size) ?? new Set<NodeId>();
      bucket.add(node);
      byDegree.set(nodeLinks.size, bucket);
    }
  }
  return new Map(nodes.map((node) => [node, new Set(nodes.filter((other) => !links.get(node)!.has(other)))]));
}

/** Every node in `to` stops hearing every node in `from`; the reverse still flows. */
export function oneWay(from: readonly NodeId[], to: readonly NodeId[]): Grudge {
  const grudge: Grudge = new Map();
  for (const recipient of to) grudge.set(recipient, new Set(from));
  return grudge;
}

/** `a` and `b` hear nothing of each other. */
export function cutOff(a: readonly NodeId[], b: readonly NodeId[]): Grudge {
  return completeGrudge([a, b]);
}

/** The grudge of several faults at once: a node drops a sender when any of them says so. */
export function unionGrudges(grudges: Iterable<ReadonlyMap<NodeId, ReadonlySet<NodeId>>>): Grudge {
  const union: Grudge = new Map();
  for (const grudge of grudges) {
    for (const [recipient, senders] of grudge) {
      const into = union.get(recipient) ?? new Set<NodeId>();
      for (const sender of senders) into.add(sender);
      union.set(recipient, into);
    }
  }
  return union;
}

/** Node ids in reading order: n2 before n10. */
export function compareNodeIds(a: NodeId, b: NodeId): number {
  const pa = /^(.*?)(\d*)$/.exec(a)!;
  const pb = /^(.*?)(\d*)$/.exec(b)!;
  if (pa[1] !== pb[1]) return pa[1] < pb[1] ? -1 : 1;
  if (pa[2] !== pb[2]) {
    const byNumber = Number(pa[2] || -1) - Number(pb[2] || -1);
    if (byNumber !== 0) return byNumber;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON-friendly and stable: keys and senders sorted. */
export function formatGrudge(grudge: ReadonlyMap<NodeId, ReadonlySet<NodeId>>): Record<NodeId, NodeId[]> {
  const result: Record<NodeId, NodeId[]> = {};
  for (const node of [...grudge.keys()].sort(compareNodeIds)) {
    result[node] = [...grudge.get(node)!].sort(compareNodeIds);
  }
  return result;
}
