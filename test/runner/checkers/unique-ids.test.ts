// Jepsen's unique-ids checker: duplicates counted and listed (the 48 most frequent, sorted by id),
// ids compared with Clojure's equality and ordered with its compare, incomparable ids refused.
import { describe, expect, test } from 'vitest';
import { clojureCompare, IncomparableValues } from '../../../src/runner/checkers/clojure-compare.js';
import { checkUniqueIds } from '../../../src/runner/checkers/unique-ids.js';
import { JsonFloat } from '../../../src/runner/base/exact-json.js';
import { historyBuilder } from './history-builder.js';

/** A history of `generate` ops: each id acknowledged on its own process, in order. */
function generated(ids: unknown[], extra: (h: ReturnType<typeof historyBuilder>) => void = () => {}) {
  const h = historyBuilder();
  ids.forEach((id, k) => {
    h.invoke(k, 'generate', null, k);
    h.ok(k, 'generate', id, k + 0.5);
  });
  extra(h);
  return h.ops;
}

describe('unique-ids checker', () => {
  test('distinct ids are valid, with counts and range', () => {
    const result = checkUniqueIds(generated(['n1-0', 'n2-0', 'n1-1']));
    expect(result).toEqual({
      'valid?': true,
      'attempted-count': 3,
      'acknowledged-count': 3,
      'duplicated-count': 0,
      duplicated: [],
      range: ['n1-0', 'n2-0'],
    });
  });

  test('a repeated id is invalid: counted once per distinct id, with how often it came back', () => {
    const result = checkUniqueIds(generated([1, 2, 1, 3, 2, 1]));
    expect(result['valid?']).toBe(false);
    expect(result['duplicated-count']).toBe(2);
    expect(result.duplicated).toEqual([
      [1, 3],
      [2, 2],
    ]);
    expect(result.range).toEqual([1, 3]);
  });

  test('fails and timeouts count as attempts only, never against validity', () => {
    const ops = generated([7], (h) => {
      h.invoke(1, 'generate', null, 5);
      h.info(1, 'generate', null, 6, { error: 'net-timeout' });
      h.invoke(2, 'generate', null, 5);
      h.fail(2, 'generate', null, 6, { error: ['temporarily-unavailable', null] });
      h.info('nemesis', 'start-partition', 'majority', 5);
    });
    const result = checkUniqueIds(ops);
    expect(result).toMatchObject({ 'valid?': true, 'attempted-count': 3, 'acknowledged-count': 1, range: [7, 7] });
  });

  test('1 and 1.0 are different ids (Clojure equality), and nothing acknowledged has no range', () => {
    expect(checkUniqueIds(generated([1, new JsonFloat(1, '1.0')]))['valid?']).toBe(true);
    expect(checkUniqueIds(generated([]))).toMatchObject({ 'valid?': true, range: null, 'attempted-count': 0 });
  });

  test('arrays compare by length then element (the Flake demo ids)', () => {
    const result = checkUniqueIds(
      generated([
        [5, 0, 'n1'],
        [4, 9, 'n2'],
        [5, 0, 'n0'],
        [1, 2],
      ]),
    );
    expect(result.range).toEqual([
      [1, 2],
      [5, 0, 'n1'],
    ]);
  });

  test('keeps the 48 most frequent duplicates, sorted by id', () => {
    const ids: number[] = [];
    for (let id = 0; id < 60; id++) for (let k = 0; k < (id < 12 ? 2 : 3); k++) ids.push(id);
    const result = checkUniqueIds(generated(ids));
    expect(result['duplicated-count']).toBe(60);
    expect(result.duplicated).toHaveLength(48);
    // The 48 ids seen three times are 12…59; the twelve seen twice are left out.
    expect(result.duplicated[0]).toEqual([12, 3]);
    expect(result.duplicated.map(([id]) => id)).toEqual(Array.from({ length: 48 }, (_, k) => k + 12));
  });

  test('ids Clojure cannot compare make the checker throw (the analysis reports unknown)', () => {
    expect(() => checkUniqueIds(generated([1, 'a']))).toThrow(IncomparableValues);
    expect(() => checkUniqueIds(generated([{ a: 1 }, { a: 2 }]))).toThrow(/JSON object/);
    // One object alone is never compared, as in Jepsen.
    expect(checkUniqueIds(generated([{ a: 1 }]))['valid?']).toBe(true);
  });
});

describe("Clojure's compare", () => {
  test('orders numbers across kinds, strings by code unit, nil first, booleans among themselves', () => {
    expect(clojureCompare(1, new JsonFloat(1, '1.0'))).toBe(0);
    expect(clojureCompare(2n ** 60n, 3)).toBe(1);
    expect(clojureCompare('B', 'a')).toBe(-1);
    expect(clojureCompare(null, 'a')).toBe(-1);
    expect(clojureCompare(true, false)).toBe(1);
    expect(() => clojureCompare(true, 1)).toThrow(IncomparableValues);
    expect(() => clojureCompare([1], 1)).toThrow(IncomparableValues);
  });
});
