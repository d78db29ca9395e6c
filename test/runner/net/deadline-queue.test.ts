import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapPop, heapPush, type Keyed } from '../../../src/runner/net/deadline-queue.js';

describe('heap', () => {
  it('pops in (time, seq) order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (times) => {
        const heap: Keyed[] = [];
        for (const [seq, time] of times.entries()) heapPush(heap, { time, seq });
        const popped: Keyed[] = [];
        for (let entry = heapPop(heap); entry; entry = heapPop(heap)) popped.push(entry);
        const expected = times.map((time, seq) => ({ time, seq })).sort((a, b) => a.time - b.time || a.seq - b.seq);
        expect(popped).toEqual(expected);
      }),
    );
  });
});
