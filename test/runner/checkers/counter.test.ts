import { describe, expect, it } from 'vitest';
import { acceptableIntervals, checkCounter } from '../../../src/runner/checkers/counter.js';
import { historyBuilder } from './history-builder.js';

/** Maelstrom's own worked example: ok add 10; info adds 5, -1, -1. */
function workedExample(finalReads: number[]) {
  const h = historyBuilder();
  h.invoke(0, 'add', 10, 0);
  h.ok(0, 'add', 10, 1);
  h.invoke(1, 'add', 5, 2);
  h.info(1, 'add', 5, 3, { error: 'net-timeout' });
  h.invoke(5, 'add', -1, 4);
  h.info(5, 'add', -1, 5);
  h.invoke(9, 'add', -1, 6);
  h.info(9, 'add', -1, 7);
  finalReads.forEach((v, i) => {
    h.invoke(20 + i, 'read', null, 100, { final: true });
    h.ok(20 + i, 'read', v, 101, { final: true });
  });
  return h;
}

describe('counter checker', () => {
  it('builds the acceptable set of the worked example', () => {
    expect(checkCounter(workedExample([]).ops).acceptable).toEqual([
      [8, 10],
      [13, 15],
    ]);
  });

  it('rejects a final read outside the acceptable set and accepts one inside', () => {
    const h = workedExample([11, 15]);
    const r = checkCounter(h.ops);
    expect(r['valid?']).toBe(false);
    expect(r['final-reads']).toEqual([11, 15]);
    expect(r.errors).toEqual([h.ops[h.ops.length - 3]]);
    expect(r.errors?.[0].value).toBe(11);
    expect(checkCounter(workedExample([15, 8, 10, 13]).ops)).toMatchObject({ 'valid?': true, errors: null });
  });

  it('is valid with no final reads, and ignores non-final reads', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 3, 0);
    h.ok(0, 'add', 3, 1);
    h.invoke(1, 'read', null, 2);
    h.ok(1, 'read', 0, 3);
    expect(checkCounter(h.ops)).toEqual({ 'valid?': true, errors: null, 'final-reads': [], acceptable: [[3, 3]] });
  });

  it('never counts failed adds, and takes the delta from the invocation if a completion lacks it', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 4, 0);
    h.fail(0, 'add', 4, 1);
    h.invoke(0, 'add', 2, 2);
    h.ok(0, 'add', null, 3);
    h.invoke(1, 'read', null, 4, { final: true });
    h.ok(1, 'read', 2, 5, { final: true });
    expect(checkCounter(h.ops)).toMatchObject({ 'valid?': true, acceptable: [[2, 2]], 'final-reads': [2] });
  });

  it('throws on a fractional final read, as Maelstrom asserts', () => {
    const h = historyBuilder();
    h.invoke(1, 'read', null, 4, { final: true });
    h.ok(1, 'read', 2.5, 5, { final: true });
    expect(() => checkCounter(h.ops)).toThrow(/not an integer/);
  });

  it('merges adjacent and overlapping integer intervals', () => {
    expect(acceptableIntervals(0, [1])).toEqual([[0, 1]]);
    expect(acceptableIntervals(0, [2])).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(acceptableIntervals(0, [2, 1])).toEqual([[0, 3]]);
    expect(acceptableIntervals(5, [0, 0])).toEqual([[5, 5]]);
    expect(acceptableIntervals(0, [-5, 4])).toEqual([
      [-5, -5],
      [-1, 0],
      [4, 4],
    ]);
  });
});
