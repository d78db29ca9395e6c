// seq-kv row by row (maelstrom-spec-services-txn.md §16.4, Maelstrom's service.clj Sequential):
// per-sender views, staleness until a state change, identity cas and failed cas answered from an
// old state, state changes run on the newest state, the 32-state window and its wrap. Exact rows
// use a random source that draws what the test says (0: the sender's own view, 0.999: the newest
// state); the properties use seeded sources, as Maelstrom's own service_test does.
import { describe, expect, test } from 'vitest';
import type { Body } from '../../../src/maelstrom/message.js';
import { createRandom, type Random } from '../../../src/runner/base/random.js';
import { createSeqKv, seqKvWindow, type Service } from '../../../src/runner/services/index.js';

/** A random source that draws what it is told to, in turn, and 0 (the sender's own view) after. */
const scripted = (): Random & { next: (...us: number[]) => void } => {
  const queue: number[] = [];
  return Object.assign(() => queue.shift() ?? 0, { next: (...us: number[]) => void queue.push(...us) });
};
/** The draw that picks index `i` among view..last. */
const pick = (i: number, view: number, last: number): number => (i - view + 0.5) / (last - view + 1);

/** The value read, or `absent` for error 20. */
const read = (kv: Service, src: string, key = 'x'): unknown => {
  const reply = kv.handle(src, { type: 'read', key });
  if (reply?.type === 'error' && reply.code === 20) return 'absent';
  return reply?.type === 'read_ok' ? reply.value : reply;
};
const write = (kv: Service, src: string, key: string, value: unknown): Body | undefined => kv.handle(src, { type: 'write', key, value });
const cas = (kv: Service, src: string, from: unknown, to: unknown): Body | undefined => kv.handle(src, { type: 'cas', key: 'x', from, to });
/** n0 writes x = 1 … n: states 0 (empty) to n, with x = k in state k. Each write draws too. */
const written = (random: Random, n: number, window?: number): Service => {
  const kv = createSeqKv(random, window);
  for (let k = 1; k <= n; k++) write(kv, 'n0', 'x', k);
  return kv;
};

describe('seq-kv: views per sender', () => {
  test('a sender always sees its own writes: a write moves its view to the newest state', () => {
    const kv = written(scripted(), 3);
    expect(read(kv, 'n0')).toBe(3);
  });

  test('a fresh sender reads an old state, again and again, until it changes something', () => {
    const kv = written(scripted(), 3);
    expect(read(kv, 'n1')).toBe('absent'); // state 0: x absent
    expect(read(kv, 'n1')).toBe('absent');
    expect(write(kv, 'n1', 'n1-sync', 'unique')).toEqual({ type: 'write_ok' });
    expect(read(kv, 'n1')).toBe(3);
    expect(read(kv, 'n2')).toBe('absent'); // views are per sender: n1 catching up does nothing for n2
  });

  test('reads creep forward: each draws uniformly from the view to the newest, and the view follows', () => {
    const random = scripted();
    const kv = written(random, 4);
    random.next(pick(2, 0, 4), 0, pick(4, 2, 4));
    expect(read(kv, 'n1')).toBe(2);
    expect(read(kv, 'n1')).toBe(2); // drew its own view: never back to 0 or 1
    expect(read(kv, 'n1')).toBe(4);
  });
});

describe('seq-kv: which state a request runs on', () => {
  test('an identity cas, and a cas failing with 22, are answered from the old state and do not catch up', () => {
    const random = scripted();
    const kv = written(random, 2);
    random.next(pick(1, 0, 2));
    expect(read(kv, 'n1')).toBe(1); // n1's view is now state 1 (x = 1); the newest has x = 2
    expect(cas(kv, 'n1', 1, 1)).toEqual({ type: 'cas_ok' }); // x is 2, yet an identity cas from 1 succeeds
    expect(cas(kv, 'n1', 2, 2)).toEqual({ type: 'error', code: 22, text: 'current value 1 is not 2' }); // from is the newest value
    expect(write(kv, 'n1', 'x', 1)).toEqual({ type: 'write_ok' }); // equal to the old state's x: no change either
    expect(read(kv, 'n1')).toBe(1);
    expect(read(kv, 'n0')).toBe(2);
  });

  test('a request that would change the old state runs again on the newest, and its reply is the newest one', () => {
    const random = scripted();
    const kv = written(random, 2);
    random.next(pick(1, 0, 2));
    // On state 1 (x = 1) this cas would succeed; on the newest (x = 2) it fails, and that is the reply.
    expect(cas(kv, 'n1', 1, 5)).toEqual({ type: 'error', code: 22, text: 'current value 2 is not 1' });
    expect(read(kv, 'n1')).toBe(2); // and n1 caught up to the state that request appended
    expect(read(kv, 'n0')).toBe(2);
  });

  test('that request appends a state even when it changes nothing on the newest (the oldest state leaves the window)', () => {
    const random = scripted();
    const kv = written(random, 31); // states 0 … 31: the window is full, state 0 (x absent) the oldest
    random.next(pick(1, 0, 31));
    expect(cas(kv, 'n1', 1, 5)).toEqual({ type: 'error', code: 22, text: 'current value 31 is not 1' });
    // State 32 (x = 31 again) was appended and state 0 dropped: index 0 now wraps to the newest.
    expect(read(kv, 'n2')).toBe(31);
  });

  test('a write from a stale sender lands on the newest state, never on the old one it drew', () => {
    const kv = written(scripted(), 2);
    expect(write(kv, 'n1', 'y', 'from n1')).toEqual({ type: 'write_ok' }); // drew state 0, where x is absent
    expect(read(kv, 'n1')).toBe(2); // x is not reverted to state 0's (absent)
    expect(read(kv, 'n1', 'y')).toBe('from n1');
  });

  test('cas with create_if_not_exists on a stale sender: created on the newest state only if absent there', () => {
    const kv = createSeqKv(scripted());
    write(kv, 'n0', 'x', 'first');
    expect(kv.handle('n1', { type: 'cas', key: 'x', from: 0, to: 'second', create_if_not_exists: true })).toEqual({
      type: 'error',
      code: 22,
      text: 'current value "first" is not 0',
    });
    expect(read(kv, 'n0')).toBe('first');
  });

  test('a request of a type seq-kv does not know gets no reply and leaves the view where it was', () => {
    const kv = written(scripted(), 2);
    expect(kv.handle('n1', { type: 'ts' })).toBeUndefined();
    expect(read(kv, 'n1')).toBe('absent');
  });
});

describe('seq-kv: the window of 32 states', () => {
  test('a sender more than 32 states behind gets a state within the window, recorded at the older index, so it can go back in time', () => {
    expect(seqKvWindow).toBe(32);
    // n0 writes x = 1 … 40: states 9 … 40 are held. n1 (view 0) draws index 0: the ring wraps to state 32.
    const random = scripted();
    const kv = written(random, 40);
    random.next(0, pick(8, 0, 40), pick(10, 8, 40));
    expect(read(kv, 'n1')).toBe(32);
    expect(read(kv, 'n1')).toBe(40); // index 8 is gone from the ring too: it wraps to the newest state
    expect(read(kv, 'n1')).toBe(10); // but the view was recorded as 8, so index 10 is allowed: back in time
  });

  test('seeded: 31 states behind, reads never go back; 40 behind, they do, and never see a state that left the window', () => {
    let backwards = 0;
    for (let seed = 1; seed <= 40; seed++) {
      for (const behind of [31, 40]) {
        const kv = written(createRandom(seed), behind);
        const seen = Array.from({ length: 30 }, () => read(kv, 'n1')).map((v) => (v === 'absent' ? 0 : (v as number)));
        const wentBack = seen.some((v, i) => i > 0 && v < seen[i - 1]);
        if (behind === 31) expect(wentBack, `seed ${seed}: ${seen}`).toBe(false);
        else {
          expect(Math.min(...seen), `seed ${seed}`).toBeGreaterThanOrEqual(40 - seqKvWindow + 1);
          if (wentBack) backwards++;
        }
      }
    }
    expect(backwards).toBeGreaterThan(0);
  });
});

describe("Maelstrom's service_test, seeded (a buffer of 16, x written 0 … 7)", () => {
  const prep = (seed: number): Service => {
    const kv = createSeqKv(createRandom(seed), 16);
    for (let i = 0; i < 8; i++) write(kv, 'c0', 'x', i);
    return kv;
  };

  test('fresh clients read more than one state', () => {
    const kv = prep(1);
    const reads = new Set(Array.from({ length: 64 }, (_, i) => read(kv, `old-read-${i}`)));
    expect(reads.size).toBeGreaterThan(1);
  });

  test('writing something unique ensures the next read is recent', () => {
    for (let i = 0; i < 8; i++) {
      const kv = prep(100 + i);
      write(kv, `ensure-${i}`, 'ensure', i);
      expect(read(kv, `ensure-${i}`)).toBe(7);
    }
  });

  test('reading a ton converges within 10 × the buffer', () => {
    for (let i = 0; i < 8; i++) {
      const kv = prep(200 + i);
      let trial = 1;
      while (read(kv, 'r') !== 7) {
        trial++;
        expect(trial).toBeLessThan(160);
      }
    }
  });
});
