// Maelstrom's client side of one RPC: a client id on the network, msg_ids 1, 2, 3… per client,
// a timeout, replies matched by integer in_reply_to, closed response schemas, and the outcome
// table of spec §2.7 that turns a reply, an error or silence into an ok / fail / info op.
import type { Clock } from '../maelstrom/clock.js';
import { describeErrorCode } from '../maelstrom/errors.js';
import type { Body, Message, NodeId } from '../maelstrom/message.js';
import type { Network } from './network.js';
import type { OpType } from './history.js';
import type { WorkloadName } from './options.js';

export type RpcOutcome = { kind: 'reply'; body: Body } | { kind: 'timeout' };

/** One client id registered on the network; close() removes it, as Maelstrom does. */
export class Client {
  private nextMsgId = 1;
  private readonly pending = new Map<number, { done: (o: RpcOutcome) => void; cancel: () => void }>();
  private open = true;

  constructor(
    readonly id: NodeId,
    private readonly network: Network,
    private readonly clock: Clock,
  ) {
    network.register(id, (message) => this.receive(message));
  }

  call(dest: NodeId, body: Body, timeoutMs: number, done: (outcome: RpcOutcome) => void): void {
    const msgId = this.nextMsgId++;
    const cancel = this.clock.setTimer(timeoutMs, () => {
      if (this.pending.delete(msgId)) done({ kind: 'timeout' });
    });
    this.pending.set(msgId, { done, cancel });
    this.network.send({ src: this.id, dest, body: { ...body, msg_id: msgId } });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    for (const { cancel } of this.pending.values()) cancel();
    this.pending.clear();
    this.network.unregister(this.id);
  }

  private receive(message: Message): void {
    // Anything but an integer in_reply_to we wait for is silently discarded, as Maelstrom does.
    const inReplyTo = message.body.in_reply_to;
    if (typeof inReplyTo !== 'number' || !Number.isInteger(inReplyTo)) return;
    const entry = this.pending.get(inReplyTo);
    if (!entry) return;
    this.pending.delete(inReplyTo);
    entry.cancel();
    entry.done({ kind: 'reply', body: message.body });
  }
}

type FieldRule = 'any' | 'array-or-null' | 'integer';

/** Closed response schemas (spec §6): the fields each reply may and must carry. */
const responseSchemas: Record<string, Record<string, FieldRule>> = {
  'broadcast:broadcast': {},
  'broadcast:read': { messages: 'array-or-null' },
  'broadcast:topology': {},
  'g-set:add': {},
  'g-set:read': { value: 'array-or-null' },
  'g-counter:add': {},
  'g-counter:read': { value: 'integer' },
  'pn-counter:add': {},
  'pn-counter:read': { value: 'integer' },
  'echo:echo': { echo: 'any' },
};

/** Returns undefined when the body fits the schema, else what is wrong with it. */
export function checkResponse(workload: WorkloadName, f: string, body: Body): string | undefined {
  const schema = responseSchemas[`${workload}:${f}`];
  if (!schema) return `no response schema for ${workload} ${f}`;
  if (body.type !== `${f}_ok`) return `expected type ${f}_ok, got ${JSON.stringify(body.type)}`;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'type') continue;
    if (key === 'msg_id' || key === 'in_reply_to') {
      if (!Number.isInteger(value)) return `${key} must be an integer`;
      continue;
    }
    const rule = schema[key];
    if (!rule) return `disallowed key ${key}`;
    if (rule === 'array-or-null' && value !== null && !Array.isArray(value)) return `${key} must be an array`;
    if (rule === 'integer' && !Number.isInteger(value)) return `${key} must be an integer, got ${JSON.stringify(value)}`;
  }
  for (const key of Object.keys(schema)) {
    if (!(key in body) && schema[key] !== 'array-or-null') return `missing key ${key}`;
  }
  return undefined;
}

export interface Completion {
  type: Exclude<OpType, 'invoke'>;
  value: unknown;
  error?: unknown;
  exception?: string;
}

/** Spec §2.7: how a workload's client turns an RPC outcome into a history completion. */
export function completeOp(workload: WorkloadName, f: string, invokeValue: unknown, outcome: RpcOutcome): Completion {
  const wraps = workload === 'broadcast' || workload === 'echo';
  if (outcome.kind === 'timeout') {
    if (!wraps) return { type: 'info', value: invokeValue, exception: 'indeterminate: client timed out', error: 'net-timeout' };
    return { type: f === 'read' ? 'fail' : 'info', value: invokeValue, error: 'net-timeout' };
  }
  const { body } = outcome;
  if (body.type === 'error') {
    const code = describeErrorCode(Number(body.code));
    const error = [code.name, typeof body.text === 'string' ? body.text : null];
    if (!wraps) return { type: 'info', value: invokeValue, error, exception: `indeterminate: rpc error ${code.code} ${code.name}` };
    if (f === 'read' || code.definite) return { type: 'fail', value: invokeValue, error };
    return { type: 'info', value: invokeValue, error };
  }
  const problem = checkResponse(workload, f, body);
  if (problem) {
    return { type: 'info', value: invokeValue, exception: `malformed-rpc-response: ${problem}: ${JSON.stringify(body)}` };
  }
  if (workload === 'echo') return { type: 'ok', value: body };
  if (f === 'read') return { type: 'ok', value: workload === 'broadcast' ? body.messages ?? null : body.value ?? null };
  return { type: 'ok', value: invokeValue };
}
