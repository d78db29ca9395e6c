import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatDeepJson, formatMessage, parseMessage } from '../../src/maelstrom/codec.js';

describe('parseMessage', () => {
  test('a valid line', () => {
    const r = parseMessage('{"id":4,"src":"c1","dest":"n1","body":{"type":"read","msg_id":3}}');
    expect(r).toEqual({ ok: true, message: { id: 4, src: 'c1', dest: 'n1', body: { type: 'read', msg_id: 3 } } });
  });

  test.each([
    ['nope', /not JSON/],
    ['[1,2]', /JSON object/],
    ['{"src":1,"dest":"n1","body":{"type":"x"}}', /"src"/],
    ['{"src":"c1","dest":null,"body":{"type":"x"}}', /"dest"/],
    ['{"src":"c1","dest":"n1","body":"x"}', /"body"/],
    ['{"src":"c1","dest":"n1","body":{"msg_id":1}}', /"type"/],
    ['{"src":"c1","dest":"n1","body":{"type":"x","msg_id":1.5}}', /"msg_id"/],
    ['{"src":"c1","dest":"n1","body":{"type":"x","in_reply_to":"1"}}', /"in_reply_to"/],
  ])('%s is refused, naming what is wrong', (line, reason) => {
    const r = parseMessage(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(reason);
  });

  test("in_reply_to null (a service's answer to a request without msg_id) is accepted", () => {
    const r = parseMessage('{"src":"seq-kv","dest":"n1","body":{"type":"write_ok","in_reply_to":null}}');
    expect(r).toEqual({ ok: true, message: { src: 'seq-kv', dest: 'n1', body: { type: 'write_ok', in_reply_to: null } } });
  });

  test('an error keeps who to answer when it can', () => {
    const r = parseMessage('{"src":"c1","dest":"n1","body":{"msg_id":9}}');
    expect(r).toMatchObject({ ok: false, src: 'c1', msgId: 9 });
  });
});

describe('formatMessage', () => {
  test('round trip, one line, integers stay integers', () => {
    const message = { src: 'n1', dest: 'c1', body: { type: 'read_ok', messages: [3, 1, 2], in_reply_to: 1 } };
    const line = formatMessage(message);
    expect(line).not.toContain('\n');
    expect(line).toContain('[3,1,2]');
    expect(parseMessage(line)).toEqual({ ok: true, message });
  });

  test('bigints are written as plain digits, never quoted or in exponent form', () => {
    const line = formatMessage({ src: 'n1', dest: 'c1', body: { type: 'read_ok', value: 10n ** 25n, in_reply_to: 1 } });
    expect(line).toContain('"value":10000000000000000000000000,');
  });

  test('any depth: a value JSON.stringify cannot write is written by the loop, and reads back the same', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    const message = { src: 'n1', dest: 'c1', body: { type: 'echo_ok', echo: deep, in_reply_to: 1 } };
    expect(() => JSON.stringify(message)).toThrow(RangeError);
    const line = formatMessage(message);
    const echo = `${'[{"k":'.repeat(50_000)}"x"${'}]'.repeat(50_000)}`;
    expect(line).toBe(`{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":${echo},"in_reply_to":1}}`);
    const parsed = parseMessage(line);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(formatMessage(parsed.message)).toBe(line);
  });
});

test('formatDeepJson writes what JSON.stringify writes, bigints as digits', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      expect(formatDeepJson(v)).toBe(JSON.stringify(v));
    }),
  );
  expect(formatDeepJson({ a: undefined, b: [undefined, 1n], c: -0 })).toBe('{"b":[null,1],"c":0}');
});
