import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../../src/runner/checkers/linearizability/index.js';
import type { Operation } from '../../../../src/runner/checkers/linearizability/operations.js';
import { lastWords, twins } from '../../../../src/runner/checkers/linearizability/search.js';
import type { Op } from '../../../../src/runner/records/history.js';

/** Operations with given [invoke, complete] positions (complete undefined: indefinite). */
function operations(spans: readonly (readonly [number, number | undefined, unknown?])[]): Operation[] {
  return spans.map(([call, ret, value], id) => {
    const invoke: Op = { index: call, time: call, type: 'invoke', process: id, f: 'write', value: value ?? id };
    const complete: Op | undefined = ret === undefined ? undefined : { ...invoke, index: ret, time: ret, type: 'ok' };
    return { id, process: id, f: 'write', value: value ?? id, outcome: ret === undefined ? 'unknown' : 'ok', invoke, complete };
  });
}

describe('search internals', () => {
  it("each definite op's window ends at the word of the last definite op invoked before it completed", () => {
    const span = fc.tuple(fc.nat(400), fc.nat(60), fc.boolean());
    fc.assert(
      fc.property(fc.uniqueArray(span, { minLength: 1, maxLength: 150, selector: ([call]) => call }), (raw) => {
        // Distinct positions: invocations at 2·call, completions at odd positions after them.
        const ops = operations(raw.map(([call, length, definite]) => [2 * call, definite ? 2 * call + 2 * length + 1 : undefined] as const));
        const definite = ops.filter((o) => o.outcome === 'ok').sort((a, b) => a.invoke.index - b.invoke.index);
        const words = lastWords(ops, definite.length);
        definite.forEach((o, d) => {
          const invokedBefore = definite.filter((p) => p.invoke.index < o.complete!.index).length;
          expect(words[d]).toBe((invokedBefore - 1) >> 5);
        });
      }),
      { numRuns: 200, seed: 40 },
    );
  });

  it('pairs each indefinite op with the previous indefinite op of the same f and value', () => {
    const ops = operations([
      [0, undefined, 1],
      [1, 5, 1],
      [2, undefined, 2],
      [3, undefined, 1],
      [4, undefined, 2],
    ]);
    expect(Array.from(twins(ops))).toEqual([-1, -1, -1, 0, 2]);
  });

  it('places both of two timed-out writes of one value when the reads need both', () => {
    // write 1 twice (info), then reads 1, 2, 1 around a definite write of 2: linearizable only
    // as A=1, read 1, write 2, read 2, B=1, read 1.
    const h: Op[] = [];
    const add = (type: Op['type'], process: number, f: string, value: unknown): void =>
      void h.push({ index: h.length, time: h.length, type, process, f, value });
    add('invoke', 0, 'write', [0, 1]);
    add('invoke', 1, 'write', [0, 1]);
    add('info', 0, 'write', [0, 1]);
    add('info', 1, 'write', [0, 1]);
    add('invoke', 2, 'read', [0, null]);
    add('ok', 2, 'read', [0, 1]);
    add('invoke', 2, 'write', [0, 2]);
    add('ok', 2, 'write', [0, 2]);
    add('invoke', 2, 'read', [0, null]);
    add('ok', 2, 'read', [0, 2]);
    add('invoke', 2, 'read', [0, null]);
    add('ok', 2, 'read', [0, 1]);
    expect(checkLinearizability(h)['valid?']).toBe(true);
    // A third read of 2 after it: no write of 2 is left to place.
    add('invoke', 2, 'read', [0, null]);
    add('ok', 2, 'read', [0, 2]);
    expect(checkLinearizability(h)['valid?']).toBe(false);
  });
});
