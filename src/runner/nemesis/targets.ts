// Which nodes a kill or a pause hits: Jepsen's node specifications (jepsen.nemesis.combined,
// db-nodes), drawn uniformly per operation: a random non-empty subset, one node, up to a third,
// a minority, a majority, or all of them.
import type { NodeId } from '../../maelstrom/message.js';
import { randomInt, shuffle, type Random } from '../base/random.js';

/** null: a random non-empty subset, as Jepsen's nil spec. */
export type NodeSpec = null | 'one' | 'minority-third' | 'minority' | 'majority' | 'all';

export const nodeSpecs: readonly NodeSpec[] = [null, 'one', 'minority-third', 'minority', 'majority', 'all'];

export function pickNodeSpec(random: Random): NodeSpec {
  return nodeSpecs[randomInt(random, 0, nodeSpecs.length - 1)];
}

export function targetNodes(spec: NodeSpec, nodes: readonly NodeId[], random: Random): NodeId[] {
  const n = nodes.length;
  const majority = Math.floor(n / 2) + 1;
  switch (spec) {
    case null:
      return shuffle(random, nodes).slice(0, randomInt(random, 1, n));
    case 'one':
      return [nodes[randomInt(random, 0, n - 1)]];
    case 'minority-third':
      return shuffle(random, nodes).slice(0, Math.floor((n - 1) / 3));
    case 'minority':
      return shuffle(random, nodes).slice(0, majority - 1);
    case 'majority':
      return shuffle(random, nodes).slice(0, majority);
    case 'all':
      return [...nodes];
  }
}
