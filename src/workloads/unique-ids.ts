// Maelstrom's unique-ids workload (Gossip Glomers #2): every id is the node's id, a number drawn
// once per process start, and a counter, so ids never repeat without any node talking to
// another, and `--availability total` holds through any partition. The draw keeps a node that
// restarts (a kill, then a start) from handing out its old ids again.
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { requestProblem, uniqueIdsRpcs } from './rpc.js';

export function serveUniqueIds(ctx: WorkloadContext): void {
  const incarnation = Math.floor(ctx.random() * 0x1_0000_0000).toString(36);
  let next = 0;
  ctx.node.on(uniqueIdsRpcs.generate.type, (message) => {
    const problem = requestProblem(uniqueIdsRpcs.generate, message.body);
    if (problem) throw malformed(problem);
    return { type: 'generate_ok', id: `${ctx.node.id}-${incarnation}-${next++}` };
  });
}
