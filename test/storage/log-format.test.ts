// The log's bytes and its recovery policy: what is encoded decodes to the same records and
// header; a log cut anywhere inside its committed length is refused with the offset, never read
// as fewer records; past the committed length, whole records are kept and the rest (cut short,
// zeros, a failing checksum) is a torn tail with its offset and kind; a flipped bit is refused
// unless it only tears a commit slot, and then no record is lost.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { commitOffset, concatBytes, decodeLog, encodeCommit, encodeFrame, encodeLog, headerOffset } from '../../src/storage/log-format.js';
import { StoreError } from '../../src/storage/update-log.js';

const records = fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 8 });

/** A log whose `committed` records were appended and committed one by one (as the log does), then `extra` written but never committed. */
function written(committed: Uint8Array[], extra: Uint8Array[] = []): Uint8Array {
  let bytes = encodeLog({ node: 'n1' });
  let seq = 1;
  for (const r of committed) {
    bytes = concatBytes([bytes, encodeFrame(r)]);
    seq++;
    bytes.set(encodeCommit(seq, bytes.length), commitOffset(seq));
  }
  return concatBytes([bytes, ...extra.map(encodeFrame)]);
}

const refusal = (bytes: Uint8Array): string => {
  try {
    decodeLog(bytes, '/data/n1/updates.log');
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    return (e as Error).message;
  }
  throw new Error('decoded, where a refusal was expected');
};

test('records and every header field round-trip; the log is committed to its end', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 12 }), records, fc.integer(), (node, rs, version) => {
      const bytes = encodeLog({ node, encoding: version }, rs);
      const log = decodeLog(bytes, 'f');
      expect(log.header).toEqual({ node, encoding: version });
      expect(log.records).toEqual(rs);
      expect(log).toMatchObject({ committedLength: bytes.length, validLength: bytes.length, uncommittedRecords: 0, tail: undefined });
      expect(decodeLog(written(rs), 'f').records).toEqual(rs);
    }),
  );
});

test('a cut anywhere inside the committed length is refused with the byte it ends at, at a record boundary too', () => {
  fc.assert(
    fc.property(records, fc.nat(), (rs, at) => {
      const full = written(rs);
      const cut = at % full.length; // 0 … full.length - 1: always short of what was committed
      const message = refusal(full.subarray(0, cut));
      expect(message).toMatch(/^\/data\/n1\/updates\.log: /);
      if (cut === 0) expect(message).toMatch(/empty/);
      else if (cut < 8) expect(message).toMatch(new RegExp(`cut short at byte ${cut}, inside its header`));
      else expect(message).toMatch(new RegExp(`cut short at byte ${cut}`));
    }),
  );
  const five = [1, 2, 3, 4, 5].map((v) => new Uint8Array([v]));
  const headerEnd = encodeLog({ node: 'n1' }).length;
  expect(refusal(written(five).subarray(0, headerEnd))).toMatch(new RegExp(`cut short at byte ${headerEnd}: ${headerEnd + 5 * 13} bytes were committed`));
  expect(refusal(written(five).subarray(0, headerEnd + 3 * 13))).toMatch(/cut short at byte \d+: .* 26 acknowledged bytes are missing/);
});

test('past the committed length, whole records are kept and a cut-short last frame is a torn tail', () => {
  fc.assert(
    fc.property(records, records, fc.nat(), (committed, extra, at) => {
      const base = written(committed).length;
      const full = written(committed, extra);
      const cut = base + (at % (full.length - base + 1));
      const log = decodeLog(full.subarray(0, cut), 'f');
      let end = base;
      const whole = extra.filter((r) => (end += 12 + r.length) <= cut);
      expect(log.records).toEqual([...committed, ...whole]);
      expect(log.uncommittedRecords).toBe(whole.length);
      expect(log.committedLength).toBe(base);
      expect(log.validLength + (log.tail?.length ?? 0)).toBe(cut);
      if (log.tail)
        expect(log.tail).toEqual({
          offset: log.validLength,
          length: cut - log.validLength,
          kind: log.tail.length === cut - log.validLength && full.subarray(log.validLength, cut).every((b) => b === 0) ? 'zeros' : 'cut short',
        });
    }),
  );
});

test('zeros after the last record (a size extended, its data never written) are a torn tail, every record kept', () => {
  fc.assert(
    fc.property(records, fc.integer({ min: 1, max: 8192 }), (rs, zeros) => {
      const bytes = concatBytes([written(rs), new Uint8Array(zeros)]);
      const log = decodeLog(bytes, 'f');
      expect(log.records).toEqual(rs);
      expect(log.tail).toEqual({ offset: bytes.length - zeros, length: zeros, kind: 'zeros' });
    }),
  );
});

test('a bad record inside the committed length is corruption, whatever follows it; past it, a torn tail', () => {
  const rs = [1, 2, 3, 4].map((v) => new Uint8Array([v, v, v]));
  const committed = written(rs);
  const second = encodeLog({ node: 'n1' }).length + 15; // the second record's frame
  const damaged = new Uint8Array(committed);
  damaged[second + 13] ^= 1;
  expect(refusal(damaged)).toMatch(
    new RegExp(`corrupt: record 2 at byte ${second}, inside the ${committed.length} committed bytes: its content fails its checksum`),
  );
  const zeroed = new Uint8Array(committed);
  zeroed.fill(0, second);
  expect(refusal(zeroed)).toMatch(/record 2 at byte \d+, inside .*: zeros where committed records were/);
  // The same damage past the committed length: an unfinished write, cut at the first bad frame.
  const uncommitted = written(rs.slice(0, 1), rs.slice(1));
  uncommitted[second + 13] ^= 1;
  expect(decodeLog(uncommitted, 'f')).toMatchObject({ records: rs.slice(0, 1), tail: { offset: second, kind: 'bad checksum' } });
});

test('a flipped bit is refused with the file named, unless it tears one commit slot: then no record is lost', () => {
  fc.assert(
    fc.property(records, fc.nat(), fc.integer({ min: 0, max: 7 }), (rs, at, bit) => {
      const bytes = written(rs);
      const damaged = new Uint8Array(bytes);
      const i = at % damaged.length;
      damaged[i] ^= 1 << bit;
      if (i >= 8 && i < headerOffset) expect(decodeLog(damaged, 'f').records).toEqual(rs);
      else expect(refusal(damaged)).toMatch(/^\/data\/n1\/updates\.log: /);
    }),
  );
});

test('the newer commit slot wins; a torn newer slot falls back to the older, smaller length', () => {
  const rs = [1, 2, 3].map((v) => new Uint8Array([v]));
  const bytes = written(rs);
  const log = decodeLog(bytes, 'f');
  expect(log).toMatchObject({ commitSeq: 4, committedLength: bytes.length, uncommittedRecords: 0 });
  const torn = new Uint8Array(bytes);
  torn[commitOffset(4) + 2] ^= 0xff;
  expect(decodeLog(torn, 'f')).toMatchObject({ commitSeq: 3, committedLength: bytes.length - 13, uncommittedRecords: 1, records: rs });
  torn[commitOffset(3) + 2] ^= 0xff;
  expect(refusal(torn)).toMatch(/corrupt at byte 8: neither commit slot \(bytes 8-39\) passes its checksum/);
});

test('a log of an older format, or not a log at all, is refused saying so', () => {
  const v1 = new Uint8Array([0x59, 0x47, 0x4c, 0x4f, 0x47, 0, 0, 1, 0, 0, 0, 0]);
  expect(refusal(v1)).toMatch(/written in log format 1, and this ygossip reads format 2 only/);
  expect(refusal(new TextEncoder().encode('{"not":"a log"}'))).toMatch(/not a ygossip update log/);
});
