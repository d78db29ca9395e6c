// Runs a fixture's handlers (test/fixtures/*-kit.mjs, written for node-kit.mjs) as an in-process
// scripted node: one set of handlers per node, made on first use, so a fixture judged by real
// processes is judged the same way on the simulation's virtual clock.
import type { KitHandlers } from '../fixtures/kafka-kit.mjs';
import { withSetup, type Script } from './scripted-nodes.js';

export function kitScript(makeHandlers: () => KitHandlers): Script {
  return withSetup((node, message) => {
    const handlers = (node.state.handlers ??= makeHandlers()) as KitHandlers;
    const handler = handlers[message.body.type];
    if (handler) handler(node, message as never);
    else if (message.body.msg_id !== undefined) node.reply(message, { type: 'error', code: 10, text: `unknown type ${message.body.type}` });
  });
}
