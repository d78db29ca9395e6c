// lww-kv as Maelstrom's code runs it (maelstrom-spec-services-txn.md §16.5, service.clj Eventual
// over LWWKV): two replicas that never merge, each request on one drawn at random, cas without
// create_if_not_exists, and error 22 printing `from` with str.
import { describe, expect, test } from 'vitest';
import { createRandom } from '../../../src/runner/base/random.js';
import { createLwwKv, lwwKvReplicas } from '../../../src/runner/services/index.js';

/** Replica 0 for a draw below 0.5, replica 1 above. */
const replicas =
  (...draws: number[]): (() => number) =>
  () =>
    draws.shift() ?? 0;

describe('lww-kv', () => {
  test('2 replicas: a key written once is read back by about half the reads, forever (seeded)', () => {
    expect(lwwKvReplicas).toBe(2);
    const kv = createLwwKv(createRandom(7));
    kv.handle('n0', { type: 'write', key: 'x', value: 1 });
    const found = (from: number): number => {
      let hits = 0;
      for (let i = from; i < from + 400; i++) {
        const reply = kv.handle(`n${i % 3}`, { type: 'read', key: 'x' });
        if (reply?.type === 'read_ok') hits++;
        else expect(reply).toEqual({ type: 'error', code: 20, text: 'key does not exist' });
      }
      return hits;
    };
    const early = found(0);
    const late = found(400); // no merge ever happens: still about half
    for (const hits of [early, late]) {
      expect(hits).toBeGreaterThan(140);
      expect(hits).toBeLessThan(260);
    }
  });

  test('a key written on both replicas returns either value, never converging', () => {
    const kv = createLwwKv(replicas(0, 0.9, 0, 0.9, 0, 0.9));
    kv.handle('n0', { type: 'write', key: 'x', value: 'a' }); // replica 0
    kv.handle('n0', { type: 'write', key: 'x', value: 'b' }); // replica 1
    const reads = [0, 1, 2, 3].map(() => kv.handle('n0', { type: 'read', key: 'x' }));
    expect(reads).toEqual([
      { type: 'read_ok', value: 'a' },
      { type: 'read_ok', value: 'b' },
      { type: 'read_ok', value: 'a' },
      { type: 'read_ok', value: 'b' },
    ]);
  });

  test('cas runs on the replica drawn; its 22 prints `from` with str (a string unquoted)', () => {
    const kv = createLwwKv(replicas(0, 0, 0.9, 0, 0));
    kv.handle('n0', { type: 'write', key: 's', value: 'a' });
    expect(kv.handle('n0', { type: 'cas', key: 's', from: 'a', to: 'c' })).toEqual({ type: 'cas_ok' });
    expect(kv.handle('n0', { type: 'cas', key: 's', from: 'c', to: 'd' })).toEqual({ type: 'error', code: 20, text: 'key does not exist' }); // replica 1
    expect(kv.handle('n0', { type: 'cas', key: 's', from: 'b', to: 'd' })).toEqual({ type: 'error', code: 22, text: 'current value "c" is not b' });
    expect(kv.handle('n0', { type: 'cas', key: 's', from: null, to: 'd' })).toEqual({ type: 'error', code: 22, text: 'current value "c" is not ' });
  });

  test('create_if_not_exists is ignored: cas on an absent key is always 20', () => {
    const kv = createLwwKv(createRandom(3));
    for (let i = 0; i < 10; i++) {
      expect(kv.handle('n0', { type: 'cas', key: 'y', from: 0, to: 1, create_if_not_exists: true })).toEqual({
        type: 'error',
        code: 20,
        text: 'key does not exist',
      });
    }
  });

  test('a type it does not know gets no reply', () => {
    expect(createLwwKv(createRandom(1)).handle('n0', { type: 'ts' })).toBeUndefined();
  });
});
