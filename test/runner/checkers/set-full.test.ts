import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSetFull } from '../../../src/runner/checkers/set-full.js';
import type { Op } from '../../../src/runner/records/history.js';
import { historyBuilder, ns } from './history-builder.js';
import { setHistory, setHistorySteps } from '../../helpers/random-set-history.js';

describe('set-full', () => {
  it('loses an element that was known and is absent from the last-invoked read', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 0, 0);
    h.ok(0, 'add', 0, 1);
    h.invoke(1, 'read', null, 2);
    h.ok(1, 'read', [0], 3);
    h.invoke(1, 'read', null, 4);
    h.ok(1, 'read', [], 5);
    const r = checkSetFull(h.ops);
    expect(r['valid?']).toBe(false);
    expect(r['lost-count']).toBe(1);
    expect(r.lost).toEqual([0]);
    expect(r['stable-count']).toBe(0);
    // lost-time = last present invocation (2 ms) + 1 ns; known at 1 ms -> 1.000001 ms -> 1.
    expect(r['lost-latencies']).toEqual({ '0': 1, '0.5': 1, '0.95': 1, '0.99': 1, '1': 1 });
    expect(r['stable-latencies']).toBeUndefined();
  });

  it('measures a stale element from known (a completion) to just after the last missing read invocation', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    const known = h.ok(0, 'add', 1, 10);
    const missing = h.invoke(1, 'read', null, 30.5);
    h.ok(1, 'read', [], 31);
    h.invoke(1, 'read', null, 40);
    h.ok(1, 'read', [1], 41);
    const r = checkSetFull(h.ops);
    expect(r['valid?']).toBe(true);
    expect(r['stable-count']).toBe(1);
    expect(r.stale).toEqual([1]);
    expect(r['stale-count']).toBe(1);
    // floor((30.5 ms + 1 ns - 10 ms) / 1 ms) = 20
    expect(r['stable-latencies']).toEqual({ '0': 20, '0.5': 20, '0.95': 20, '0.99': 20, '1': 20 });
    expect(r['worst-stale']).toEqual([{ element: 1, outcome: 'stable', 'stable-latency': 20, 'lost-latency': null, known, 'last-absent': missing }]);
  });

  it('does not call a sub-millisecond delay stale', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    h.ok(0, 'add', 1, 10);
    h.invoke(1, 'read', null, 10.9);
    h.ok(1, 'read', [], 11);
    h.invoke(1, 'read', null, 12);
    h.ok(1, 'read', [1], 13);
    const r = checkSetFull(h.ops);
    expect(r['stable-count']).toBe(1);
    expect(r['stale-count']).toBe(0);
    expect(r['stable-latencies']?.['1']).toBe(0);
  });

  it('counts a timed-out, never-seen broadcast as never-read, not lost', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    h.ok(0, 'add', 1, 1);
    h.invoke(2, 'add', 2, 2);
    h.info(2, 'add', 2, 5002, { error: 'net-timeout' });
    h.invoke(1, 'read', null, 6000);
    h.ok(1, 'read', [1], 6001);
    const r = checkSetFull(h.ops);
    expect(r['valid?']).toBe(true);
    expect(r['never-read']).toEqual([2]);
    expect(r['never-read-count']).toBe(1);
    expect(r['lost-count']).toBe(0);
    expect(r['attempt-count']).toBe(2);
  });

  it('decides by the latest-invoked final read: an earlier-invoked read missing it leaves it stable', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 5, 0);
    h.ok(0, 'add', 5, 1);
    const earlier = h.invoke(1, 'read', null, 100, { final: true });
    h.invoke(2, 'read', null, 100, { final: true });
    h.ok(2, 'read', [5], 101, { final: true });
    h.ok(1, 'read', [], 102, { final: true }); // completes last, but was invoked first
    const r = checkSetFull(h.ops);
    expect(r['valid?']).toBe(true);
    expect(r['stable-count']).toBe(1);
    expect(r.stale).toEqual([5]);
    expect(r['worst-stale'][0]['last-absent']).toBe(earlier);
    expect(r['worst-stale'][0]['stable-latency']).toBe(99);
  });

  it('loses it when the latest-invoked final read misses it, even if an earlier one saw it', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 5, 0);
    h.ok(0, 'add', 5, 1);
    h.invoke(1, 'read', null, 100, { final: true });
    h.invoke(2, 'read', null, 100, { final: true });
    h.ok(2, 'read', [], 101, { final: true });
    h.ok(1, 'read', [5], 102, { final: true });
    const r = checkSetFull(h.ops);
    expect(r['valid?']).toBe(false);
    expect(r.lost).toEqual([5]);
  });

  it('loses an element added during a read once a read invoked after it was known misses it', () => {
    const h = historyBuilder();
    h.invoke(1, 'read', null, 0);
    h.invoke(0, 'add', 7, 1);
    h.ok(0, 'add', 7, 2);
    h.ok(1, 'read', [], 3); // 7 exists at this completion, so the read counts as missing it
    h.invoke(0, 'add', 8, 4);
    h.ok(0, 'add', 8, 5);
    h.invoke(1, 'read', null, 6);
    h.ok(1, 'read', [8], 7);
    const r = checkSetFull(h.ops);
    // The first read (invoked before 7 was known) would not make it lost; the second does.
    expect(r['never-read']).toEqual([]);
    expect(r.lost).toEqual([7]);
  });

  it('calls an element missed only by a read concurrent with its add never-read', () => {
    const h = historyBuilder();
    h.invoke(1, 'read', null, 0);
    h.invoke(0, 'add', 7, 1);
    h.ok(0, 'add', 7, 2);
    h.ok(1, 'read', [], 3);
    h.invoke(0, 'add', 8, 4);
    h.ok(0, 'add', 8, 5);
    h.invoke(1, 'read', null, 6);
    h.ok(1, 'read', [8, 7], 7);
    const missed = checkSetFull(h.ops.slice(0, 4));
    expect(missed['never-read']).toEqual([7]);
    expect(missed['lost-count']).toBe(0);
    expect(missed['valid?']).toBe('unknown');
    const seenLater = checkSetFull(h.ops);
    expect(seenLater['stable-count']).toBe(2);
    // last-absent is the concurrent read's invocation at 0 ms, before known at 2 ms: latency 0.
    expect(seenLater['stale-count']).toBe(0);
  });

  it('makes an element seen by a read before its add is acknowledged known at that read', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 3, 0);
    h.invoke(1, 'read', null, 1);
    const firstSeen = h.ok(1, 'read', [3], 2);
    h.ok(0, 'add', 3, 50);
    h.invoke(1, 'read', null, 60.2);
    h.ok(1, 'read', [], 61);
    h.invoke(1, 'read', null, 70);
    h.ok(1, 'read', [3], 71);
    const r = checkSetFull(h.ops);
    expect(r['worst-stale'][0].known).toBe(firstSeen);
    expect(r['worst-stale'][0]['stable-latency']).toBe(58); // 60.2 ms + 1 ns - 2 ms
  });

  it('ignores values of elements never added, or added after the read completed', () => {
    const h = historyBuilder();
    h.invoke(1, 'read', null, 0);
    h.ok(1, 'read', [1, 99], 1);
    h.invoke(0, 'add', 1, 2);
    h.ok(0, 'add', 1, 3);
    const r = checkSetFull(h.ops);
    expect(r['attempt-count']).toBe(1);
    expect(r['never-read']).toEqual([1]);
  });

  it('ignores failed and indeterminate reads entirely, and treats a null read as empty', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    h.ok(0, 'add', 1, 1);
    h.invoke(1, 'read', null, 2);
    h.ok(1, 'read', [1], 3);
    h.invoke(1, 'read', null, 4);
    h.fail(1, 'read', null, 5, { error: 'net-timeout' });
    h.invoke(2, 'read', null, 6);
    h.info(2, 'read', null, 7);
    expect(checkSetFull(h.ops)['valid?']).toBe(true);
    h.invoke(1, 'read', null, 8);
    h.ok(1, 'read', null, 9);
    expect(checkSetFull(h.ops).lost).toEqual([1]);
  });

  it('is unknown when nothing is stable', () => {
    expect(checkSetFull([])['valid?']).toBe('unknown');
    expect(checkSetFull([])['attempt-count']).toBe(0);
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    h.info(0, 'add', 1, 5000);
    const r = checkSetFull(h.ops);
    expect(r['valid?']).toBe('unknown');
    expect(r['stable-latencies']).toBeUndefined();
  });

  it('never reports duplicates (Jepsen 0.3.7 inverts the test)', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    h.ok(0, 'add', 1, 1);
    h.invoke(1, 'read', null, 2);
    h.ok(1, 'read', [1, 1, 1], 3);
    const r = checkSetFull(h.ops);
    expect(r['duplicated-count']).toBe(0);
    expect(r.duplicated).toEqual({});
    expect(r['valid?']).toBe(true);
  });

  it('compares elements with Clojure equality: the number 1 is not the string "1"', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 1, 0);
    h.ok(0, 'add', 1, 1);
    h.invoke(2, 'add', '1', 0);
    h.ok(2, 'add', '1', 1);
    h.invoke(2, 'add', 1.5, 0);
    h.ok(2, 'add', 1.5, 1);
    h.invoke(1, 'read', null, 2);
    h.ok(1, 'read', ['1', 1.5], 3);
    const r = checkSetFull(h.ops);
    expect(r.lost).toEqual([1]);
    expect(r['stable-count']).toBe(2);
  });

  it('sorts outputs ascending and picks the 8 worst stale, largest latency first', () => {
    const h = historyBuilder();
    const n = 12;
    for (let e = n - 1; e >= 0; e--) {
      h.invoke(0, 'add', e, 0);
      h.ok(0, 'add', e, 0);
    }
    // Element e is missed by reads up to e ms, so its stable latency is e ms (0 for element 0).
    for (let e = 1; e < n; e++) {
      h.invoke(1, 'read', null, e);
      h.ok(
        1,
        'read',
        Array.from({ length: n }, (_, k) => k).filter((k) => k > e || k < e),
        e,
      );
    }
    h.invoke(1, 'read', null, 100);
    h.ok(
      1,
      'read',
      Array.from({ length: n }, (_, k) => k),
      100,
    );
    const r = checkSetFull(h.ops);
    expect(r.stale).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r['worst-stale'].map((s) => s.element)).toEqual([11, 10, 9, 8, 7, 6, 5, 4]);
    expect(r['worst-stale'].map((s) => s['stable-latency'])).toEqual([11, 10, 9, 8, 7, 6, 5, 4]);
    expect(r['stable-latencies']).toEqual({ '0': 0, '0.5': 6, '0.95': 11, '0.99': 11, '1': 11 });
  });

  it("reads a workload's adds by the f it names them (broadcast's `broadcast`)", () => {
    const h = historyBuilder();
    h.invoke(0, 'broadcast', 4, 0);
    h.ok(0, 'broadcast', 4, 1);
    h.invoke(1, 'read', null, 2);
    h.ok(1, 'read', [4], 3);
    expect(checkSetFull(h.ops)['attempt-count']).toBe(0);
    expect(checkSetFull(h.ops, { add: 'broadcast', read: 'read' })).toMatchObject({ 'attempt-count': 1, 'stable-count': 1 });
    expect(checkSetFull(h.ops, { add: 'broadcast', read: 'get' })).toMatchObject({ 'attempt-count': 1, 'stable-count': 0, 'never-read-count': 1 });
    // The ops it shows carry set-full's names, as in Maelstrom's results (its history is renamed).
    h.invoke(1, 'read', null, 4);
    h.ok(1, 'read', [], 5);
    h.invoke(1, 'read', null, 6);
    h.ok(1, 'read', [4], 7);
    const [worst] = checkSetFull(h.ops, { add: 'broadcast', read: 'read' })['worst-stale'];
    expect(worst).toMatchObject({ element: 4, 'stable-latency': 3, known: { f: 'add', type: 'ok', index: 1 }, 'last-absent': { f: 'read', index: 4 } });
    expect(h.ops[1].f).toBe('broadcast');
  });

  it('skips nemesis ops', () => {
    const h = historyBuilder();
    h.info('nemesis', 'start-partition', 'majority', 0);
    h.invoke(0, 'add', 1, 1);
    h.ok(0, 'add', 1, 2);
    h.info('nemesis', 'stop-partition', null, 3);
    h.invoke(1, 'read', null, 4);
    h.ok(1, 'read', [1], 5);
    expect(checkSetFull(h.ops)['stable-count']).toBe(1);
  });

  it('judges thousands of reads over thousands of elements', () => {
    const ops: Op[] = [];
    const push = (op: Omit<Op, 'index'>) => ops.push({ index: ops.length, ...op });
    const added: number[] = [];
    let t = 0;
    for (let i = 0; i < 5000; i++) {
      push({ time: (t += 1000), type: 'invoke', process: 0, f: 'add', value: i });
      push({ time: (t += 1000), type: 'ok', process: 0, f: 'add', value: i });
      added.push(i);
      push({ time: (t += 1000), type: 'invoke', process: 1, f: 'read', value: null });
      // The newest element is missing from each read, so every element is stale by a hair.
      push({ time: (t += 1000), type: 'ok', process: 1, f: 'read', value: added.slice(0, -1) });
    }
    // One more read, 5 ms later, still misses the newest element: that one is stale by 5 ms.
    push({ time: (t += ns(5)), type: 'invoke', process: 1, f: 'read', value: null });
    push({ time: (t += 1000), type: 'ok', process: 1, f: 'read', value: added.slice(0, -1) });
    push({ time: (t += 1000), type: 'invoke', process: 1, f: 'read', value: null });
    push({ time: (t += 1000), type: 'ok', process: 1, f: 'read', value: added.slice() });
    const r = checkSetFull(ops);
    expect(r['stable-count']).toBe(5000);
    expect(r['stale-count']).toBe(1);
    expect(r['worst-stale'][0]).toMatchObject({ element: 4999, 'stable-latency': 5 });
  });

  it('handles 100k elements with large reads', () => {
    const ops: Op[] = [];
    const push = (op: Omit<Op, 'index'>) => ops.push({ index: ops.length, ...op });
    const all = Array.from({ length: 100_000 }, (_, i) => i);
    for (const e of all) {
      push({ time: e, type: 'invoke', process: 0, f: 'add', value: e });
      push({ time: e, type: 'ok', process: 0, f: 'add', value: e });
    }
    for (let k = 0; k < 20; k++) {
      push({ time: 1e9 + k, type: 'invoke', process: 1, f: 'read', value: null });
      push({ time: 1e9 + k, type: 'ok', process: 1, f: 'read', value: k === 19 ? all : all.filter((e) => e % 1000 !== 0) });
    }
    const r = checkSetFull(ops);
    expect(r['stable-count']).toBe(100_000);
    expect(r['stale-count']).toBe(100);
  });
});

/** set-full written out the slow, obvious way, to check the fast one against. */
function referenceSetFull(history: readonly Op[]) {
  type S = { known?: Op; present?: Op; absent?: Op };
  const states = new Map<unknown, S>();
  const invocations = new Map<number, Op>();
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') invocations.set(op.process, op);
    if (op.f === 'add' && op.type === 'invoke') states.set(op.value, {});
    if (op.f === 'add' && op.type === 'ok') {
      const s = states.get(op.value);
      if (s && !s.known) s.known = op;
    }
    if (op.f === 'read' && op.type === 'ok') {
      const inv = invocations.get(op.process as number) as Op;
      for (const [e, s] of states) {
        if ((op.value as unknown[]).includes(e)) {
          s.known ??= op;
          if (!s.present || s.present.index < inv.index) s.present = inv;
        } else if (!s.absent || s.absent.index < inv.index) s.absent = inv;
      }
    }
  }
  const out = { stable: [] as unknown[], lost: [] as unknown[], never: [] as unknown[], latencies: [] as number[] };
  for (const [e, s] of [...states].sort((a, b) => (a[0] as number) - (b[0] as number))) {
    const p = s.present?.index ?? -1;
    const a = s.absent?.index ?? -1;
    if (s.present && a < p) {
      out.stable.push(e);
      const t = s.absent ? s.absent.time + 1 : 0;
      out.latencies.push(Math.floor(Math.max(0, t - (s.known as Op).time) / 1e6));
    } else if (s.known && s.absent && p < a && s.known.index < a) out.lost.push(e);
    else out.never.push(e);
  }
  return out;
}

describe('set-full against a reference', () => {
  it('agrees on random concurrent histories', () => {
    fc.assert(
      fc.property(setHistorySteps, (steps) => {
        const ops = setHistory(steps);
        const r = checkSetFull(ops);
        const ref = referenceSetFull(ops);
        expect(r.lost).toEqual(ref.lost);
        expect(r['never-read']).toEqual(ref.never);
        expect(r['stable-count']).toBe(ref.stable.length);
        expect(r['stable-latencies']?.['1']).toBe(ref.latencies.length ? Math.max(...ref.latencies) : undefined);
      }),
      { numRuns: 300 },
    );
  });
});
