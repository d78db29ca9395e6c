// Bytes <-> base64 for JSON bodies (lib0's encoders), with a strict decoder: a corrupt payload
// must be refused, not half-decoded.
import { fromBase64, toBase64 } from 'lib0/buffer';

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeBase64(bytes: Uint8Array): string {
  return toBase64(bytes);
}

/** Returns undefined when `text` is not canonical base64. */
export function decodeBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !base64Pattern.test(text)) return undefined;
  return fromBase64(text);
}
