import { describe, expect, it } from 'vitest';
import { quantiles } from '../../../src/runner/checkers/quantiles.js';

describe('quantiles', () => {
  it('is undefined for no values, so callers omit the key', () => {
    expect(quantiles([])).toBeUndefined();
  });

  it('takes v[min(m-1, floor(m*q))] over ascending values', () => {
    // m = 10: 0.5 -> index 5 (not the 4.5 a median would interpolate), 0.95 -> 9, 1 -> 9.
    expect(quantiles([9, 3, 7, 1, 5, 0, 8, 2, 6, 4])).toEqual({ '0': 0, '0.5': 5, '0.95': 9, '0.99': 9, '1': 9 });
  });

  it('separates 0.95 from 0.99 from 1 with enough values', () => {
    const values = Array.from({ length: 200 }, (_, i) => 199 - i);
    expect(quantiles(values)).toEqual({ '0': 0, '0.5': 100, '0.95': 190, '0.99': 198, '1': 199 });
  });

  it('sorts numerically, not as strings', () => {
    expect(quantiles([10, 9, 100])).toEqual({ '0': 9, '0.5': 10, '0.95': 100, '0.99': 100, '1': 100 });
  });

  it('gives the single value everywhere for one value', () => {
    expect(quantiles([42])).toEqual({ '0': 42, '0.5': 42, '0.95': 42, '0.99': 42, '1': 42 });
  });

  it('uses the even-count upper middle for 0.5', () => {
    expect(quantiles([1, 2])?.['0.5']).toBe(2);
    expect(quantiles([1, 2, 3])?.['0.5']).toBe(2);
  });
});
