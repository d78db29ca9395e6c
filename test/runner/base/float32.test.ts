import { describe, expect, it } from 'vitest';
import { formatDouble, formatFloat32, toFloat32 } from '../../../src/runner/base/float32.js';

describe('formatFloat32 (Java Float.toString)', () => {
  it('prints the published Maelstrom figures from their ratios', () => {
    expect(formatFloat32(450 / 55)).toBe('8.181818');
    expect(formatFloat32(320 / 55)).toBe('5.818182');
    expect(formatFloat32(9980 / 1991)).toBe('5.0125566');
    expect(formatFloat32(894469 / 11)).toBe('81315.37');
    expect(formatFloat32(2.94182)).toBe('2.94182');
    expect(formatFloat32(100 / 1013)).toBe('0.09871668');
  });

  it('keeps one fractional digit for whole numbers', () => {
    expect(formatFloat32(1)).toBe('1.0');
    expect(formatFloat32(100)).toBe('100.0');
    expect(formatFloat32(0)).toBe('0.0');
    expect(formatFloat32(-0)).toBe('-0.0');
    expect(formatFloat32(-2.5)).toBe('-2.5');
  });

  it('switches to E notation outside [1e-3, 1e7)', () => {
    expect(formatFloat32(0.001)).toBe('0.001');
    expect(formatFloat32(0.0001)).toBe('1.0E-4');
    expect(formatFloat32(1e7)).toBe('1.0E7');
    expect(formatFloat32(9999999)).toBe('9999999.0');
    expect(formatFloat32(123456789)).toBe('1.2345679E8');
    expect(formatFloat32(Math.fround(1.4e-45))).toBe('1.4E-45');
  });

  it('names the non-finite values as Java does', () => {
    expect(formatFloat32(NaN)).toBe('NaN');
    expect(formatFloat32(Infinity)).toBe('Infinity');
    expect(formatFloat32(-Infinity)).toBe('-Infinity');
  });

  it('always round-trips through Math.fround', () => {
    for (let i = 1; i < 2000; i++) {
      const x = (i * 7919) / 1013 + i / 3;
      expect(Math.fround(Number(formatFloat32(x)))).toBe(Math.fround(x));
    }
  });
});

describe('toFloat32', () => {
  it('is the number whose JSON text is the Java float text', () => {
    expect(JSON.stringify(toFloat32(450 / 55))).toBe('8.181818');
    expect(toFloat32(2 / 3)).toBe(0.6666667);
    expect(Math.fround(toFloat32(2 / 3))).toBe(Math.fround(2 / 3));
  });
});

describe('formatDouble (Java Double.toString)', () => {
  it('prints doubles with their own shortest digits, in the same two notations', () => {
    expect(formatDouble(0.1)).toBe('0.1');
    expect(formatDouble(1 / 3)).toBe('0.3333333333333333');
    expect(formatDouble(100)).toBe('100.0');
    expect(formatDouble(1e7)).toBe('1.0E7');
    expect(formatDouble(1.0e-5)).toBe('1.0E-5');
    expect(formatDouble(123456789.25)).toBe('1.2345678925E8');
    expect(formatDouble(Number.MAX_VALUE)).toBe('1.7976931348623157E308');
    expect(formatDouble(5e-324)).toBe('4.9E-324');
    expect(formatDouble(-0)).toBe('-0.0');
  });

  it('always round-trips', () => {
    for (let i = 1; i < 2000; i++) {
      const x = (i * 7919) / 1013 + i / 3;
      expect(Number(formatDouble(x))).toBe(x);
    }
  });
});
