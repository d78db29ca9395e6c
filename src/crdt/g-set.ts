// Grow-only set of JSON values on a Yjs document: the values go into a chunked log
// (chunked-log.ts: what it costs and why), plus a materialized map kept current from each
// transaction's change, so an add or a peer's update costs what it adds and a read copies
// nothing from Yjs. Two replicas may add the same value; the log then holds it twice and the set
// once. Values are JSON within value-limits.ts, checked on add and in every peer update alike.
import type * as Y from 'yjs';
import { ChunkedLog, chunkedLogProblem, loggedValues } from './chunked-log.js';
import { YStore, type StructLookup, type TransactionChange, type YStoreOptions } from './store.js';
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

export interface GrowOnlySetOptions extends YStoreOptions {
  /** Values per chunk of the log (chunked-log.ts); the default is measured. */
  chunkSize?: number;
}

/** Root of the chunked log; "values" held one flat Y.Array in the encoding before it. */
const root = 'value-chunks';

export class GrowOnlySet<T = unknown> extends YStore {
  private readonly log: ChunkedLog<T>;
  /** Every member: committed, and added locally but not yet committed (YStoreOptions.defer). */
  private readonly members = new Map<string, T>();
  private uncommitted: T[] = [];
  private snapshot: T[] | undefined;

  constructor(options: GrowOnlySetOptions = {}) {
    super({ root, former: ['values'] }, options);
    this.log = new ChunkedLog<T>(this.doc, root, options.chunkSize);
  }

  /**
   * Adds values not already present, in one transaction; returns how many were new. Throws
   * InvalidValueError, adding none, if any value breaks the limits of value-limits.ts.
   */
  add(...values: T[]): number {
    for (const value of values) assertValue(value);
    let fresh = 0;
    for (const value of values) {
      const key = valueKey(value);
      if (this.members.has(key)) continue;
      this.members.set(key, value);
      this.uncommitted.push(value);
      fresh++;
    }
    if (fresh > 0) {
      this.snapshot = undefined;
      this.written();
    }
    return fresh;
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

  protected commitWrites(): void {
    const values = this.uncommitted;
    this.uncommitted = [];
    this.log.append(values);
  }

  protected integrate(change: TransactionChange): void {
    const before = this.members.size;
    for (const item of change.inserted) {
      for (const value of loggedValues(item) as T[]) {
        const key = valueKey(value);
        if (!this.members.has(key)) this.members.set(key, value);
      }
    }
    if (this.members.size !== before) this.snapshot = undefined;
  }

  protected contentProblem(item: Y.Item, lookup: StructLookup): string | undefined {
    return chunkedLogProblem(item, root, lookup, (value) => {
      const reason = checkValue(value);
      return reason === undefined ? undefined : `holds a value that ${reason}`;
    });
  }
}
