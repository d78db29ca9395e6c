// The register map (bin/txn-rw-register's store): a write of several registers is one Yjs
// transaction that a peer integrates whole; concurrent writes end equal everywhere, as Y.Map
// resolves them; diffs carry no delete set, yet a replica built from them deletes the same
// overwritten entries, and their size follows what they carry, not the writes ever made; peer
// updates are refused when they hold what the store never writes, held back whole when Yjs would
// integrate only part of them, and the per-transaction updates a node logs to disk (deletes
// included) are accepted.
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { RegisterMap } from '../../src/crdt/register-map.js';
import { InvalidUpdateError } from '../../src/crdt/store.js';
import { InvalidValueError } from '../../src/crdt/value-limits.js';

const sorted = (m: RegisterMap): [string, unknown][] => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
const sync = (a: RegisterMap, b: RegisterMap): void => {
  const toB = a.diff(b.stateVector());
  const toA = b.diff(a.stateVector());
  b.apply(toB, 'a');
  a.apply(toA, 'b');
};

describe('RegisterMap', () => {
  test('a write of several registers reaches a peer as one transaction', () => {
    const a = new RegisterMap({ clientId: 1 });
    const b = new RegisterMap({ clientId: 2 });
    a.write(
      new Map([
        ['x', 1],
        ['y', 2],
      ]),
    );
    a.write([
      ['x', 3],
      ['z', { v: [4] }],
    ]);
    let events = 0;
    const seen: [string, unknown][][] = [];
    b.onChange(() => {
      events++;
      seen.push(sorted(b));
    });
    b.apply(a.diff(), 'a');
    expect(events).toBe(1);
    expect(seen[0]).toEqual([
      ['x', 3],
      ['y', 2],
      ['z', { v: [4] }],
    ]);
    expect(b.read('w')).toBeUndefined();
    expect(b.has('x')).toBe(true);
  });

  test('concurrent writes to a register end equal on every replica, and equal to Y.Map', () => {
    const replicas = [1, 2, 3].map((clientId) => new RegisterMap({ clientId }));
    for (let i = 0; i < 600; i++) {
      replicas[i % 3].write([
        [String(i % 5), i],
        [String((i * 7) % 11), -i],
      ]);
      if (i % 40 === 0) sync(replicas[i % 3], replicas[(i + 1) % 3]);
    }
    for (let round = 0; round < 2; round++)
      for (const [a, b] of [
        [0, 1],
        [1, 2],
        [0, 2],
      ])
        sync(replicas[a], replicas[b]);
    const expected = sorted(replicas[0]);
    expect(expected).toHaveLength(11);
    for (const r of replicas) {
      expect(sorted(r)).toEqual(expected);
      expect(Object.entries(r.doc.getMap('registers').toJSON()).sort(([a], [b]) => a.localeCompare(b))).toEqual(expected);
    }
  });

  test("a diff carries no delete set: small after many overwrites, and a fresh replica deletes what the writer's did", () => {
    const a = new RegisterMap({ clientId: 1 });
    const b = new RegisterMap({ clientId: 2 });
    for (let i = 0; i < 5000; i++) a.write([[String(Math.floor(i / 16)), i]]);
    b.apply(a.diff(), 'a');
    for (let i = 0; i < 10; i++) a.write([[`new ${i}`, i]]);
    const ours = a.diff(b.stateVector());
    const yjs = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
    expect(Y.decodeUpdate(ours).ds.clients.size).toBe(0);
    expect(Y.decodeUpdate(yjs).ds.clients.size).toBe(1);
    // Yjs's own diff writes every delete ever made; ours only the ten new entries.
    expect(ours.length).toBeLessThan(400);
    expect(yjs.length).toBeGreaterThan(ours.length * 3);
    b.apply(ours, 'a');
    expect(sorted(b)).toEqual(sorted(a));
    // The same deletes on both: every overwritten entry, so both documents say the same.
    const deleted = (r: RegisterMap): number => [...r.doc.store.clients.values()].flat().reduce((n, s) => n + (s.deleted ? s.length : 0), 0);
    expect(deleted(b)).toBe(deleted(a));
    expect(deleted(a)).toBe(5000 - Math.ceil(5000 / 16));
  });

  test("a peer's update holding what the store never writes is refused, the store left as it was", () => {
    const store = new RegisterMap({ clientId: 1 });
    store.write([['k', 1]]);
    const forged = (make: (doc: Y.Doc) => void): Uint8Array => {
      const doc = new Y.Doc({ gc: false });
      make(doc);
      return Y.encodeStateAsUpdate(doc);
    };
    const refused = (update: Uint8Array): string => {
      try {
        store.apply(update, 'peer');
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidUpdateError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused(forged((d) => d.getMap('registers').set('t', new Y.Text('x'))))).toMatch(/something other than register values/);
    expect(refused(forged((d) => d.getArray('registers').push([1])))).toMatch(/under no key/);
    expect(refused(forged((d) => d.getMap('other').set('k', 1)))).toMatch(/outside the "registers" root/);
    const deep = JSON.parse(`${'['.repeat(200)}1${']'.repeat(200)}`) as unknown;
    expect(refused(forged((d) => d.getMap('registers').set('k', deep)))).toMatch(/nested more than/);
    expect(sorted(store)).toEqual([['k', 1]]);
  });

  test("the updates a node logs, one per transaction with its overwrites' deletes, replay into an equal store", () => {
    const a = new RegisterMap({ clientId: 1 });
    const logged: Uint8Array[] = [];
    a.doc.on('update', (u: Uint8Array) => logged.push(u));
    for (let i = 0; i < 100; i++)
      a.write([
        ['x', i],
        [`k${i % 3}`, i],
      ]);
    expect(logged.some((u) => Y.decodeUpdate(u).ds.clients.size > 0)).toBe(true);
    const replay = new RegisterMap({ clientId: 2 });
    for (const u of logged) replay.apply(u, 'disk');
    expect(sorted(replay)).toEqual(sorted(a));
  });

  test("a peer's delete with no overwrite beside it: the materialized registers follow the map", () => {
    const a = new RegisterMap({ clientId: 1 });
    const b = new RegisterMap({ clientId: 2 });
    a.write([
      ['k', 1],
      ['j', 2],
    ]);
    b.apply(a.diff(), 'a');
    const before = Y.encodeStateVector(a.doc);
    a.doc.getMap('registers').delete('k'); // a plain Y.Map delete: never written by the store itself
    b.apply(Y.encodeStateAsUpdate(a.doc, before), 'a');
    expect(b.has('k')).toBe(false);
    expect(sorted(b)).toEqual([['j', 2]]);
  });

  test('an update Yjs would integrate only in part (it follows a lost one) is held back whole, and taken once what it builds on arrives', () => {
    const [a, b, c] = [1, 2, 3].map((clientId) => new RegisterMap({ clientId }));
    a.write([['x', 1]]);
    b.apply(a.diff(), 'a');
    b.write([
      ['y', 1],
      ['x', 2],
    ]); // one transaction; its entry for x overwrites a's
    // b believes c has a's write (a push to c was lost): its diff leaves that write out.
    const premature = b.diff(new Map([[1, a.stateVector().get(1)!]]));
    // Yjs alone shows half of b's transaction: y, and x still unwritten.
    const plain = new Y.Doc({ gc: false });
    Y.applyUpdate(plain, premature);
    expect([plain.getMap('registers').get('y'), plain.getMap('registers').has('x')]).toEqual([1, false]);
    c.apply(premature, 'b');
    expect(c.heldBack).toBe(1);
    expect(c.size).toBe(0);
    expect(c.stateVector().size).toBe(0);
    c.apply(a.diff(c.stateVector()), 'a');
    expect(sorted(c)).toEqual([['x', 1]]);
    c.apply(b.diff(c.stateVector()), 'b');
    expect(sorted(c)).toEqual([
      ['x', 2],
      ['y', 1],
    ]);
    expect(c.heldBack).toBe(1);
  });

  test('a value beyond the limits is refused before anything is written', () => {
    const store = new RegisterMap({ clientId: 1 });
    const deep = JSON.parse(`${'['.repeat(200)}1${']'.repeat(200)}`) as unknown;
    expect(() =>
      store.write([
        ['a', 1],
        ['b', deep],
      ]),
    ).toThrow(InvalidValueError);
    expect(store.size).toBe(0);
  });
});
