// Maelstrom's echo workload: the smallest node, handy for checking a runner.
import { malformed } from '../maelstrom/errors.js';
import type { WorkloadContext } from './context.js';
import { echoRpcs, requestProblem } from './rpc.js';

export function serveEcho(ctx: WorkloadContext): void {
  ctx.node.on(echoRpcs.echo.type, (message) => {
    const problem = requestProblem(echoRpcs.echo, message.body);
    if (problem) throw malformed(problem);
    return { type: 'echo_ok', echo: message.body.echo };
  });
}
