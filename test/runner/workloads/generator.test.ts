// Jepsen's generator combinators as the runner has them: a stream takes the first free thread,
// reserve splits threads by absolute number, process-limit retires a generator past its
// processes, any takes the first generator with an op, staggered keeps a schedule of its own.
import { describe, expect, test } from 'vitest';
import { createRandom } from '../../../src/runner/base/random.js';
import { any, fromStream, processLimit, reserve, staggered, type GeneratorContext, type ThreadView } from '../../../src/runner/workloads/generator.js';

const threads = (n: number, process = (t: number) => t): ThreadView[] =>
  Array.from({ length: n }, (_, t) => ({ thread: t, process: process(t), node: `n${t % 2}` }));
const ctx = (time: number, all: ThreadView[], free = all): GeneratorContext => ({ time, threads: all, free });
const ops = (name: string) => fromStream(() => name);

describe('generator combinators', () => {
  test('a stream hands its op to the first free thread, and is pending with none free', () => {
    const all = threads(3);
    expect(ops('a').next(ctx(0, all, [all[2], all[0]]))).toEqual({ op: 'a', thread: 2 });
    expect(ops('a').next(ctx(0, all, []))).toBe('pending');
  });

  test('reserve: threads below the count run the reserved generator, the others the rest', () => {
    const gen = reserve(2, ops('read'), ops('write'), createRandom(1));
    const all = threads(4);
    const seen = new Map<number, Set<string>>();
    for (let k = 0; k < 200; k++) {
      const free = [all[k % 4], all[(k + 1) % 4]];
      const next = gen.next(ctx(k, all, free));
      if (typeof next === 'string') throw new Error(next);
      seen.set(next.thread, (seen.get(next.thread) ?? new Set()).add(next.op));
    }
    expect(seen.get(0)).toEqual(new Set(['read']));
    expect(seen.get(1)).toEqual(new Set(['read']));
    expect(seen.get(2)).toEqual(new Set(['write']));
    expect(seen.get(3)).toEqual(new Set(['write']));
  });

  test('process-limit: exhausted once the threads have shown more processes than the limit', () => {
    const gen = processLimit(3, ops('x'));
    expect(gen.next(ctx(0, threads(2)))).not.toBe('exhausted'); // processes 0, 1
    expect(
      gen.next(
        ctx(
          1,
          threads(2, (t) => t + 2),
        ),
      ),
    ).toBe('exhausted'); // 0, 1, 2, 3
    const roomy = processLimit(3, ops('x'));
    expect(roomy.next(ctx(0, threads(2)))).not.toBe('exhausted');
    expect(
      roomy.next(
        ctx(
          1,
          threads(2, (t) => (t === 0 ? 2 : 1)),
        ),
      ),
    ).not.toBe('exhausted'); // 0, 1, 2
  });

  test('any takes the first generator with an op; staggered waits for its own schedule', () => {
    const all = threads(2);
    const random = createRandom(7);
    const gen = any(
      staggered(1000, () => 'crash', random),
      ops('poll'),
    );
    const emitted: [number, string][] = [];
    for (let t = 0; t < 20_000; t += 10) {
      const next = gen.next(ctx(t, all));
      if (typeof next === 'string') throw new Error(next);
      if (next.op === 'crash') emitted.push([t, next.op]);
    }
    // The first at once, then gaps uniform in [0, 2 s): about 20 in 20 s.
    expect(emitted[0][0]).toBe(0);
    expect(emitted.length).toBeGreaterThan(10);
    expect(emitted.length).toBeLessThan(35);
    expect(staggered(1000, () => 'c', random).next(ctx(0, all, []))).toBe('pending');
  });
});
