// The `topology` map the broadcast workload sends every node, built exactly as Maelstrom builds
// it from the ordered node list (Maelstrom's workload/broadcast.clj): the order of nodes and neighbours matters.
import type { NodeId } from '../../maelstrom/message.js';

export type TopologyKind = 'grid' | 'line' | 'total' | 'tree' | 'tree2' | 'tree3' | 'tree4';

export const topologyKinds: readonly TopologyKind[] = ['grid', 'line', 'total', 'tree', 'tree2', 'tree3', 'tree4'];

export function buildTopology(kind: TopologyKind, nodes: readonly NodeId[]): Record<NodeId, NodeId[]> {
  switch (kind) {
    case 'grid':
      return grid(nodes);
    case 'line':
      return line(nodes);
    case 'total':
      return Object.fromEntries(nodes.map((node) => [node, nodes.filter((other) => other !== node)]));
    case 'tree':
    case 'tree2':
      return tree(nodes, 2);
    case 'tree3':
      return tree(nodes, 3);
    case 'tree4':
      return tree(nodes, 4);
  }
}

function grid(nodes: readonly NodeId[]): Record<NodeId, NodeId[]> {
  const n = nodes.length;
  const side = Math.ceil(Math.sqrt(n));
  const at = (i: number, j: number): NodeId | undefined => {
    if (i < 0 || j < 0 || j >= side) return undefined;
    const k = i * side + j;
    return k < n ? nodes[k] : undefined;
  };
  const topology: Record<NodeId, NodeId[]> = {};
  nodes.forEach((node, k) => {
    const i = Math.floor(k / side);
    const j = k % side;
    const candidates = [at(i + 1, j), at(i - 1, j), at(i, j + 1), at(i, j - 1)];
    topology[node] = candidates.filter((neighbour): neighbour is NodeId => neighbour !== undefined);
  });
  return topology;
}

function line(nodes: readonly NodeId[]): Record<NodeId, NodeId[]> {
  // Maelstrom yields {} for a single node: it gets no entry, not an empty one.
  if (nodes.length < 2) return {};
  const topology: Record<NodeId, NodeId[]> = {};
  nodes.forEach((node, k) => {
    if (k === 0) topology[node] = [nodes[1]];
    else if (k === nodes.length - 1) topology[node] = [nodes[k - 1]];
    else topology[node] = [nodes[k - 1], nodes[k + 1]];
  });
  return topology;
}

function tree(nodes: readonly NodeId[], branching: number): Record<NodeId, NodeId[]> {
  const topology: Record<NodeId, NodeId[]> = {};
  nodes.forEach((node, p) => {
    const neighbours: NodeId[] = [];
    if (p > 0) neighbours.push(nodes[Math.floor((p - 1) / branching)]);
    for (let c = branching * p + 1; c <= branching * p + branching && c < nodes.length; c++) {
      neighbours.push(nodes[c]);
    }
    topology[node] = neighbours;
  });
  return topology;
}
