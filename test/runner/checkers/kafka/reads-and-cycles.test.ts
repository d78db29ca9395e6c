import { describe, expect, it } from 'vitest';
import { checkKafka } from '../../../../src/runner/checkers/kafka/index.js';
import { judged, kafkaBuilder } from './kafka-builder.js';

describe('kafka checker: what polls reveal about sends', () => {
  it('reports an ok poll of a failed send as G1a', () => {
    const b = kafkaBuilder();
    const failed = b.send(0, 'x', 'a', null, 'fail');
    const reader = b.poll(1, { x: [[0, 'a']] });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['bad-error-types']).toEqual(['G1a']);
    expect(r.G1a).toEqual({ count: 1, errs: [{ key: 'x', value: 'a', writer: failed, reader }] });
  });

  it('does not report a poll of an indeterminate send', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', null, 'info');
    b.poll(1, { x: [[0, 'a']] });
    const r = judged(b.ops);
    expect(r['valid?']).toBe(true);
    expect(r['info-txn-causes']).toEqual(['net-timeout']);
  });

  it('reports an op that polls its own send as precommitted-read, and not one polling another', () => {
    const own = kafkaBuilder();
    const op = own.txn(
      0,
      [['send', 'x', 'a'], ['poll']],
      [
        ['send', 'x', [0, 'a']],
        ['poll', { x: [[0, 'a']] }],
      ],
    );
    const r = judged(own.ops);
    expect(r['valid?']).toBe(false);
    expect(r['precommitted-read']).toEqual({ count: 1, errs: [{ op, key: 'x', value: 'a' }] });

    const other = kafkaBuilder();
    other.send(1, 'x', 'a', 0);
    other.txn(
      0,
      [['send', 'x', 'b'], ['poll']],
      [
        ['send', 'x', [1, 'b']],
        ['poll', { x: [[0, 'a']] }],
      ],
    );
    expect(judged(other.ops)['precommitted-read']).toBeUndefined();
  });

  it('answers unknown when a poll returns a message nobody sent', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 1, 0);
    b.poll(1, {
      x: [
        [0, 1],
        [1, 99],
      ],
    });
    const r = checkKafka(b.ops);
    expect(r).toEqual({ 'valid?': 'unknown', error: 'throw+: {:type :no-writer-of-value, :key "x", :value 99}' });
  });

  it('answers unknown, naming the op, for a value that is not kafka-shaped', () => {
    const b = kafkaBuilder();
    b.invoke(0, 'poll', [['poll']]);
    b.complete('ok', 0, 'poll', [['poll', { x: [[0]] }]]);
    const r = checkKafka(b.ops);
    expect(r['valid?']).toBe('unknown');
    expect((r as { error: string }).error).toMatch(/^op 1 \(ok poll\): poll key x holds \[0\]/);
  });
});

describe('kafka checker: cycles', () => {
  /** p0 polls x and sees `a`; p1 sends `a`, invoked `before` or after the poll completes. */
  function futureRead(sendFirst: boolean) {
    const b = kafkaBuilder();
    if (sendFirst) b.sendInvoke(1, 'x', 'a');
    b.invoke(0, 'poll', [['poll']]);
    const poll = b.complete('ok', 0, 'poll', b.polled({ x: [[0, 'a']] }));
    const sendInvoke = sendFirst ? undefined : b.sendInvoke(1, 'x', 'a');
    const send = b.sendOk(1, 'x', 'a', 0);
    return { ops: b.ops, poll, send, sendInvoke };
  }

  it('reports a poll of a message sent only after the poll completed as G1c-realtime', () => {
    const { ops, poll, send, sendInvoke } = futureRead(false);
    const r = judged(ops);
    expect(r['valid?']).toBe(false);
    expect(r['bad-error-types']).toEqual(['G1c-realtime']);
    expect(r['G1c-realtime']).toEqual({
      count: 1,
      errs: [
        {
          cycle: [poll, send, poll],
          steps: [
            { type: 'realtime', "a'": poll, b: sendInvoke },
            { type: 'wr', key: 'x', value: 'a', 'a-mop-index': 0, 'b-mop-index': 0 },
          ],
          type: 'G1c-realtime',
        },
      ],
    });
  });

  it('accepts a poll of a message whose send was under way', () => {
    const r = judged(futureRead(true).ops);
    expect(r['error-types']).toEqual([]);
  });

  it('counts one cycle per strongly connected component', () => {
    const apart = kafkaBuilder();
    for (const [key, at] of [
      ['x', 0],
      ['y', 100],
    ] as const) {
      apart.at(at);
      apart.poll(0, { [key]: [[0, 'a']] });
      apart.send(1, key, 'a', 0);
    }
    expect(judged(apart.ops)['G1c-realtime']?.count).toBe(2);

    // Two polls that both complete before both sends begin: one component.
    const tangled = kafkaBuilder();
    tangled.poll(0, { x: [[0, 'a']] });
    tangled.poll(2, { y: [[0, 'b']] });
    tangled.send(3, 'y', 'b', 0);
    tangled.send(1, 'x', 'a', 0);
    const r = judged(tangled.ops);
    expect(r['G1c-realtime']?.count).toBe(1);
    expect(r['G1c-realtime']?.errs[0].steps).toHaveLength(2);
  });

  it('finds a write-read cycle between two concurrent transactions as G1c', () => {
    const b = kafkaBuilder();
    b.invoke(0, 'txn', [['send', 'x', 'a'], ['poll']]);
    b.invoke(1, 'txn', [['send', 'y', 'b'], ['poll']]);
    const t0 = b.complete('ok', 0, 'txn', [
      ['send', 'x', [0, 'a']],
      ['poll', { y: [[0, 'b']] }],
    ]);
    const t1 = b.complete('ok', 1, 'txn', [
      ['send', 'y', [0, 'b']],
      ['poll', { x: [[0, 'a']] }],
    ]);
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r.G1c?.count).toBe(1);
    const cycle = r.G1c!.errs[0];
    expect(cycle.type).toBe('G1c');
    expect(cycle.steps.map((s) => s.type)).toEqual(['wr', 'wr']);
    expect(new Set(cycle.cycle)).toEqual(new Set([t0, t1]));
  });

  it('reports a history where no send or poll relates to another as an empty transaction graph', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', null, 'fail');
    b.assign(1, ['x']);
    const r = judged(b.ops);
    expect(r['valid?']).toBe(false);
    expect(r['empty-transaction-graph']).toEqual({ count: 1, errs: true });

    const related = kafkaBuilder();
    related.send(0, 'x', 'a', null, 'fail');
    related.poll(1, {});
    related.poll(1, {});
    expect(judged(related.ops)['valid?']).toBe(true);
  });
});

describe('kafka checker: realtime lag', () => {
  it('measures how long a poll ran behind the first known next offset', () => {
    const b = kafkaBuilder();
    b.at(9);
    b.send(0, 'x', 'a', 0); // offset 0 known at 11 ms
    b.assign(1, ['x']);
    b.at(19);
    b.poll(1, { x: [] }); // invoked at 20 ms: 9 ms behind
    b.at(49);
    b.poll(1, { x: [] }); // invoked at 50 ms, still at offset -1: the worst
    b.poll(1, { x: [[0, 'a']] });
    const r = judged(b.ops);
    expect(r['worst-realtime-lag']).toEqual({ time: 0.05, lag: 0.039, process: 1, key: 'x' });
  });

  it('is zero at time zero without polls', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', 0);
    b.send(0, 'x', 'b', 1);
    expect(judged(b.ops)['worst-realtime-lag']).toEqual({ time: 0, lag: 0 });
  });
});
