// Error 22's text prints values as Maelstrom's JVM does: pr-str for lin-kv and seq-kv, str for
// lww-kv's `from`, over JSON as cheshire reads it (Long, BigInteger, Double, vector, map).
import { describe, expect, test } from 'vitest';
import { parseExactJson } from '../../../src/runner/base/exact-json.js';
import { prStr, str } from '../../../src/runner/services/clojure-text.js';

const v = (json: string): unknown => parseExactJson(json);

describe('pr-str and str of JSON values', () => {
  test.each([
    ['null', 'nil', ''],
    ['true', 'true', 'true'],
    ['"a\\"b\\\\c\\nd\\te"', '"a\\"b\\\\c\\nd\\te"', 'a"b\\c\nd\te'],
    ['"é→"', '"é→"', 'é→'],
    ['42', '42', '42'],
    ['-0', '0', '0'],
    ['9007199254740993', '9007199254740993', '9007199254740993'],
    ['123456789012345678901234567890', '123456789012345678901234567890BIGINT', '123456789012345678901234567890'],
    ['1.0', '1.0', '1.0'],
    ['1e2', '100.0', '100.0'],
    ['-0.0', '-0.0', '-0.0'],
    ['1.5', '1.5', '1.5'],
    ['0.001', '0.001', '0.001'],
    ['0.0001', '1.0E-4', '1.0E-4'],
    ['12345678.5', '1.23456785E7', '1.23456785E7'],
    ['1e21', '1.0E21', '1.0E21'],
    ['1e400', '##Inf', 'Infinity'],
    ['[1, "a", null, [2.0]]', '[1 "a" nil [2.0]]', '[1 "a" nil [2.0]]'],
    ['{"k": 1, "l": {"m": "n"}}', '{"k" 1, "l" {"m" "n"}}', '{"k" 1, "l" {"m" "n"}}'],
    ['[]', '[]', '[]'],
  ])('%s: pr-str %s, str %s', (json, pr, plain) => {
    expect(prStr(v(json))).toBe(pr);
    expect(str(v(json))).toBe(plain);
  });
});
