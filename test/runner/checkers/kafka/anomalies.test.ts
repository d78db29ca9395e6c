import { describe, expect, it } from 'vitest';
import { judged, kafkaBuilder } from './kafka-builder.js';

describe('kafka checker: a clean history', () => {
  it('is valid with no error types', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 1, 0);
    b.send(0, 'x', 2, 1);
    b.send(0, 'x', 3, 2);
    b.assign(1, ['x']);
    b.poll(1, {
      x: [
        [0, 1],
        [1, 2],
      ],
    });
    b.poll(1, { x: [[2, 3]] });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(true);
    expect(r['error-types']).toEqual([]);
    expect(r['bad-error-types']).toEqual([]);
    expect(r['info-txn-causes']).toEqual([]);
  });

  it('meets integer keys in sends and string keys in polls as one key', () => {
    const b = kafkaBuilder();
    b.invoke(0, 'send', [['send', 7, 1]]);
    b.complete('ok', 0, 'send', [['send', 7, [0, 1]]]);
    b.poll(1, { '7': [[0, 1]] });
    expect(judged(b.ops)['valid?']).toBe(true);
  });
});

describe('kafka checker: offsets', () => {
  it('reports a value at two offsets as a duplicate', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 1, 0);
    b.send(0, 'x', 2, 1);
    b.poll(1, {
      x: [
        [0, 1],
        [1, 2],
        [2, 1],
      ],
    });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['bad-error-types']).toContain('duplicate');
    expect(r.duplicate).toEqual({ count: 1, errs: [{ key: 'x', value: 1, count: 2, offsets: [0, 2] }] });
  });

  it('reports two values at one offset as inconsistent', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 2, 0);
    b.send(1, 'x', 1, 0);
    b.poll(2, { x: [[0, 2]] });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['inconsistent-offsets']).toEqual({ count: 1, errs: [{ key: 'x', offset: 0, index: 0, values: [1, 2] }] });
    expect(r.duplicate).toBeUndefined();
  });
});

describe('kafka checker: lost writes and unseen messages', () => {
  it('loses acknowledged messages below the highest one polled (Jepsen lost-write-test, consistent)', () => {
    const b = kafkaBuilder();
    const sendA = b.send(0, 'x', 'a', 0);
    const sendB = b.send(0, 'x', 'b', 1);
    b.send(1, 'x', 'c', null, 'info');
    const poll = b.poll(2, { x: [[2, 'c']] });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['lost-write']).toEqual({
      count: 2,
      errs: [
        { key: 'x', value: 'a', index: 0, 'max-read-index': 2, writer: sendA, 'max-read': poll },
        { key: 'x', value: 'b', index: 1, 'max-read-index': 2, writer: sendB, 'max-read': poll },
      ],
    });
  });

  it('owes nothing when every message up to the highest polled one was polled', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', 0);
    b.send(0, 'x', 'b', 1);
    b.send(1, 'x', 'c', null, 'info');
    b.poll(2, {
      x: [
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
      ],
    });
    const r = judged(b.ops);
    expect(r['lost-write']).toBeUndefined();
    expect(r['valid?']).toBe(true);
  });

  it('counts an indeterminate send as happened once an ok poll returned one of its messages (Jepsen, atomic)', () => {
    const build = (withPollOfA: boolean) => {
      const b = kafkaBuilder();
      b.invoke(0, 'send', [
        ['send', 'x', 'a'],
        ['send', 'y', 'b'],
      ]);
      const sendAB = b.complete('info', 0, 'send', [
        ['send', 'x', 'a'],
        ['send', 'y', [0, 'b']],
      ]);
      b.send(1, 'y', 'c', null, 'info');
      if (withPollOfA) b.poll(2, { x: [[0, 'a']] });
      const pollC = b.poll(3, { y: [[1, 'c']] });
      return { ops: b.ops, sendAB, pollC };
    };
    expect(judged(build(false).ops)['lost-write']).toBeUndefined();
    const { ops, sendAB, pollC } = build(true);
    expect(judged(ops)['lost-write']?.errs).toEqual([{ key: 'y', value: 'b', index: 0, 'max-read-index': 1, writer: sendAB, 'max-read': pollC }]);
  });

  it('reports acknowledged messages no ok poll returned as unseen', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 1, 0);
    b.send(0, 'x', 2, 1);
    const last = b.poll(1, { x: [[0, 1]] });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['bad-error-types']).toEqual(['unseen']);
    expect(r.unseen).toEqual({ time: last.time, unseen: { x: 1 }, messages: { x: [2] } });
  });

  it('does not count unacknowledged messages as unseen', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 1, 0);
    b.send(0, 'x', 2, null, 'info');
    b.send(0, 'x', 3, null, 'fail');
    b.poll(1, { x: [[0, 1]] });
    const r = judged(b.ops);
    expect(r.unseen).toBeUndefined();
    expect(r['valid?']).toBe(true);
  });
});

describe('kafka checker: polls move one message at a time', () => {
  // Jepsen's poll-skip-test: process 0 reads offsets 1, 2, then 4, then 7; 3 and 6 existed.
  // (Jepsen sends the polled messages last; here first, so no poll reads from the future.)
  function pollSkipHistory(skipping: boolean) {
    const b = kafkaBuilder();
    const values = ['a', 'b', 'c', 'd', 'g'];
    b.invoke(
      3,
      'send',
      values.map((v) => ['send', 'x', v]),
    );
    b.complete(
      'info',
      3,
      'send',
      values.map((v) => ['send', 'x', v]),
    );
    const p12 = b.poll(0, {
      x: [
        [1, 'a'],
        [2, 'b'],
      ],
    });
    b.poll(1, { x: [[3, 'c']] });
    const p4 = b.poll(0, {
      x: skipping
        ? [[4, 'd']]
        : [
            [3, 'c'],
            [4, 'd'],
          ],
    });
    b.send(2, 'x', 'f', 6);
    const p7 = b.poll(0, {
      x: skipping
        ? [[7, 'g']]
        : [
            [6, 'f'],
            [7, 'g'],
          ],
    });
    return { ops: b.ops, p12, p4, p7 };
  }

  it('reports a process jumping over messages between polls as poll-skip', () => {
    const { ops, p12, p4, p7 } = pollSkipHistory(true);
    const r = judged(ops);
    expect(r['valid?']).toBe(false);
    expect(r['poll-skip']).toEqual({
      count: 2,
      errs: [
        { key: 'x', delta: 2, skipped: ['c'], ops: [p12, p4] },
        { key: 'x', delta: 2, skipped: ['f'], ops: [p4, p7] },
      ],
    });
  });

  it('does not report polls that continue where the last one stopped', () => {
    const r = judged(pollSkipHistory(false).ops);
    expect(r['poll-skip']).toBeUndefined();
    expect(r['bad-error-types']).toEqual([]);
  });

  function rereadHistory(between: (b: ReturnType<typeof kafkaBuilder>) => void) {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', 0);
    b.send(0, 'x', 'b', 1);
    b.assign(1, ['x']);
    const first = b.poll(1, {
      x: [
        [0, 'a'],
        [1, 'b'],
      ],
    });
    between(b);
    const again = b.poll(1, { x: [[1, 'b']] });
    return { ops: b.ops, first, again };
  }

  it('reports a process polling a message again as nonmonotonic-poll', () => {
    const { ops, first, again } = rereadHistory(() => {});
    const r = judged(ops);
    expect(r['valid?']).toBe(false);
    expect(r['nonmonotonic-poll']).toEqual({ count: 1, errs: [{ key: 'x', values: ['b', 'b'], delta: 0, ops: [first, again] }] });
  });

  it('forgets a key only when an assign drops it', () => {
    const dropped = rereadHistory((b) => {
      b.assign(1, ['y']);
      b.assign(1, ['x']);
    });
    expect(judged(dropped.ops)['nonmonotonic-poll']).toBeUndefined();
    const kept = rereadHistory((b) => b.assign(1, ['x', 'y']));
    expect(judged(kept.ops)['nonmonotonic-poll']?.count).toBe(1);
    // A failed assign changes nothing.
    const failed = rereadHistory((b) => b.assign(1, ['y'], 'fail'));
    expect(judged(failed.ops)['nonmonotonic-poll']?.count).toBe(1);
  });

  it('reports a gap inside one poll as int-poll-skip and a step back as int-nonmonotonic-poll', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', 0);
    b.send(0, 'x', 'b', 1);
    b.send(0, 'x', 'c', 2);
    const skip = b.poll(1, {
      x: [
        [0, 'a'],
        [2, 'c'],
      ],
    });
    const back = b.poll(2, {
      x: [
        [1, 'b'],
        [0, 'a'],
      ],
    });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['int-poll-skip']).toEqual({ count: 1, errs: [{ key: 'x', values: ['a', 'c'], delta: 2, skipped: ['b'], op: skip }] });
    expect(r['int-nonmonotonic-poll']).toEqual({ count: 1, errs: [{ key: 'x', values: ['b', 'a'], delta: -1, op: back }] });
  });

  it('finds nothing inside polls that read consecutive messages', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', 0);
    b.send(0, 'x', 'b', 1);
    b.send(0, 'x', 'c', 2);
    b.poll(1, {
      x: [
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
      ],
    });
    b.poll(2, {
      x: [
        [1, 'b'],
        [2, 'c'],
      ],
    });
    const r = judged(b.ops);
    expect(r['error-types']).toEqual([]);
  });

  it('keeps the 8 largest skips and the 8 smallest backward steps, as Maelstrom prints them', () => {
    const b = kafkaBuilder();
    for (let o = 0; o <= 12; o++) b.send(0, 'x', o, o);
    for (let d = 2; d <= 11; d++)
      b.poll(d, {
        x: [
          [0, 0],
          [d, d],
        ],
      });
    for (let d = 1; d <= 10; d++)
      b.poll(20 + d, {
        x: [
          [12, 12],
          [12 - d, 12 - d],
        ],
      });
    b.poll(40, { x: Array.from({ length: 13 }, (_, o): [number, number] => [o, o]) });
    const r = judged(b.ops);
    expect(r['int-poll-skip']?.count).toBe(10);
    expect(r['int-poll-skip']?.errs.map((c) => c.delta)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r['int-poll-skip']?.errs[0].skipped).toEqual([1, 2, 3]);
    expect(r['int-nonmonotonic-poll']?.count).toBe(10);
    expect(r['int-nonmonotonic-poll']?.errs.map((c) => c.delta)).toEqual([-10, -9, -8, -7, -6, -5, -4, -3]);
  });
});

describe('kafka checker: sends land in order', () => {
  it('reports a process whose later send landed earlier as nonmonotonic-send', () => {
    const b = kafkaBuilder();
    const first = b.send(0, 'x', 'a', 1);
    const second = b.send(0, 'x', 'b', 0);
    b.poll(1, {
      x: [
        [0, 'b'],
        [1, 'a'],
      ],
    });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['nonmonotonic-send']).toEqual({ count: 1, errs: [{ key: 'x', values: ['a', 'b'], delta: -1, ops: [first, second] }] });
  });

  it('accepts a process whose sends land in order, and other processes interleaving', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', 0);
    b.send(1, 'x', 'b', 1);
    b.send(0, 'x', 'c', 2);
    b.poll(2, {
      x: [
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
      ],
    });
    expect(judged(b.ops)['error-types']).toEqual([]);
  });

  it('allows a gap between two sends of one op (int-send-skip) but not a step back (int-nonmonotonic-send)', () => {
    const b = kafkaBuilder();
    b.invoke(0, 'send', [
      ['send', 'x', 'a'],
      ['send', 'x', 'c'],
    ]);
    const gap = b.complete('ok', 0, 'send', [
      ['send', 'x', [0, 'a']],
      ['send', 'x', [2, 'c']],
    ]);
    b.send(1, 'x', 'b', 1);
    b.poll(2, {
      x: [
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
      ],
    });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(true);
    expect(r['error-types']).toEqual(['int-send-skip']);
    expect(r['bad-error-types']).toEqual([]);
    expect(r['int-send-skip']).toEqual({ count: 1, errs: [{ key: 'x', values: ['a', 'c'], delta: 2, skipped: ['b'], op: gap }] });

    const back = kafkaBuilder();
    back.invoke(0, 'send', [
      ['send', 'x', 'a'],
      ['send', 'x', 'b'],
    ]);
    const op = back.complete('ok', 0, 'send', [
      ['send', 'x', [1, 'a']],
      ['send', 'x', [0, 'b']],
    ]);
    back.poll(2, {
      x: [
        [0, 'b'],
        [1, 'a'],
      ],
    });
    const r2 = judged(back.ops);
    expect(r2['valid?']).toBe(false);
    expect(r2['int-nonmonotonic-send']).toEqual({ count: 1, errs: [{ key: 'x', values: ['a', 'b'], delta: -1, op }] });
  });
});
