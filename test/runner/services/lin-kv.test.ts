// The KV requests row by row (maelstrom-spec-services-txn.md §16.2, Maelstrom's service.clj
// PersistentKV), through lin-kv, whose single state shows each rule without randomness; and
// lin-tso's counter. Bodies are written as JSON text and read as the runner reads a node's line.
import { describe, expect, test } from 'vitest';
import type { Body } from '../../../src/maelstrom/message.js';
import { formatExactJson, parseExactJson } from '../../../src/runner/base/exact-json.js';
import { createLinKv, createLinTso, type Service } from '../../../src/runner/services/index.js';

const body = (json: string): Body => parseExactJson(json) as Body;
/** One request; the reply as JSON text (undefined: no reply). */
const ask = (service: Service, json: string, src = 'n0'): string | undefined => {
  const reply = service.handle(src, body(json));
  return reply === undefined ? undefined : formatExactJson(reply);
};
const missing = '{"type":"error","code":20,"text":"key does not exist"}';

describe('lin-kv: read, write, cas', () => {
  test('read of an absent key is error 20; a write creates it and a read returns it', () => {
    const kv = createLinKv();
    expect(ask(kv, '{"type":"read","key":"x"}')).toBe(missing);
    expect(ask(kv, '{"type":"write","key":"x","value":1}')).toBe('{"type":"write_ok"}');
    expect(ask(kv, '{"type":"read","key":"x"}')).toBe('{"type":"read_ok","value":1}');
    expect(ask(kv, '{"type":"write","key":"x","value":2}')).toBe('{"type":"write_ok"}');
    expect(ask(kv, '{"type":"read","key":"x"}', 'n1')).toBe('{"type":"read_ok","value":2}');
  });

  test('cas: matching from swaps; a mismatch is 22 with both values printed as Clojure does', () => {
    const kv = createLinKv();
    ask(kv, '{"type":"write","key":"x","value":1}');
    expect(ask(kv, '{"type":"cas","key":"x","from":1,"to":2}')).toBe('{"type":"cas_ok"}');
    expect(ask(kv, '{"type":"read","key":"x"}')).toBe('{"type":"read_ok","value":2}');
    expect(ask(kv, '{"type":"cas","key":"x","from":1,"to":3}')).toBe('{"type":"error","code":22,"text":"current value 2 is not 1"}');
    ask(kv, '{"type":"write","key":"s","value":"a"}');
    expect(ask(kv, '{"type":"cas","key":"s","from":"b","to":"c"}')).toBe('{"type":"error","code":22,"text":"current value \\"a\\" is not \\"b\\""}');
    expect(ask(kv, '{"type":"read","key":"s"}')).toBe('{"type":"read_ok","value":"a"}');
  });

  test('cas on an absent key: 20, unless create_if_not_exists is truthy, which stores `to` without looking at `from`', () => {
    for (const flag of ['', ',"create_if_not_exists":false', ',"create_if_not_exists":null']) {
      const kv = createLinKv();
      expect(ask(kv, `{"type":"cas","key":"x","from":1,"to":2${flag}}`), flag).toBe(missing);
      expect(ask(kv, '{"type":"read","key":"x"}')).toBe(missing);
    }
    for (const truthy of ['true', '0', '""', '[]', '{}', '"no"']) {
      const kv = createLinKv();
      expect(ask(kv, `{"type":"cas","key":"x","from":"whatever","to":7,"create_if_not_exists":${truthy}}`), truthy).toBe('{"type":"cas_ok"}');
      expect(ask(kv, '{"type":"read","key":"x"}')).toBe('{"type":"read_ok","value":7}');
    }
  });

  test('the flag changes nothing once the key exists', () => {
    const kv = createLinKv();
    ask(kv, '{"type":"write","key":"x","value":1}');
    expect(ask(kv, '{"type":"cas","key":"x","from":5,"to":6,"create_if_not_exists":true}')).toBe(
      '{"type":"error","code":22,"text":"current value 1 is not 5"}',
    );
  });

  test('Clojure equality: 1 and 1.0 and "1" are three keys and three values; objects compare by content', () => {
    const kv = createLinKv();
    ask(kv, '{"type":"write","key":1,"value":"long"}');
    ask(kv, '{"type":"write","key":1.0,"value":"double"}');
    ask(kv, '{"type":"write","key":"1","value":"string"}');
    expect(ask(kv, '{"type":"read","key":1}')).toBe('{"type":"read_ok","value":"long"}');
    expect(ask(kv, '{"type":"read","key":1.0}')).toBe('{"type":"read_ok","value":"double"}');
    expect(ask(kv, '{"type":"read","key":"1"}')).toBe('{"type":"read_ok","value":"string"}');
    ask(kv, '{"type":"write","key":"v","value":1}');
    expect(ask(kv, '{"type":"cas","key":"v","from":1.0,"to":2}')).toBe('{"type":"error","code":22,"text":"current value 1 is not 1.0"}');
    ask(kv, '{"type":"write","key":{"a":1,"b":[1,2]},"value":{"p":1,"q":2}}');
    expect(ask(kv, '{"type":"read","key":{"b":[1,2],"a":1}}')).toBe('{"type":"read_ok","value":{"p":1,"q":2}}');
    expect(ask(kv, '{"type":"cas","key":{"a":1,"b":[1,2]},"from":{"q":2,"p":1},"to":0}')).toBe('{"type":"cas_ok"}');
    expect(ask(kv, '{"type":"read","key":{"a":1,"b":[2,1]}}')).toBe(missing);
  });

  test('a missing key field is the key null; a missing value is stored as null; values come back as written', () => {
    const kv = createLinKv();
    expect(ask(kv, '{"type":"read"}')).toBe(missing);
    expect(ask(kv, '{"type":"write","value":5}')).toBe('{"type":"write_ok"}');
    expect(ask(kv, '{"type":"read","key":null}')).toBe('{"type":"read_ok","value":5}');
    ask(kv, '{"type":"write","key":"n"}');
    expect(ask(kv, '{"type":"read","key":"n"}')).toBe('{"type":"read_ok","value":null}');
    expect(ask(kv, '{"type":"cas","key":"n","to":1}')).toBe('{"type":"cas_ok"}'); // from absent: nil = nil
    ask(kv, '{"type":"write","key":"big","value":[1.0,1e2,123456789012345678901234567890,{"x":null}]}');
    expect(ask(kv, '{"type":"read","key":"big"}')).toBe('{"type":"read_ok","value":[1.0,1e2,123456789012345678901234567890,{"x":null}]}');
  });

  test('a type the service does not know gets no reply, and changes nothing', () => {
    const kv = createLinKv();
    ask(kv, '{"type":"write","key":"x","value":1}');
    for (const json of ['{"type":"ts"}', '{"type":"read_ok","value":3}', '{"type":"delete","key":"x"}', '{"type":7}', '{}']) {
      expect(ask(kv, json), json).toBeUndefined();
    }
    expect(ask(kv, '{"type":"read","key":"x"}')).toBe('{"type":"read_ok","value":1}');
  });
});

describe('lin-tso', () => {
  test('ts answers 0, 1, 2, … in request order, whoever asks; anything else gets no reply', () => {
    const tso = createLinTso();
    expect(ask(tso, '{"type":"ts"}', 'n0')).toBe('{"type":"ts_ok","ts":0}');
    expect(ask(tso, '{"type":"ts"}', 'n1')).toBe('{"type":"ts_ok","ts":1}');
    expect(ask(tso, '{"type":"read","key":"x"}')).toBeUndefined();
    expect(ask(tso, '{"type":"ts","msg_id":9}', 'n0')).toBe('{"type":"ts_ok","ts":2}');
  });
});
