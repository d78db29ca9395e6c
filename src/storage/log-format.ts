// The bytes of an update log, the same on a real file and on the simulated disk:
//
//   log    := magic header record*
//   magic  := "YGLOG\0\0\x01" (8 bytes: name, format version 1)
//   header := frame whose payload is UTF-8 JSON {"node": <node id>}
//   record := frame whose payload is one Yjs update
//   frame  := length u32le | crc32(length bytes) u32le | crc32(payload) u32le | payload
//
// The length has its own checksum so a damaged length is told apart from a write that never
// finished: a log whose last frame runs past the end of the bytes is what a process killed in
// the middle of a write leaves (that write was never acknowledged), so its complete records
// are recovered and the torn tail is reported. Anything else that does not check out (bad
// magic, a header cut short, a checksum that fails, a frame of absurd length) is corruption and
// refused: a node never starts from a silently shortened set.
import { crc32 } from './crc32.js';
import { StoreError } from './update-log.js';

const magic = new Uint8Array([0x59, 0x47, 0x4c, 0x4f, 0x47, 0, 0, 1]);
const frameHeaderBytes = 12;
/** Longer than any update a node writes at once; a length past it is damage. */
const maxPayloadBytes = 256 * 1024 * 1024;

export interface DecodedLog {
  nodeId: string;
  records: Uint8Array[];
  /** Bytes up to the end of the last complete record. */
  validLength: number;
  /** Bytes of an unfinished last frame after validLength (0 when the log ends cleanly). */
  tornBytes: number;
}

/** A new log's first bytes: magic and header. */
export function encodeLogStart(nodeId: string): Uint8Array {
  const header = encodeFrame(new TextEncoder().encode(JSON.stringify({ node: nodeId })));
  return concatBytes([magic, header]);
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(frameHeaderBytes + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32(frame.subarray(0, 4)), true);
  view.setUint32(8, crc32(payload), true);
  frame.set(payload, frameHeaderBytes);
  return frame;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

type FrameRead = { kind: 'frame'; payload: Uint8Array; end: number } | { kind: 'torn' } | { kind: 'corrupt'; reason: string };

function readFrame(bytes: Uint8Array, offset: number): FrameRead {
  const left = bytes.length - offset;
  if (left < frameHeaderBytes) return { kind: 'torn' };
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, frameHeaderBytes);
  const length = view.getUint32(0, true);
  if (view.getUint32(4, true) !== crc32(bytes.subarray(offset, offset + 4))) return { kind: 'corrupt', reason: 'its length fails its checksum' };
  if (length > maxPayloadBytes) return { kind: 'corrupt', reason: `its length ${length} is beyond any record` };
  if (left < frameHeaderBytes + length) return { kind: 'torn' };
  const payload = bytes.subarray(offset + frameHeaderBytes, offset + frameHeaderBytes + length);
  if (view.getUint32(8, true) !== crc32(payload)) return { kind: 'corrupt', reason: 'its content fails its checksum' };
  return { kind: 'frame', payload, end: offset + frameHeaderBytes + length };
}

function decodeHeader(bytes: Uint8Array, file: string): { nodeId: string; end: number } {
  if (bytes.length === 0) throw new StoreError(file, 'empty: the store was truncated (a log always starts with its header)');
  const start = bytes.subarray(0, magic.length);
  if (!start.every((b, i) => b === magic[i])) {
    const prefix = bytes.length < magic.length && magic.subarray(0, bytes.length).every((b, i) => b === bytes[i]);
    throw new StoreError(file, prefix ? 'truncated inside its header' : 'not a ygossip update log (wrong magic bytes)');
  }
  const frame = readFrame(bytes, magic.length);
  if (frame.kind === 'torn') throw new StoreError(file, 'truncated inside its header');
  if (frame.kind === 'corrupt') throw new StoreError(file, `corrupt header: ${frame.reason}`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.payload));
  } catch {
    throw new StoreError(file, 'corrupt header: not JSON');
  }
  const nodeId = (header as { node?: unknown } | null)?.node;
  if (typeof nodeId !== 'string') throw new StoreError(file, 'corrupt header: no node id');
  return { nodeId, end: frame.end };
}

/** Decodes a whole log; throws StoreError naming `file` for anything but a torn last frame. */
export function decodeLog(bytes: Uint8Array, file: string): DecodedLog {
  const header = decodeHeader(bytes, file);
  const records: Uint8Array[] = [];
  let offset = header.end;
  while (offset < bytes.length) {
    const frame = readFrame(bytes, offset);
    if (frame.kind === 'torn') break;
    if (frame.kind === 'corrupt') throw new StoreError(file, `corrupt: record ${records.length + 1} at byte ${offset}: ${frame.reason}`);
    records.push(frame.payload);
    offset = frame.end;
  }
  return { nodeId: header.nodeId, records, validLength: offset, tornBytes: bytes.length - offset };
}
