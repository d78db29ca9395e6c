import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { GrowOnlySet } from '../../src/crdt/g-set.js';
import { InvalidUpdateError } from '../../src/crdt/store.js';
import { encodeStateVector } from '../../src/crdt/state-vector.js';
import { decodeBase64, encodeBase64 } from '../../src/crdt/wire.js';

const sorted = (s: GrowOnlySet<number>): number[] => [...s.values()].sort((a, b) => a - b);

describe('GrowOnlySet', () => {
  test('add, has, size, values; a value added twice counts once', () => {
    const s = new GrowOnlySet<unknown>({ clientId: 1 });
    expect(s.add(1, 2, 2, { a: 1 })).toBe(3);
    expect(s.add({ a: 1 })).toBe(0);
    expect(s.has(2)).toBe(true);
    expect(s.has('2')).toBe(false);
    expect(s.size).toBe(3);
    expect(s.values()).toEqual([1, 2, { a: 1 }]);
  });

  test('a diff carries only what the other replica lacks; the same value from two writers shows once', () => {
    const a = new GrowOnlySet<number>({ clientId: 1 });
    const b = new GrowOnlySet<number>({ clientId: 2 });
    a.add(1, 2, 3);
    b.apply(a.diff(), 'a');
    a.add(4);
    b.add(3);
    const small = a.diff(b.stateVector());
    expect(small.length).toBeLessThan(a.diff().length);
    b.apply(small, 'a');
    a.apply(b.diff(a.stateVector()), 'b');
    expect(sorted(a)).toEqual([1, 2, 3, 4]);
    expect(sorted(b)).toEqual([1, 2, 3, 4]);
    const sv = b.stateVector();
    b.apply(a.diff(b.stateVector()), 'a');
    expect(b.stateVector()).toEqual(sv);
  });

  test('change events tell local writes from replicated ones', () => {
    const a = new GrowOnlySet<number>({ clientId: 1 });
    const b = new GrowOnlySet<number>({ clientId: 2 });
    const events: unknown[] = [];
    b.onChange((e) => events.push(e));
    b.add(9);
    a.add(1);
    b.apply(a.diff(), 'peer-a');
    expect(events).toEqual([
      { origin: null, local: true },
      { origin: 'peer-a', local: false },
    ]);
  });

  test('buffered writes (defer): read at once, committed in one transaction by the scheduled commit or a diff', () => {
    const scheduled: (() => void)[] = [];
    const a = new GrowOnlySet<number>({ clientId: 1, defer: (commit) => void scheduled.push(commit) });
    const events: unknown[] = [];
    a.onChange((e) => events.push(e));
    const updates: Uint8Array[] = [];
    a.doc.on('update', (u: Uint8Array) => updates.push(u));
    a.add(1);
    a.add(2, 3);
    a.add(2);
    expect(a.values()).toEqual([1, 2, 3]);
    expect(a.has(3)).toBe(true);
    expect(scheduled).toHaveLength(1);
    expect(updates).toHaveLength(0);
    scheduled[0]();
    expect(events).toHaveLength(1);
    expect(updates).toHaveLength(1);
    const b = new GrowOnlySet<number>({ clientId: 2 });
    b.apply(updates[0], 'a');
    expect(b.values()).toEqual([1, 2, 3]);
    // A diff (or a state vector, or an apply) commits what is buffered first.
    a.add(4);
    b.apply(a.diff(b.stateVector()), 'a');
    expect(sorted(b)).toEqual([1, 2, 3, 4]);
    expect(updates).toHaveLength(2);
    // The scheduled commit then finds nothing left to write.
    scheduled[1]();
    expect(updates).toHaveLength(2);
  });

  test('each writer fills chunks of its own, and a restarted writer (new client id) starts a new one', () => {
    const a = new GrowOnlySet<number>({ clientId: 1, chunkSize: 2 });
    a.add(1, 2, 3);
    a.doc.clientID = 5;
    a.add(4);
    const chunks = a.doc.getArray<Y.Array<number>>('value-chunks').toArray();
    expect(chunks.map((chunk) => chunk.toArray())).toEqual([[1, 2], [3], [4]]);
    expect(chunks.map((chunk) => chunk._item!.id.client)).toEqual([1, 1, 5]);
  });

  /** An update from a raw Yjs writer that did whatever `write` does to its document. */
  const raw = (write: (doc: Y.Doc) => void): Uint8Array => {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = 9;
    write(doc);
    return Y.encodeStateAsUpdate(doc);
  };
  /** A chunk of the set's log, as GrowOnlySet writes one. */
  const chunk = (doc: Y.Doc, values: unknown[], root = 'value-chunks'): Y.Array<unknown> => {
    const c = new Y.Array<unknown>();
    doc.getArray(root).push([c]);
    c.push(values);
    return c;
  };
  test('the raw writer of the refusal cases below writes what the set accepts', () => {
    const s = new GrowOnlySet<number>({ clientId: 1 });
    s.apply(
      raw((d) => chunk(d, [7, 8])),
      'x',
    );
    expect(s.values()).toEqual([7, 8]);
  });

  const corrupt: [string, () => Uint8Array][] = [
    ['random bytes', () => new Uint8Array([1, 2, 3, 4, 5, 6])],
    [
      'a truncated diff',
      () => {
        const other = new GrowOnlySet<number>({ clientId: 9 });
        other.add(1, 2, 3);
        const full = other.diff();
        return full.slice(0, full.length - 3);
      },
    ],
    ['a deletion', () => raw((d) => chunk(d, [1, 2]).delete(0, 1))],
    ['another root type', () => raw((d) => d.getMap('other').set('k', 1))],
    ['a chunk under another root', () => raw((d) => chunk(d, [1], 'other'))],
    ['text content', () => raw((d) => d.getText('value-chunks').insert(0, 'hi'))],
    ['values outside a chunk', () => raw((d) => d.getArray('value-chunks').push([1, 2]))],
    ['a map where a chunk goes', () => raw((d) => d.getArray('value-chunks').push([new Y.Map()]))],
    ['a chunk inside a chunk', () => raw((d) => chunk(d, [new Y.Array()]))],
    ['a keyed entry on the root', () => raw((d) => d.getMap('value-chunks').set('k', 1))],
    ['the encoding before chunks', () => raw((d) => d.getArray('values').push([1, 2]))],
  ];
  test.each(corrupt)('%s is refused and changes nothing', (_name, make) => {
    const s = new GrowOnlySet<number>({ clientId: 1 });
    s.add(5);
    const sv = s.stateVector();
    expect(() => s.apply(make(), 'x')).toThrow(InvalidUpdateError);
    expect(s.values()).toEqual([5]);
    expect(s.stateVector()).toEqual(sv);
  });

  test('an update in the encoding before chunks is refused saying so', () => {
    const s = new GrowOnlySet<number>({ clientId: 1 });
    expect(() =>
      s.apply(
        raw((d) => d.getArray('values').push([1])),
        'old peer',
      ),
    ).toThrow(/earlier ygossip encoding \(root "values"\)/);
  });

  test('replicas converge to the union under drops, duplicates and reordering', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 0, max: 50 })), { maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.boolean(), fc.boolean()), { maxLength: 60 }),
        (adds, exchanges) => {
          const replicas = Array.from({ length: 4 }, (_, i) => new GrowOnlySet<number>({ clientId: i + 1 }));
          const inFlight: [number, Uint8Array][] = [];
          let k = 0;
          for (const [from, to, drop, dup] of exchanges) {
            if (k < adds.length) replicas[adds[k][0]].add(adds[k++][1]);
            if (from === to) continue;
            const update = replicas[from].diff(replicas[to].stateVector());
            if (!drop) inFlight.push([to, update]);
            if (dup) inFlight.push([to, update]);
            // Deliver a random-ish earlier message first: reordering.
            if (inFlight.length > 2) {
              const [dest, u] = inFlight.splice(inFlight.length % 3, 1)[0];
              replicas[dest].apply(u, 'peer');
            }
          }
          for (; k < adds.length; k++) replicas[adds[k][0]].add(adds[k][1]);
          for (const [dest, u] of inFlight) replicas[dest].apply(u, 'peer');
          for (const a of replicas) for (const b of replicas) if (a !== b) b.apply(a.diff(b.stateVector()), 'final');
          const union = [...new Set(adds.map(([, v]) => v))].sort((x, y) => x - y);
          for (const r of replicas) expect(sorted(r)).toEqual(union);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('wire and state vectors', () => {
  test('base64 round trip; anything but canonical base64 is refused', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    for (const bad of ['!!', 'abc', 12, null, 'YQ=']) expect(decodeBase64(bad)).toBeUndefined();
  });

  test('a state vector map encodes as Yjs does', () => {
    const s = new GrowOnlySet<number>({ clientId: 3 });
    s.add(1, 2);
    expect(encodeStateVector(s.stateVector())).toEqual(Y.encodeStateVector(s.doc));
  });
});
