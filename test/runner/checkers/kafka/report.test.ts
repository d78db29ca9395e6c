import { describe, expect, it } from 'vitest';
import { checkKafka, kafkaReportLines, kafkaSummaryRows, type KafkaResult } from '../../../../src/runner/checkers/kafka/index.js';
import { kafkaBuilder } from './kafka-builder.js';

function broken(): KafkaResult {
  const b = kafkaBuilder();
  b.invoke(0, 'send', [
    ['send', 'x', 'a'],
    ['send', 'x', 'c'],
  ]);
  b.complete('ok', 0, 'send', [
    ['send', 'x', [0, 'a']],
    ['send', 'x', [2, 'c']],
  ]);
  b.send(1, 'x', 'b', 1);
  b.send(1, 'x', 'd', 3);
  b.send(1, 'x', 'e', null, 'info');
  b.poll(2, {
    x: [
      [0, 'a'],
      [2, 'c'],
    ],
  });
  return checkKafka(b.ops) as KafkaResult;
}

describe('kafka checker: summary and report', () => {
  it('names the failing error types with their counts, the allowed ones apart', () => {
    const rows = Object.fromEntries(kafkaSummaryRows(broken()));
    expect(rows['kafka errors']).toBe('int-poll-skip 1, lost-write 1, unseen 2 (allowed: int-send-skip 1)');
    expect(rows.unseen).toBe('2 acknowledged messages in 1 keys never polled');
    expect(rows['info causes']).toBe('"net-timeout"');
    expect(rows['worst realtime lag']).toMatch(/^0\.\d{3} s \(process 2, key "x", poll invoked at 0\.\d{3} s\)$/);
  });

  it('says none for a clean run', () => {
    const b = kafkaBuilder();
    b.send(0, 'x', 'a', 0);
    b.poll(1, { x: [[0, 'a']] });
    const rows = Object.fromEntries(kafkaSummaryRows(checkKafka(b.ops) as KafkaResult));
    expect(rows['kafka errors']).toBe('none');
  });

  it('lists each kept case in report.txt', () => {
    const text = kafkaReportLines(broken()).join('\n');
    expect(text).toContain('int-poll-skip (1):\n  key "x": "a" then "c" skipping ["b"] (delta 2) in #9 ok poll p2 @10.000ms');
    expect(text).toContain('lost-write (1):\n  key "x": "b" (index 1) never polled though index 2 was (by #9 ok poll p2 @10.000ms); sent by #3 ok send p1');
    expect(text).toContain('unseen (2):\n  key "x": 2 unseen: "b" "d"');
    expect(text).toContain('int-send-skip (1, allowed):');
  });

  it('explains a cycle step by step', () => {
    const b = kafkaBuilder();
    b.poll(0, { x: [[0, 'a']] });
    b.send(1, 'x', 'a', 0);
    const text = kafkaReportLines(checkKafka(b.ops) as KafkaResult).join('\n');
    expect(text).toContain(
      'G1c-realtime (1):\n  T1 = #1 ok poll p0 @2.000ms, T2 = #3 ok send p1 @4.000ms: T1 completed at index 1 before T2 was invoked at index 2; T2 sent "a" to "x", which T1 polled',
    );
  });
});
