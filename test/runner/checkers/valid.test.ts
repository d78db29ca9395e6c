import { describe, expect, it } from 'vitest';
import { mergeValid } from '../../../src/runner/checkers/valid.js';

describe('mergeValid', () => {
  it('is true for nothing', () => {
    expect(mergeValid([])).toBe(true);
  });
  it('lets unknown beat true and false beat both, in any order', () => {
    expect(mergeValid([true, 'unknown', true])).toBe('unknown');
    expect(mergeValid([true, false, 'unknown'])).toBe(false);
    expect(mergeValid(['unknown', false])).toBe(false);
    expect(mergeValid([false, 'unknown'])).toBe(false);
    expect(mergeValid([true, true])).toBe(true);
  });
  it('refuses values that are not verdicts', () => {
    expect(() => mergeValid([true, 'maybe'])).toThrow(/not a known valid/);
    expect(() => mergeValid([undefined])).toThrow();
  });
});
