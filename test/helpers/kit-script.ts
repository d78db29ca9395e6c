// Runs a fixture's handlers (test/fixtures/*-kit.mjs, written for node-kit.mjs) as an in-process
// scripted node on the simulation's virtual clock: init answered, one set of handlers and one
// node-kit-shaped node per node, unknown types answered with error 10, as node-kit does. A
// fixture judged here is judged the same way as when it runs as a process.
import type { KitHandlers, KitNode } from '../fixtures/kafka-kit.mjs';
import type { Script } from './scripted-nodes.js';

export function kitScript(makeHandlers: () => KitHandlers): Script {
  return (node, message) => {
    const { body } = message;
    if (body.type === 'init') {
      const kit: KitNode = {
        id: node.id,
        nodeIds: body.node_ids as string[],
        nextMsgId: 1,
        reply: (request, reply) => node.reply(request as never, reply),
        send: (dest, sent) => node.send(dest, sent),
      };
      node.state.kit = kit;
      node.state.handlers = makeHandlers();
      return node.reply(message, { type: 'init_ok' });
    }
    const kit = node.state.kit as KitNode | undefined;
    const handler = (node.state.handlers as KitHandlers | undefined)?.[body.type];
    if (kit === undefined) return;
    if (handler) void handler(kit, message as never);
    else if (body.msg_id !== undefined) node.reply(message, { type: 'error', code: 10, text: `unknown type ${body.type}` });
  };
}
