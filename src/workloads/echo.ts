// Maelstrom's echo workload: the smallest node, handy for checking a runner.
import type { WorkloadContext } from './context.js';

export function serveEcho(ctx: WorkloadContext): void {
  ctx.node.on('echo', (message) => ({ type: 'echo_ok', echo: message.body.echo }));
}
