// Grow-only set of JSON values on a Yjs document: a Y.Array that only ever gets appends, plus a
// materialized Set kept current from the array's events, so a read copies nothing from Yjs.
// Two replicas may add the same value; the array then holds it twice and the set once. Values
// are JSON within value-limits.ts, checked on add and in every peer update alike.
import * as Y from 'yjs';
import { YStore, type YStoreOptions } from './store.js';
import { assertValue, checkValue } from './value-limits.js';

/** Identity of a JSON value: equal JSON values (object key order aside) share a key. */
export function valueKey(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return `n${value}`;
    case 'string':
      return `s${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return `j${canonicalJson(value)}`;
  }
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export class GrowOnlySet<T = unknown> extends YStore {
  private readonly array: Y.Array<T>;
  private readonly members = new Map<string, T>();
  private snapshot: T[] | undefined;

  constructor(options: YStoreOptions = {}) {
    super('values', options);
    this.array = this.doc.getArray<T>('values');
    this.array.observe((event) => {
      for (const item of event.changes.added) {
        for (const value of item.content.getContent() as T[]) {
          const key = valueKey(value);
          if (!this.members.has(key)) this.members.set(key, value);
        }
      }
      this.snapshot = undefined;
    });
  }

  /**
   * Adds values not already present, in one transaction; returns how many were new. Throws
   * InvalidValueError, adding none, if any value breaks the limits of value-limits.ts.
   */
  add(...values: T[]): number {
    for (const value of values) assertValue(value);
    const fresh: T[] = [];
    const seen = new Set<string>();
    for (const value of values) {
      const key = valueKey(value);
      if (!this.members.has(key) && !seen.has(key)) {
        seen.add(key);
        fresh.push(value);
      }
    }
    if (fresh.length > 0) this.array.push(fresh);
    return fresh.length;
  }

  has(value: T): boolean {
    return this.members.has(valueKey(value));
  }

  get size(): number {
    return this.members.size;
  }

  /** Every member once, in the order this replica first saw it. Do not mutate. */
  values(): readonly T[] {
    this.snapshot ??= [...this.members.values()];
    return this.snapshot;
  }

  protected contentProblem(item: Y.Item): string | undefined {
    if (!(item.content instanceof Y.ContentAny) || item.parentSub !== null) return 'holds content of a kind this store never writes';
    for (const value of item.content.getContent()) {
      const reason = checkValue(value);
      if (reason !== undefined) return `holds a value that ${reason}`;
    }
    return undefined;
  }
}
