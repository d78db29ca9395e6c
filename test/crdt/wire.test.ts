// Base64 on the wire: strict (only the one text encodeBase64 writes for given bytes), linear,
// and fine with payloads of any size a line can hold.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { decodeBase64, encodeBase64, isCanonicalBase64 } from '../../src/crdt/wire.js';

/** The definition: Node's lenient decoder, then re-encoding must give the text back. */
const canonical = (text: string): boolean => Buffer.from(Buffer.from(text, 'base64').toString('base64')).toString() === text;

test('property: accepted exactly when the text is what encoding its bytes gives', () => {
  const char = fc.constantFrom(...'AQgw/+9z='.split(''), '-', '_', ' ', '\n', 'é');
  fc.assert(
    fc.property(fc.string({ unit: char, maxLength: 12 }), (text) => {
      expect(isCanonicalBase64(text)).toBe(canonical(text));
    }),
    { numRuns: 5000 },
  );
});

test('property: bytes round trip', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }),
  );
});

test('a payload of 8 million characters decodes (a regex over it overflowed the stack)', () => {
  const bytes = new Uint8Array(6 * 1024 * 1024).map((_, i) => i * 31);
  const text = encodeBase64(bytes);
  expect(text.length).toBeGreaterThan(8_000_000);
  const decoded = decodeBase64(text);
  expect(decoded && Buffer.from(decoded).equals(bytes)).toBe(true); // toEqual walks 6 M elements slowly
  expect(decodeBase64(`${text.slice(0, -4)}!${text.slice(-3)}`)).toBeUndefined();
});

test('anything but a canonical base64 string is refused', () => {
  for (const bad of ['!!', 'abc', 12, null, undefined, 'YQ=', 'YR==', 'YWI=a', '====', 'Y===', 'YQ==YQ==']) {
    expect(decodeBase64(bad)).toBeUndefined();
  }
  expect(decodeBase64('')).toEqual(new Uint8Array(0));
});
