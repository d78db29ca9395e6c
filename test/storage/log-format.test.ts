// The log's bytes: what is encoded decodes to the same records; a log cut anywhere after its
// header decodes to the records before the cut (the torn tail reported); a single flipped bit
// anywhere is refused, never read as fewer records.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { concatBytes, decodeLog, encodeFrame, encodeLogStart } from '../../src/storage/log-format.js';
import { StoreError } from '../../src/storage/update-log.js';

const records = fc.array(fc.uint8Array({ minLength: 0, maxLength: 40 }), { maxLength: 8 });
const encode = (nodeId: string, rs: Uint8Array[]): Uint8Array => concatBytes([encodeLogStart(nodeId), ...rs.map(encodeFrame)]);

test('records round-trip with the node id', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 12 }), records, (nodeId, rs) => {
      const log = decodeLog(encode(nodeId, rs), 'f');
      expect(log).toEqual({ nodeId, records: rs, validLength: encode(nodeId, rs).length, tornBytes: 0 });
    }),
  );
});

test('a log cut after its header keeps the whole records before the cut', () => {
  fc.assert(
    fc.property(records, fc.nat(), (rs, at) => {
      const full = encode('n1', rs);
      const start = encodeLogStart('n1').length;
      const cut = start + (at % (full.length - start + 1));
      const log = decodeLog(full.subarray(0, cut), 'f');
      let end = start;
      const whole = rs.filter((r) => (end += 12 + r.length) <= cut);
      expect(log.records).toEqual(whole);
      expect(log.validLength + log.tornBytes).toBe(cut);
    }),
  );
});

test('any single flipped bit is refused with the file named', () => {
  fc.assert(
    fc.property(records, fc.nat(), fc.integer({ min: 0, max: 7 }), (rs, at, bit) => {
      const damaged = new Uint8Array(encode('n1', rs));
      damaged[at % damaged.length] ^= 1 << bit;
      expect(() => decodeLog(damaged, '/data/n1/updates.log')).toThrow(StoreError);
      expect(() => decodeLog(damaged, '/data/n1/updates.log')).toThrow(/^\/data\/n1\/updates\.log: /);
    }),
  );
});
