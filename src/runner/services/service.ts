// What every Maelstrom service is to the runner (Maelstrom's service.clj, MutableService): a
// state machine that takes one request at a time and gives the reply's body, or nothing. The
// network around it (index.ts) adds in_reply_to and sends the reply.
import type { Body, NodeId } from '../../maelstrom/message.js';

export interface Service {
  /** Its network id: lin-kv, seq-kv, lww-kv or lin-tso. */
  readonly id: NodeId;
  /**
   * One request from `src` (seq-kv keeps a view per sender). Undefined means no reply: Maelstrom's
   * handlers throw on a type they do not know and the service thread sends nothing.
   */
  handle(src: NodeId, body: Body): Body | undefined;
}
