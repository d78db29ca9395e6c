// The requests the three KV services share (Maelstrom's service.clj, PersistentKV and LWWKV):
// read, write and cas over a map whose keys and values compare with Clojure equality (1 and 1.0
// differ, objects structurally). A step only computes the reply and the write the request would
// make; each service chooses the state it reads and where the write lands.
import type { Body } from '../../maelstrom/message.js';
import { valueKey, valuesEqual, type ValueKey } from '../checkers/value-key.js';
import { prStr, str } from './clojure-text.js';

export interface KvEntry {
  value: unknown;
}

/** The entry a state holds under a key, undefined when the key is absent. */
export type KvLookup = (key: ValueKey) => KvEntry | undefined;

export interface KvStep {
  reply: Body;
  /** What the request assigns, when it assigns (write, a cas that matches or creates). */
  write?: { key: ValueKey; value: unknown };
  /** Whether the state after the write differs from the one before: a new key, or a value
   *  not equal to the old one. seq-kv answers a request that changes nothing from an old state. */
  changes: boolean;
}

/** How a KV service reads cas: the one place lww-kv's handler differs from PersistentKV's. */
export interface KvDialect {
  /** lin-kv and seq-kv create an absent key when create_if_not_exists is truthy; lww-kv never. */
  createIfNotExists: boolean;
  /** How error 22 prints `from`: pr-str, or str in lww-kv (a string `from` unquoted). */
  printFrom: (value: unknown) => string;
}

export const persistentKv: KvDialect = { createIfNotExists: true, printFrom: prStr };
export const lwwKv: KvDialect = { createIfNotExists: false, printFrom: str };

/** The reply and write of one request, or undefined for a type no KV service knows. */
export function stepKv(body: Body, lookup: KvLookup, dialect: KvDialect): KvStep | undefined {
  // Maelstrom reads fields with (:key body): a missing field is nil, and nil is a key like any.
  const key = valueKey(body.key ?? null);
  const current = lookup(key);
  switch (body.type) {
    case 'read':
      return { reply: current ? { type: 'read_ok', value: current.value } : keyMissing(), changes: false };
    case 'write':
      return assign(key, body.value ?? null, current, { type: 'write_ok' });
    case 'cas': {
      const from = body.from ?? null;
      if (current) {
        if (valuesEqual(from, current.value)) return assign(key, body.to ?? null, current, { type: 'cas_ok' });
        return { reply: { type: 'error', code: 22, text: `current value ${prStr(current.value)} is not ${dialect.printFrom(from)}` }, changes: false };
      }
      // Truthy as Clojure tests it: only false and nil (or absence) are no. `from` is not looked at.
      if (dialect.createIfNotExists && isTruthy(body.create_if_not_exists)) return assign(key, body.to ?? null, undefined, { type: 'cas_ok' });
      return { reply: keyMissing(), changes: false };
    }
    default:
      return undefined;
  }
}

export function isTruthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

function assign(key: ValueKey, value: unknown, current: KvEntry | undefined, reply: Body): KvStep {
  return { reply, write: { key, value }, changes: current === undefined || !valuesEqual(current.value, value) };
}

function keyMissing(): Body {
  return { type: 'error', code: 20, text: 'key does not exist' };
}
