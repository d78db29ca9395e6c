// Numbers as Maelstrom's JVM reads them: 3 and 3.0 differ, huge integers stay exact, and what is
// read is written back the same way.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatExactJson, isJsonInteger, JsonFloat, parseExactJson } from '../../../src/runner/base/exact-json.js';

describe('parseExactJson', () => {
  test('integral floats become JsonFloat, plain integers and fractions stay numbers', () => {
    const v = parseExactJson('{"a":3.0,"b":3,"c":1.5,"d":[1e2,-0.0,2E0,7],"e":"3.0"}') as Record<string, unknown>;
    expect(v.a).toBeInstanceOf(JsonFloat);
    expect((v.a as JsonFloat).text).toBe('3.0');
    expect(v.b).toBe(3);
    expect(v.c).toBe(1.5);
    const d = v.d as unknown[];
    expect(d.map((x) => (x instanceof JsonFloat ? x.text : x))).toEqual(['1e2', '-0.0', '2E0', 7]);
    expect(v.e).toBe('3.0'); // inside a string nothing changes
  });

  test('integers beyond 2^53 are exact bigints', () => {
    expect(parseExactJson('[9007199254740993, 9007199254740991]')).toEqual([9007199254740993n, 9007199254740991]);
  });

  test('strings with quotes, escapes and number-like text are read as JSON.parse reads them', () => {
    const text = '{"k\\"1.0":"a\\\\","x":[ "\\"2.0\\"" , 2.0 ],"__proto__":{"y":1.0}}';
    const v = parseExactJson(text) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['k"1.0', 'x', '__proto__']);
    expect((v.x as unknown[])[0]).toBe('"2.0"');
    expect((v.x as unknown[])[1]).toBeInstanceOf(JsonFloat);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  test('invalid JSON throws as JSON.parse does', () => {
    for (const bad of ['{', '1.', '01', '{"a":1.0,}', '[1.0] x', '']) expect(() => parseExactJson(bad)).toThrow(SyntaxError);
  });

  test('deep nesting with an ambiguous number inside does not overflow', () => {
    const depth = 100_000;
    const v = parseExactJson(`${'['.repeat(depth)}1.0${']'.repeat(depth)}`);
    let x: unknown = v;
    for (let k = 0; k < depth; k++) x = (x as unknown[])[0];
    expect(x).toBeInstanceOf(JsonFloat);
  });

  test('reads the same values as JSON.parse, numbers aside (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const exact = parseExactJson(text);
        // The same value once JsonFloats and bigints are read back as plain numbers.
        expect(plainNumbers(exact)).toEqual(JSON.parse(text));
      }),
    );
  });
});

function plainNumbers(x: unknown): unknown {
  if (x instanceof JsonFloat) return x.value;
  if (typeof x === 'bigint') return Number(x);
  if (Array.isArray(x)) return x.map(plainNumbers);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plainNumbers(v)]));
  return x;
}

describe('formatExactJson', () => {
  test('round-trips floats and bigints as written', () => {
    for (const text of ['{"a":3.0,"b":[1e2,2],"c":12345678901234567890}', '[-0.0]', '{"s":"3.0"}', '7']) {
      expect(formatExactJson(parseExactJson(text))).toBe(text);
    }
  });

  test('a string that looks like a mark is not unmarked', () => {
    expect(formatExactJson({ s: '\u0000exact:3.0' })).toBe(JSON.stringify({ s: '\u0000exact:3.0' }));
  });
});

test('isJsonInteger: integers of any size, never an integral float', () => {
  expect(isJsonInteger(3)).toBe(true);
  expect(isJsonInteger(10n ** 30n)).toBe(true);
  expect(isJsonInteger(parseExactJson('3.0'))).toBe(false);
  expect(isJsonInteger(1.5)).toBe(false);
  expect(isJsonInteger('3')).toBe(false);
});
