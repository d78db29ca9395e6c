// The stores' previous representation (up to issue 19), kept as the reference the chunked log
// is checked against: one flat Y.Array per store, a push per add, the materialized state read
// from `event.changes`. No validation: only ever fed updates its own kind wrote.
import * as Y from 'yjs';
import { valueKey } from '../../src/crdt/g-set.js';

/** The document and its exchange, as YStore had them. */
abstract class LegacyStore {
  readonly doc = new Y.Doc({ gc: false });

  constructor(clientId: number) {
    this.doc.clientID = clientId;
  }

  stateVector(): Map<number, number> {
    return Y.decodeStateVector(Y.encodeStateVector(this.doc));
  }

  diff(since?: Map<number, number>): Uint8Array {
    return since ? Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(since)) : Y.encodeStateAsUpdate(this.doc);
  }

  apply(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'peer');
  }
}

export class LegacySet extends LegacyStore {
  private readonly array = this.doc.getArray<unknown>('values');
  private readonly members = new Map<string, unknown>();

  constructor(clientId: number) {
    super(clientId);
    this.array.observe((event) => {
      for (const item of event.changes.added) {
        for (const value of item.content.getContent()) if (!this.members.has(valueKey(value))) this.members.set(valueKey(value), value);
      }
    });
  }

  add(value: unknown): void {
    if (!this.members.has(valueKey(value))) this.array.push([value]);
  }

  values(): unknown[] {
    return [...this.members.values()];
  }
}

export class LegacyCounter extends LegacyStore {
  private readonly deltas = this.doc.getArray<number | string>('deltas');
  private sum = 0n;

  constructor(clientId: number) {
    super(clientId);
    this.deltas.observe((event) => {
      for (const item of event.changes.added) for (const stored of item.content.getContent()) this.sum += BigInt(stored as number | string);
    });
  }

  add(delta: bigint): void {
    if (delta === 0n) return;
    const safe = delta >= BigInt(Number.MIN_SAFE_INTEGER) && delta <= BigInt(Number.MAX_SAFE_INTEGER);
    this.deltas.push([safe ? Number(delta) : delta.toString()]);
  }

  value(): bigint {
    return this.sum;
  }
}
