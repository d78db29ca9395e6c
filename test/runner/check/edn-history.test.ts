// Jepsen's EDN histories read as the runner's ops: keywords as strings, integers and floats kept
// apart (1.0 is not 1), huge integers exact, records and sets unwrapped, bad ops named.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ednNumber, parseEdnForms } from '../../../src/runner/check/edn-history.js';
import { readHistoryFile } from '../../../src/runner/check/history-file.js';
import { JsonFloat } from '../../../src/runner/base/exact-json.js';

const file = (name: string, text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'ygossip-edn-')), name);
  writeFileSync(path, text);
  return path;
};

describe('EDN values', () => {
  test('keywords become strings: [:r 1 nil] is ["r", 1, null]; maps, sets, lists, records', () => {
    expect(parseEdnForms('[:r 1 nil] {:a #{"n2"}, :b (1 2)} #jepsen.history.Op{:f :read}')).toEqual([['r', 1, null], { a: ['n2'], b: [1, 2] }, { f: 'read' }]);
  });

  test('integers and floats stay apart; big integers stay exact', () => {
    expect(ednNumber('1.0')).toEqual(new JsonFloat(1, '1.0'));
    expect(ednNumber('1M')).toBeInstanceOf(JsonFloat);
    expect(ednNumber('1.5')).toBe(1.5);
    expect(ednNumber('-3')).toBe(-3);
    expect(ednNumber('7N')).toBe(7);
    expect(ednNumber('12345678901234567890')).toBe(12345678901234567890n);
    expect(ednNumber(':x')).toBeUndefined();
    expect(parseEdnForms('[1 1.0]')[0]).toEqual([1, new JsonFloat(1, '1.0')]);
  });

  test('an unclosed form is an error', () => {
    expect(() => parseEdnForms('{:a [1 2}')).toThrow();
    expect(() => parseEdnForms('{:a "unterminated}')).toThrow(/unclosed/);
  });
});

describe('history files', () => {
  const edn = [
    '{:index 0, :time 100, :type :invoke, :process 0, :f :read, :value [0 nil]}',
    '{:index 1, :time 150, :type :info, :process :nemesis, :f :start-partition, :value :majority}',
    '{:index 2, :time 200, :type :ok, :process 0, :f :read, :value [0 3], :final? true}',
    '{:index 3, :time 210, :type :invoke, :process 1, :f :write, :value [0 2]}',
    '{:index 4, :time 220, :type :fail, :process 1, :f :write, :value [0 2], :error [:not-supported "no"]}',
    '{:index 5, :time 230, :type :invoke, :process 1, :f :cas, :value [0 [1 2]]}',
    '{:index 6, :time 240, :type :info, :process 1, :f :cas, :value [0 [1 2]], :error "indeterminate: x", :exception {:via [{:type clojure.lang.ExceptionInfo, :message "malformed"}]}}',
  ].join('\n');

  test("Maelstrom's history.edn, one op a line", async () => {
    const { format, ops } = await readHistoryFile(file('history.edn', `${edn}\n`));
    expect(format).toBe('edn');
    expect(ops[0]).toEqual({ index: 0, time: 100, type: 'invoke', process: 0, f: 'read', value: [0, null] });
    expect(ops[1]).toMatchObject({ process: 'nemesis', f: 'start-partition', value: 'majority' });
    expect(ops[2]).toMatchObject({ type: 'ok', value: [0, 3], final: true });
    expect(ops[4].error).toEqual(['not-supported', 'no']);
    expect(ops[6].exception).toBe('clojure.lang.ExceptionInfo: malformed');
  });

  test('one vector of ops is read the same', async () => {
    const { ops } = await readHistoryFile(file('h.edn', `[${edn}]`));
    expect(ops).toHaveLength(7);
  });

  test('our history.jsonl, numbers exact', async () => {
    const { format, ops } = await readHistoryFile(file('history.jsonl', '{"index":0,"time":5,"type":"ok","process":2,"f":"generate","value":1.0}\n'));
    expect(format).toBe('jsonl');
    expect(ops[0].value).toEqual(new JsonFloat(1, '1.0'));
  });

  test('an op without what the checkers read is named', async () => {
    await expect(readHistoryFile(file('a.edn', '{:type :ok, :process 0, :f :read}\n{:type :done, :process 0, :f :read}'))).rejects.toThrow(
      /op 1: type must be invoke, ok, fail or info, got "done"/,
    );
    await expect(readHistoryFile(file('b.jsonl', '{"type":"ok","process":"x","f":"read"}'))).rejects.toThrow(/op 0: process must be an integer or nemesis/);
    await expect(readHistoryFile(file('c.jsonl', '{"type":"ok",'))).rejects.toThrow(/line 1 is not JSON/);
  });
});
