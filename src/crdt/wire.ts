// Bytes <-> base64 for JSON bodies (lib0's encoders), with a strict decoder: a corrupt payload
// must be refused, not half-decoded. The check is one linear pass over character codes: a
// regular expression over the whole payload overflowed V8's stack from 4,476,928 characters
// on, which refused every diff of more than 3.2 MiB.
import { fromBase64, toBase64 } from 'lib0/buffer';

/** Sextet of each base64 character code, -1 for the rest. */
const sextets = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, i) => {
  sextets[ch.charCodeAt(0)] = i;
});
const padCode = '='.charCodeAt(0);

export function encodeBase64(bytes: Uint8Array): string {
  return toBase64(bytes);
}

/** Returns undefined when `text` is not canonical base64. */
export function decodeBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !isCanonicalBase64(text)) return undefined;
  return fromBase64(text);
}

/**
 * Padded, standard alphabet, and canonical: the bits the padding leaves over are zero, so one
 * byte string has exactly one text (the only text encodeBase64 writes for it).
 */
export function isCanonicalBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  let end = text.length;
  while (end > 0 && text.length - end < 2 && text.charCodeAt(end - 1) === padCode) end--;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || sextets[code] < 0) return false;
  }
  const padding = text.length - end;
  if (padding === 0) return true;
  // One '=': three sextets (18 bits) hold 2 bytes, 2 bits spare; two: 12 bits hold 1 byte, 4 spare.
  const spare = padding === 1 ? 0b11 : 0b1111;
  return (sextets[text.charCodeAt(end - 1)] & spare) === 0;
}
