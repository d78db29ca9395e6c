// Which node each client process talked to: client thread i is bound to node nodes[i mod n] for
// the whole test, and process p belongs to thread p mod concurrency (a process renumbered after
// an :info keeps its thread). Checkers that look at nodes, not processes, read it here.
import type { NodeId } from '../../maelstrom/message.js';

export interface ClientLayout {
  nodes: readonly NodeId[];
  concurrency: number;
}

export function nodeOfProcess(process: number, layout: ClientLayout): NodeId {
  return layout.nodes[(process % layout.concurrency) % layout.nodes.length];
}
