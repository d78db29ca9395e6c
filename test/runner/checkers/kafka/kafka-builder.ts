// Hand-written kafka histories in Maelstrom's shapes: each call appends an invocation and its
// completion one millisecond apart (sequential ops), unless the test interleaves ops itself
// with `invoke` and `complete`.
import { checkKafka, type KafkaResult } from '../../../../src/runner/checkers/kafka/index.js';
import type { Op, OpType } from '../../../../src/runner/records/history.js';
import { historyBuilder } from '../history-builder.js';

export type Msgs = Record<string, [number, unknown][]>;

export function kafkaBuilder() {
  const h = historyBuilder();
  let t = 0;
  const tick = (): number => ++t;
  const complete = (type: Exclude<OpType, 'invoke'>, p: number, f: string, value: unknown, extra: Partial<Op> = {}): Op => h[type](p, f, value, tick(), extra);
  return {
    ops: h.ops,
    /** Skips ahead to `ms`, so the next op starts there. */
    at(ms: number): void {
      t = ms;
    },
    invoke: (p: number, f: string, value: unknown): Op => h.invoke(p, f, value, tick()),
    complete,
    /** Completion value of a poll. */
    polled: (msgs: Msgs): unknown => [['poll', msgs]],
    sendInvoke: (p: number, key: string, value: unknown): Op => h.invoke(p, 'send', [['send', key, value]], tick()),
    sendOk: (p: number, key: string, value: unknown, offset: number): Op => complete('ok', p, 'send', [['send', key, [offset, value]]]),
    send(p: number, key: string, value: unknown, offset: number | null, type: Exclude<OpType, 'invoke'> = 'ok'): Op {
      h.invoke(p, 'send', [['send', key, value]], tick());
      return complete(
        type,
        p,
        'send',
        type === 'ok' ? [['send', key, [offset, value]]] : [['send', key, value]],
        type === 'info' ? { error: 'net-timeout' } : {},
      );
    },
    poll(p: number, msgs: Msgs, type: Exclude<OpType, 'invoke'> = 'ok'): Op {
      h.invoke(p, 'poll', [['poll']], tick());
      return complete(type, p, 'poll', type === 'ok' ? [['poll', msgs]] : [['poll']]);
    },
    assign(p: number, keys: string[], type: Exclude<OpType, 'invoke'> = 'ok'): Op {
      h.invoke(p, 'assign', keys, tick());
      return complete(type, p, 'assign', keys);
    },
    txn(p: number, invoked: unknown[], completed: unknown[], type: Exclude<OpType, 'invoke'> = 'ok'): Op {
      h.invoke(p, 'txn', invoked, tick());
      return complete(type, p, 'txn', completed);
    },
  };
}

/** The checker's result, failing the test if it could not judge the history. */
export function judged(ops: Op[]): KafkaResult {
  const r = checkKafka(ops);
  if (r['valid?'] === 'unknown') throw new Error(`unexpected unknown: ${(r as { error: string }).error}`);
  return r as KafkaResult;
}
