// Maelstrom's message shapes: an envelope routed by the network, a body whose `type` names it.
// Bodies are open records: each workload validates its own fields at the edge (see codec, rpc).

/** A node, client or service id as Maelstrom spells it: n0, c12, lin-kv. */
export type NodeId = string;

export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [field: string]: unknown;
}

export interface Message<B extends Body = Body> {
  /** Maelstrom's global network id; nodes ignore it and never need to send it. */
  id?: number;
  src: NodeId;
  dest: NodeId;
  body: B;
}

export interface ErrorBody extends Body {
  type: 'error';
  code: number;
  text?: string;
}

/** Maelstrom treats any id whose first character is `c` as a client. */
export function isClientId(id: NodeId): boolean {
  return id.startsWith('c');
}
