// A store writes its diffs itself while its document holds no deletes and nothing pending
// (store.ts, encodeDiff): those bytes must be Yjs's own, whatever the history. Replicas exchange
// stale diffs delivered newest first (so updates arrive with gaps and wait as pending) and one
// store overwrites (so its documents hold deletes); after every delivery each replica's diff against
// every other's state, against nothing and against a vector from nowhere equals
// Y.encodeStateAsUpdate. The runs must have met both cases, or the test proves nothing.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { GrowOnlySet } from '../../src/crdt/g-set.js';
import { PNCounter } from '../../src/crdt/pn-counter.js';
import type { StateVector } from '../../src/crdt/state-vector.js';
import { type ReplicatedStore, YStore, type YStoreOptions } from '../../src/crdt/store.js';

/** A store that overwrites: every write of a key deletes the entry it replaces. */
class Overwriting extends YStore {
  constructor(options: YStoreOptions) {
    super({ root: 'keys' }, options);
  }
  write(v: number): void {
    this.doc.getMap('keys').set(`k${v % 3}`, v);
  }
  protected contentProblem(): string | undefined {
    return undefined;
  }
  protected override deletionProblem(): string | undefined {
    return undefined;
  }
  protected integrate(): void {}
  protected commitWrites(): void {}
}

type Step = { add: number; at: number } | { from: number; to: number; stale: boolean } | { deliver: number };

const replicas = 3;
const replica = fc.nat({ max: replicas - 1 });
// Sends mostly go round a ring, stale, so one link carries several diffs at once.
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ add: fc.integer({ min: 1, max: 20 }), at: replica }),
  fc.oneof(
    { weight: 3, arbitrary: replica.map((from) => ({ from, to: (from + 1) % replicas, stale: true })) },
    { weight: 1, arbitrary: fc.record({ from: replica, to: replica, stale: fc.boolean() }) },
  ),
  fc.record({ deliver: fc.nat({ max: 3 }) }),
);

type Node = { store: ReplicatedStore; add: (v: number) => void };
const kinds: { name: string; make: (clientId: number) => Node }[] = [
  {
    name: 'grow-only set',
    make: (clientId) => ((s) => ({ store: s, add: (v: number) => void s.add(v) }))(new GrowOnlySet<number>({ clientId, chunkSize: 4 })),
  },
  { name: 'pn-counter', make: (clientId) => ((c) => ({ store: c, add: (v: number) => c.add(BigInt(v - 10)) }))(new PNCounter({ clientId, chunkSize: 4 })) },
  { name: 'an overwriting store', make: (clientId) => ((o) => ({ store: o, add: (v: number) => o.write(v) }))(new Overwriting({ clientId })) },
];

function expectYjsDiffs(stores: ReplicatedStore[]): void {
  const elsewhere: StateVector = new Map([
    [999, 3],
    [1, 2],
  ]);
  for (const store of stores) {
    for (const since of [...stores.map((s) => new Map(s.stateVector())), new Map(), elsewhere]) {
      expect(store.diff(since)).toEqual(Y.encodeStateAsUpdate(store.doc, Y.encodeStateVector(since)));
    }
    expect(store.diff()).toEqual(Y.encodeStateAsUpdate(store.doc));
  }
}

/** Plays `steps`; says whether an update waited as pending and whether a document held a delete. */
function play(make: (clientId: number) => Node, steps: Step[]): { pending: boolean; deletes: boolean } {
  const nodes = Array.from({ length: replicas }, (_, i) => make(i + 1));
  const stores = nodes.map((n) => n.store);
  const sent = stores.map(() => stores.map(() => new Map() as StateVector));
  const wire: { to: number; update: Uint8Array }[] = [];
  const seen = { pending: false, deletes: false };
  for (const s of steps) {
    if ('add' in s) nodes[s.at].add(s.add);
    else if ('from' in s) {
      if (s.from === s.to) continue;
      const basis = s.stale ? sent[s.from][s.to] : stores[s.to].stateVector();
      sent[s.from][s.to] = new Map(stores[s.from].stateVector());
      wire.push({ to: s.to, update: stores[s.from].diff(basis) });
    } else if (wire.length > 0) {
      // Newest first, mostly: a later diff overtakes the one it was taken after.
      const [m] = wire.splice(Math.max(0, wire.length - 1 - s.deliver), 1);
      stores[m.to].apply(m.update, 'peer');
      // After each delivery: that is when a document gains pending structs or loses them.
      seen.pending ||= stores.some((x) => x.doc.store.pendingStructs !== null);
      seen.deletes ||= stores.some((x) => Y.createDeleteSetFromStructStore(x.doc.store).clients.size > 0);
      expectYjsDiffs(stores);
    }
  }
  expectYjsDiffs(stores);
  return seen;
}

describe.each(kinds)('$name: diffs are the bytes Yjs writes', ({ name, make }) => {
  test('across random histories with stale diffs, gaps and pending updates', () => {
    const met = { pending: false, deletes: false };
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 40, size: 'max' }), (steps) => {
        const seen = play(make, steps);
        met.pending ||= seen.pending;
        met.deletes ||= seen.deletes;
      }),
      { numRuns: 40 },
    );
    expect(met.pending).toBe(true);
    expect(met.deletes).toBe(name === 'an overwriting store');
  });
});
