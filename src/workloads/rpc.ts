// Maelstrom's workload RPCs, each declared once (Maelstrom's workload/*.clj): the fields of the request
// the runner sends and the node validates, and of the closed response the node writes and the
// runner checks. Node handlers, the runner's generators and clients, and the docs all read
// these shapes, so a field name is written in one place.
import { formatDeepJson } from '../maelstrom/codec.js';

/** any: any JSON value; integer: a JSON integer; list: an array, or null (read as empty);
 *  topology: an object of node id → array of node ids; string: a JSON string; strings: an array
 *  of strings; offsets: an object of key → integer; messages: an object of key → array of
 *  [integer, any] pairs (kafka's schemas, which admit no null in their place); a txn rule: an
 *  array (or null, as Maelstrom's schema lets a sequence be) of micro-ops of that workload,
 *  request or reply. */
export type FieldRule = 'any' | 'integer' | 'list' | 'topology' | 'string' | 'strings' | 'offsets' | 'messages' | TxnRule;

/** The txn workloads' micro-op arrays: which writes they take, and reads as sent (null) or answered. */
export type TxnRule = 'append-txn-request' | 'append-txn' | 'register-txn-request' | 'register-txn';

export interface RpcShape {
  /** The request's type; the reply's is `${type}_ok`. */
  readonly type: string;
  /** Required request fields besides type and msg_id. */
  readonly request: Readonly<Record<string, FieldRule>>;
  /** Required reply fields besides type, in_reply_to and an optional msg_id; no others allowed. */
  readonly response: Readonly<Record<string, FieldRule>>;
}

export const broadcastRpcs = {
  topology: { type: 'topology', request: { topology: 'topology' }, response: {} },
  broadcast: { type: 'broadcast', request: { message: 'any' }, response: {} },
  read: { type: 'read', request: {}, response: { messages: 'list' } },
} as const satisfies Record<string, RpcShape>;

export const gSetRpcs = {
  add: { type: 'add', request: { element: 'any' }, response: {} },
  read: { type: 'read', request: {}, response: { value: 'list' } },
} as const satisfies Record<string, RpcShape>;

/** g-counter and pn-counter: the same RPCs (g-counter's node also refuses a negative delta). */
export const counterRpcs = {
  add: { type: 'add', request: { delta: 'integer' }, response: {} },
  read: { type: 'read', request: {}, response: { value: 'integer' } },
} as const satisfies Record<string, RpcShape>;

export const echoRpcs = {
  echo: { type: 'echo', request: { echo: 'any' }, response: { echo: 'any' } },
} as const satisfies Record<string, RpcShape>;

/** unique-ids (Maelstrom's workload/unique_ids.clj): any JSON id, null included. */
export const uniqueIdsRpcs = {
  generate: { type: 'generate', request: {}, response: { id: 'any' } },
} as const satisfies Record<string, RpcShape>;

/** lin-kv (Maelstrom's workload/lin_kv.clj): keys and values of any JSON; Maelstrom never sends create_if_not_exists here. */
export const linKvRpcs = {
  read: { type: 'read', request: { key: 'any' }, response: { value: 'any' } },
  write: { type: 'write', request: { key: 'any', value: 'any' }, response: {} },
  cas: { type: 'cas', request: { key: 'any', from: 'any', to: 'any' }, response: {} },
} as const satisfies Record<string, RpcShape>;

/**
 * txn-list-append and txn-rw-register (Maelstrom's workload/txn_*.clj): one RPC each, a txn of
 * [f, k, v] micro-ops. Maelstrom checks the reply per micro-op only (its shape, not that it
 * answers the request): a read answers any value (a list or null for list-append).
 */
export const txnListAppendRpcs = {
  txn: { type: 'txn', request: { txn: 'append-txn-request' }, response: { txn: 'append-txn' } },
} as const satisfies Record<string, RpcShape>;

export const txnRwRegisterRpcs = {
  txn: { type: 'txn', request: { txn: 'register-txn-request' }, response: { txn: 'register-txn' } },
} as const satisfies Record<string, RpcShape>;

/** kafka (Maelstrom's workload/kafka.clj): keys are strings, messages any JSON, offsets integers. */
export const kafkaRpcs = {
  send: { type: 'send', request: { key: 'string', msg: 'any' }, response: { offset: 'integer' } },
  poll: { type: 'poll', request: { offsets: 'offsets' }, response: { msgs: 'messages' } },
  commitOffsets: { type: 'commit_offsets', request: { offsets: 'offsets' }, response: {} },
  listCommittedOffsets: { type: 'list_committed_offsets', request: { keys: 'strings' }, response: { offsets: 'offsets' } },
} as const satisfies Record<string, RpcShape>;

/** The one field a shape's request or reply carries, for shapes that have exactly one. */
export function onlyField(fields: Readonly<Record<string, FieldRule>>): string {
  const names = Object.keys(fields);
  if (names.length !== 1) throw new Error(`expected one field, got ${names.join(', ') || 'none'}`);
  return names[0];
}

/** A JSON integer: a safe-integer number, or a bigint (the runner reads huge integers exactly). */
function isInteger(value: unknown): boolean {
  return typeof value === 'bigint' || Number.isInteger(value);
}

function ruleProblem(rule: FieldRule, value: unknown): string | undefined {
  switch (rule) {
    case 'any':
      return undefined;
    case 'integer':
      return isInteger(value) ? undefined : 'must be an integer';
    case 'list':
      return value === null || Array.isArray(value) ? undefined : 'must be an array';
    case 'topology': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of node id → array of node ids';
      const bad = Object.entries(value).find(([, peers]) => !Array.isArray(peers) || !peers.every((p) => typeof p === 'string'));
      return bad ? `entry ${JSON.stringify(bad[0])} must be an array of node ids` : undefined;
    }
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be an array of strings';
    case 'offsets':
      return mapProblem(value, (v) => (isInteger(v) ? undefined : 'must be an integer'));
    case 'messages':
      return mapProblem(value, pairsProblem);
    default:
      return txnProblem(rule, value);
  }
}

/** An object whose every entry passes `entry`: the first entry that fails, named. */
function mapProblem(value: unknown, entry: (v: unknown) => string | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of key → value';
  for (const [key, v] of Object.entries(value)) {
    const problem = entry(v);
    if (problem) return `entry ${JSON.stringify(key)} ${problem}, got ${describe(v)}`;
  }
  return undefined;
}

function pairsProblem(pairs: unknown): string | undefined {
  if (!Array.isArray(pairs)) return 'must be an array of [offset, msg] pairs';
  const bad = pairs.find((p) => !Array.isArray(p) || p.length !== 2 || !isInteger(p[0]));
  return bad === undefined ? undefined : `holds ${describe(bad)}, not an [integer offset, msg] pair`;
}

/** Maelstrom's txn schemas: [(either ReadReq Write)] for requests, [(either ReadRes Write)] for replies. */
function txnProblem(rule: TxnRule, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (!Array.isArray(value)) return 'must be an array of micro-ops';
  const write = rule.startsWith('append') ? 'append' : 'w';
  const request = rule.endsWith('-request');
  for (let i = 0; i < value.length; i++) {
    const m: unknown = value[i];
    const shape = `["r", k, ${request ? 'null' : rule.startsWith('append') ? 'list' : 'v'}] or ["${write}", k, v]`;
    if (!Array.isArray(m) || m.length !== 3 || (m[0] !== 'r' && m[0] !== write)) return `micro-op ${i} must be ${shape}, got ${describe(m)}`;
    if (m[0] !== 'r') continue;
    if (request && m[2] !== null) return `micro-op ${i} must be ${shape}: a read is sent with null, got ${describe(m)}`;
    if (!request && write === 'append' && m[2] !== null && !Array.isArray(m[2]))
      return `micro-op ${i} must be ${shape}: a read answers a list, got ${describe(m)}`;
  }
  return undefined;
}

/** What is wrong with a request body for the node to refuse (extra keys are tolerated), or undefined. */
export function requestProblem(shape: RpcShape, body: Record<string, unknown>): string | undefined {
  for (const [field, rule] of Object.entries(shape.request)) {
    if (!(field in body) || body[field] === undefined) return `${shape.type} needs field "${field}"`;
    const problem = ruleProblem(rule, body[field]);
    if (problem) return `field "${field}" ${problem}, got ${describe(body[field])}`;
  }
  return undefined;
}

/** What is wrong with a reply under Maelstrom's closed response schema (client.clj, defrpc), or undefined. */
export function responseProblem(shape: RpcShape, body: Record<string, unknown>): string | undefined {
  if (body.type !== `${shape.type}_ok`) return `expected type ${shape.type}_ok, got ${describe(body.type)}`;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'type') continue;
    if (key === 'msg_id' || key === 'in_reply_to') {
      if (!isInteger(value)) return `${key} must be an integer, got ${describe(value)}`;
      continue;
    }
    const rule = shape.response[key];
    if (rule === undefined) return `key "${key}" is not allowed`;
    const problem = ruleProblem(rule, value);
    if (problem) return `"${key}" ${problem}, got ${describe(value)}`;
  }
  if (!('in_reply_to' in body)) return 'missing key "in_reply_to"';
  for (const key of Object.keys(shape.response)) if (!(key in body)) return `missing key "${key}"`;
  return undefined;
}

function describe(value: unknown): string {
  // Class instances (the runner's exact numbers, bigints) print as themselves, not as JSON.
  const plain = typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
  if (typeof value === 'bigint' || !plain) return String(value);
  // formatDeepJson: a value nested past JSON.stringify's stack still gets its error 12, not a crash.
  const text = formatDeepJson(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
