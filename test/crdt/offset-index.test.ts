// The offset logs' index: entries are served only once vouched for, only as the next link of
// their key's chain (no holes, whatever order the writers' records arrive in), sparse offsets
// follow their prev links, a copy of a served entry changes nothing, committed offsets keep
// their maximum, and the records a peer may send are checked.
import { describe, expect, test } from 'vitest';
import { OffsetIndex, recordProblem, type LogRecord } from '../../src/crdt/offset-index.js';

const e = (key: string, offset: number, prev: number, msg: unknown): LogRecord => ['e', key, offset, prev, msg];

describe('offset index', () => {
  test('entries are served once their writer vouches for them, in offset order from any start', () => {
    const index = new OffsetIndex();
    index.add(1, e('a', 0, -1, 'x'));
    index.add(1, e('a', 1, 0, 'y'));
    index.add(1, e('b', 0, -1, 'z'));
    expect(index.poll('a', 0, 10)).toEqual([]);
    expect(index.highest('a')).toBe(1);
    index.add(1, ['v', 2]);
    expect(index.poll('a', 0, 10)).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
    expect(index.poll('a', 1, 10)).toEqual([[1, 'y']]);
    expect(index.poll('a', 5, 10)).toEqual([]);
    expect(index.poll('a', 0, 1)).toEqual([[0, 'x']]);
    expect(index.poll('b', 0, 10)).toEqual([]);
    index.add(1, ['v', 3]);
    expect(index.poll('b', 0, 10)).toEqual([[0, 'z']]);
    expect(index.unvouched()).toEqual([]);
  });

  test('a vouched entry whose prev is not served waits: no offset is served past a hole', () => {
    const index = new OffsetIndex();
    // Writer 2 (a later incarnation) continues the chain of writer 1, whose records come later.
    index.add(2, e('a', 7, 3, 'late'));
    index.add(2, ['v', 1]);
    expect(index.poll('a', 0, 10)).toEqual([]);
    index.add(1, e('a', 0, -1, 'p'));
    index.add(1, e('a', 3, 0, 'q'));
    index.add(1, ['v', 1]);
    expect(index.poll('a', 0, 10)).toEqual([[0, 'p']]);
    index.add(1, ['v', 2]);
    expect(index.poll('a', 0, 10)).toEqual([
      [0, 'p'],
      [3, 'q'],
      [7, 'late'],
    ]);
    expect(index.end('a')).toBe(7);
    expect(index.served('a')).toBe(3);
  });

  test('an entry never vouched for is never served; the chain takes the vouched rival at the same prev', () => {
    const index = new OffsetIndex();
    index.add(1, e('a', 0, -1, 'kept'));
    index.add(1, ['v', 1]);
    index.add(1, e('a', 1, 0, 'junk')); // reached this replica, never its writer's disk
    index.add(2, e('a', 1, 0, 'real'));
    index.add(2, ['v', 1]);
    expect(index.poll('a', 0, 10)).toEqual([
      [0, 'kept'],
      [1, 'real'],
    ]);
    expect(index.unvouched()).toEqual([{ key: 'a', offset: 1, prev: 0, msg: 'junk', writer: 1 }]);
  });

  test("a copy of a served entry (a successor re-vouching its predecessor's entries) changes nothing", () => {
    const index = new OffsetIndex();
    index.add(1, e('a', 0, -1, 'x'));
    index.add(1, ['v', 1]);
    index.add(2, e('a', 0, -1, 'x'));
    index.add(2, e('a', 1, 0, 'y'));
    index.add(2, ['v', 2]);
    expect(index.poll('a', 0, 10)).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
  });

  test('committed offsets keep their maximum; incarnations their largest number', () => {
    const index = new OffsetIndex();
    expect(index.committed('a')).toBeUndefined();
    index.add(1, ['k', 'a', 5]);
    index.add(2, ['k', 'a', 3]);
    expect(index.committed('a')).toBe(5);
    expect(index.incarnation()).toBe(0);
    index.add(1, ['i', 1]);
    index.add(2, ['i', 4]);
    expect(index.incarnation()).toBe(4);
    expect(index.incarnationOf(1)).toBe(1);
    expect(index.incarnationOf(3)).toBe(0);
  });

  test('a long run of entries and vouches serves exactly what was vouched', () => {
    const index = new OffsetIndex();
    for (let o = 0; o < 5000; o++) {
      index.add(1, e('a', o, o - 1, o));
      if (o % 3 === 2) index.add(1, ['v', o - 1]);
    }
    // The last vouch (at offset 4997) covers the first 4996 entries.
    expect(index.served('a')).toBe(4996);
    expect(index.unvouched().map((x) => x.offset)).toEqual([4996, 4997, 4998, 4999]);
  });
});

describe('log records from peers', () => {
  const noProblem = () => undefined;
  test('the shapes this store writes pass; anything else is named', () => {
    for (const ok of [e('a', 0, -1, null), e('a', 9, 4, { x: [1] }), ['v', 0], ['k', 'a', 3], ['i', 2]]) expect(recordProblem(ok, noProblem)).toBeUndefined();
    expect(recordProblem(e('a', 3, 3, 1), noProblem)).toMatch(/prev < offset/);
    expect(recordProblem(e('a', -1, -2, 1), noProblem)).toMatch(/entry/);
    expect(recordProblem(['e', 1, 0, -1, 1], noProblem)).toMatch(/entry/);
    expect(recordProblem(['e', 'a', 0, -1], noProblem)).toMatch(/entry/);
    expect(recordProblem(['v', 1.5], noProblem)).toMatch(/bad count/);
    expect(recordProblem(['k', 'a', -1], noProblem)).toMatch(/committed/);
    expect(recordProblem(['x'], noProblem)).toMatch(/unknown kind/);
    expect(recordProblem({ e: 1 }, noProblem)).toMatch(/not a log record|something other/);
    expect(recordProblem(e('a', 0, -1, 'big'), () => 'is too big')).toBe('holds a message that is too big');
  });
});
