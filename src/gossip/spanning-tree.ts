// The tree the gossip profile pushes along, from Maelstrom's topology: breadth-first from the
// topology's centre (the node whose farthest node is nearest; ties go to the earlier node in
// init order), so no value travels further than the topology makes it (a node's farthest node is
// its depth plus the tree's height away, which is its eccentricity in a grid or a line). Every
// node computes the same tree from the same map, with no message. Pure.
import type { NodeId } from '../maelstrom/message.js';

export interface TreePlace {
  /** Towards the centre; undefined at the centre (or alone in its part of the topology). */
  parent: NodeId | undefined;
  children: NodeId[];
}

/**
 * Maelstrom's topology as an undirected graph over the members (a link either end names counts);
 * a node it leaves without neighbours makes it the complete graph, as when no topology arrived.
 */
export function topologyGraph(topology: Readonly<Record<NodeId, readonly NodeId[]>>, nodes: readonly NodeId[]): Map<NodeId, NodeId[]> {
  const members = new Set(nodes);
  const graph = new Map(nodes.map((id) => [id, (topology[id] ?? []).filter((n) => n !== id && members.has(n))]));
  for (const [id, list] of graph) for (const n of list) if (!graph.get(n)!.includes(id)) graph.get(n)!.push(id);
  if ([...graph.values()].some((list) => list.length === 0))
    for (const id of nodes)
      graph.set(
        id,
        nodes.filter((n) => n !== id),
      );
  return graph;
}

/** This node's place in the breadth-first tree from the centre of its connected part of the
 *  topology; `order` is init order (it breaks ties). */
export function treePlace(topology: ReadonlyMap<NodeId, readonly NodeId[]>, order: readonly NodeId[], self: NodeId): TreePlace {
  const part = breadthFirst(topology, self).depth;
  let centre = self;
  let best = Infinity;
  for (const id of order) {
    if (!part.has(id)) continue;
    const e = eccentricity(topology, id);
    if (e < best) [centre, best] = [id, e];
  }
  const parents = breadthFirst(topology, centre).parents;
  const children = order.filter((id) => parents.get(id) === self);
  return { parent: parents.get(self), children };
}

function eccentricity(topology: ReadonlyMap<NodeId, readonly NodeId[]>, from: NodeId): number {
  let max = 0;
  for (const d of breadthFirst(topology, from).depth.values()) max = Math.max(max, d);
  return max;
}

function breadthFirst(topology: ReadonlyMap<NodeId, readonly NodeId[]>, root: NodeId): { depth: Map<NodeId, number>; parents: Map<NodeId, NodeId> } {
  const depth = new Map([[root, 0]]);
  const parents = new Map<NodeId, NodeId>();
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i];
    for (const next of topology.get(at) ?? []) {
      if (depth.has(next)) continue;
      depth.set(next, depth.get(at)! + 1);
      parents.set(next, at);
      queue.push(next);
    }
  }
  return { depth, parents };
}
