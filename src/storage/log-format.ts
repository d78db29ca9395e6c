// The bytes of an update log, the same on a real file and on the simulated disk:
//
//   log     := magic commit commit header record*
//   magic   := "YGLOG\0\0\x02" (8 bytes: name, format version 2)
//   commit  := seq u32le | committed length u32le low | u32le high | crc32(those 12 bytes) u32le
//   header  := frame whose payload is a UTF-8 JSON object {"node": <node id>, ...}; other fields
//              are kept and handed back (room for, say, a store encoding version)
//   record  := frame whose payload is one Yjs update
//   frame   := length u32le | crc32(length bytes) u32le | crc32(payload) u32le | payload
//
// The committed length says how much of the log was durable when its last acknowledgement went
// out: an append writes its frames and syncs them, then writes the commit slot the next seq
// selects (bytes 8-23 or 24-39, alternately) and syncs that, and only then acknowledges. The
// newer slot whose checksum holds is the committed length; a slot torn by a crash fails its
// checksum and the other one (a smaller but true length) is used.
//
// Recovery, the policy (README "The data directory" says the same):
// - everything up to the committed length was acknowledged and must be there, whole: a log
//   shorter than it (a cut at a record boundary or at the end of the header included) or a bad
//   record inside it, whatever follows, is refused with the file and the byte offset;
// - past the committed length nothing was acknowledged: whole records there are kept (they
//   were written, the commit after them was not), and from the first frame that is not whole
//   (cut short, zeros to the end, or failing its checksum: a write the crash interrupted) to the
//   end of the file is a torn tail, cut off by the opener, which keeps the bytes beside the log
//   and warns (framed-log.ts);
// - a damaged magic, commit pair or header is refused with the offset.
// What no log can show by itself: a log replaced wholesale by an older intact copy of itself,
// or a data directory removed (the node then starts as a new, empty node).
import { crc32 } from './crc32.js';
import { StoreError } from './update-log.js';

const magic = new Uint8Array([0x59, 0x47, 0x4c, 0x4f, 0x47, 0, 0, 2]);
const commitBytes = 16;
/** Where the header frame starts: after the magic and the two commit slots. */
export const headerOffset = magic.length + 2 * commitBytes;
const frameHeaderBytes = 12;
/** Longer than any update a node writes at once; a length past it is damage. */
const maxPayloadBytes = 256 * 1024 * 1024;

/** The header's JSON: the node id, and whatever else a writer put there. */
export interface LogHeader {
  node: string;
  [field: string]: unknown;
}

export type TailKind = 'cut short' | 'zeros' | 'bad checksum';

export interface DecodedLog {
  header: LogHeader;
  /** Every whole record, committed or not, oldest first. */
  records: Uint8Array[];
  /** Bytes acknowledged as durable (the newer valid commit slot). */
  committedLength: number;
  /** The seq of that slot: the next commit writes seq + 1. */
  commitSeq: number;
  /** Bytes up to the end of the last whole record (≥ committedLength). */
  validLength: number;
  /** Records past the committed length (whole, never acknowledged). */
  uncommittedRecords: number;
  /** An unfinished write after validLength, to the end of the bytes; absent when the log ends cleanly. */
  tail?: { offset: number; length: number; kind: TailKind };
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

/** A commit slot saying the first `length` bytes are durable. */
export function encodeCommit(seq: number, length: number): Uint8Array {
  const slot = new Uint8Array(commitBytes);
  const view = new DataView(slot.buffer);
  view.setUint32(0, seq >>> 0, true);
  view.setUint32(4, length % 0x1_0000_0000, true);
  view.setUint32(8, Math.floor(length / 0x1_0000_0000), true);
  view.setUint32(12, crc32(slot.subarray(0, 12)), true);
  return slot;
}

/** Where commit `seq` is written: the two slots alternate, so a torn one leaves the other. */
export function commitOffset(seq: number): number {
  return magic.length + (seq % 2) * commitBytes;
}

/**
 * A whole log holding `records`, committed to its end: what a new log starts with and what a
 * compaction or a repair writes (atomically, as a new file). Both slots hold the length, with
 * seqs 0 and 1, so the next commit is seq 2.
 */
export function encodeLog(header: LogHeader, records: readonly Uint8Array[] = []): Uint8Array {
  const body = concatBytes([encodeFrame(new TextEncoder().encode(JSON.stringify(header))), ...records.map(encodeFrame)]);
  const length = headerOffset + body.length;
  return concatBytes([magic, encodeCommit(0, length), encodeCommit(1, length), body]);
}

/** `bytes` cut to `length`, both slots saying all of it is committed (a repair's new log). */
export function recommit(bytes: Uint8Array, length: number): Uint8Array {
  const out = bytes.slice(0, length);
  out.set(encodeCommit(0, length), commitOffset(0));
  out.set(encodeCommit(1, length), commitOffset(1));
  return out;
}

type FrameRead = { kind: 'frame'; payload: Uint8Array; end: number } | { kind: 'cut short' } | { kind: 'corrupt'; reason: string };

function readFrame(bytes: Uint8Array, offset: number): FrameRead {
  const left = bytes.length - offset;
  if (left < frameHeaderBytes) return { kind: 'cut short' };
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, frameHeaderBytes);
  const length = view.getUint32(0, true);
  if (view.getUint32(4, true) !== crc32(bytes.subarray(offset, offset + 4))) return { kind: 'corrupt', reason: 'its length fails its checksum' };
  if (length > maxPayloadBytes) return { kind: 'corrupt', reason: `its length ${length} is beyond any record` };
  if (left < frameHeaderBytes + length) return { kind: 'cut short' };
  const payload = bytes.subarray(offset + frameHeaderBytes, offset + frameHeaderBytes + length);
  if (view.getUint32(8, true) !== crc32(payload)) return { kind: 'corrupt', reason: 'its content fails its checksum' };
  return { kind: 'frame', payload, end: offset + frameHeaderBytes + length };
}

function readCommit(bytes: Uint8Array, index: number): { seq: number; length: number } | undefined {
  const at = magic.length + index * commitBytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, commitBytes);
  if (view.getUint32(12, true) !== crc32(bytes.subarray(at, at + 12))) return undefined;
  return { seq: view.getUint32(0, true), length: view.getUint32(4, true) + view.getUint32(8, true) * 0x1_0000_0000 };
}

/** The newer of the two slots that check out (seq compared modulo 2^32). */
function newestCommit(bytes: Uint8Array, file: string): { seq: number; length: number } {
  const [a, b] = [readCommit(bytes, 0), readCommit(bytes, 1)];
  if (!a && !b)
    throw new StoreError(file, `corrupt at byte ${magic.length}: neither commit slot (bytes ${magic.length}-${headerOffset - 1}) passes its checksum`);
  if (!a || !b) return (a ?? b)!;
  return (b.seq - a.seq) >>> 0 < 0x8000_0000 ? b : a;
}

function checkMagic(bytes: Uint8Array, file: string): void {
  if (bytes.length === 0) throw new StoreError(file, 'empty (0 bytes): the store was truncated (a log always starts with its header)');
  const n = Math.min(bytes.length, magic.length);
  const sameName = bytes.subarray(0, Math.min(n, 7)).every((b, i) => b === magic[i]);
  if (sameName && bytes.length >= magic.length && bytes[7] !== magic[7]) {
    throw new StoreError(file, `written in log format ${bytes[7]}, and this ygossip reads format ${magic[7]} only`);
  }
  if (!bytes.subarray(0, n).every((b, i) => b === magic[i])) throw new StoreError(file, 'not a ygossip update log (wrong magic bytes)');
  if (bytes.length < headerOffset)
    throw new StoreError(file, `cut short at byte ${bytes.length}, inside its header (the commit slots end at byte ${headerOffset})`);
}

function decodeHeader(bytes: Uint8Array, file: string): { header: LogHeader; end: number } {
  const frame = readFrame(bytes, headerOffset);
  if (frame.kind === 'cut short') throw new StoreError(file, `cut short at byte ${bytes.length}, inside its header (which starts at byte ${headerOffset})`);
  if (frame.kind === 'corrupt') throw new StoreError(file, `corrupt header at byte ${headerOffset}: ${frame.reason}`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.payload));
  } catch {
    throw new StoreError(file, `corrupt header at byte ${headerOffset}: not JSON`);
  }
  if (typeof (header as { node?: unknown } | null)?.node !== 'string') throw new StoreError(file, `corrupt header at byte ${headerOffset}: no node id`);
  return { header: header as LogHeader, end: frame.end };
}

const isZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);

/** Decodes a whole log; throws StoreError naming `file` and the offset for anything but a torn tail. */
export function decodeLog(bytes: Uint8Array, file: string): DecodedLog {
  checkMagic(bytes, file);
  const commit = newestCommit(bytes, file);
  const { header, end } = decodeHeader(bytes, file);
  const committed = commit.length;
  if (committed < end) throw new StoreError(file, `corrupt at byte ${magic.length}: its committed length ${committed} ends inside the header`);
  if (bytes.length < committed) {
    throw new StoreError(
      file,
      `cut short at byte ${bytes.length}: ${committed} bytes were committed (acknowledged as durable), so ${committed - bytes.length} acknowledged bytes are missing; refusing to start from a shortened log`,
    );
  }
  const records: Uint8Array[] = [];
  let offset = end;
  while (offset < committed) {
    const frame = readFrame(bytes.subarray(0, committed), offset);
    if (frame.kind !== 'frame') {
      const why = isZero(bytes.subarray(offset, committed))
        ? 'zeros where committed records were'
        : frame.kind === 'corrupt'
          ? frame.reason
          : 'it runs past the committed length';
      throw new StoreError(file, `corrupt: record ${records.length + 1} at byte ${offset}, inside the ${committed} committed bytes: ${why}`);
    }
    records.push(frame.payload);
    offset = frame.end;
  }
  const committedRecords = records.length;
  let tail: DecodedLog['tail'];
  while (offset < bytes.length) {
    const frame = readFrame(bytes, offset);
    if (frame.kind !== 'frame') {
      const rest = bytes.subarray(offset);
      tail = { offset, length: rest.length, kind: isZero(rest) ? 'zeros' : frame.kind === 'cut short' ? 'cut short' : 'bad checksum' };
      break;
    }
    records.push(frame.payload);
    offset = frame.end;
  }
  return {
    header,
    records,
    committedLength: committed,
    commitSeq: commit.seq,
    validLength: offset,
    uncommittedRecords: records.length - committedRecords,
    tail,
  };
}
