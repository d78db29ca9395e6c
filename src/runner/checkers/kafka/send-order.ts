// Do a process's sends land in the log in the order it made them? (Jepsen's kafka.clj,
// nonmonotonic-send-cases and int-send-skip+nonmonotonic-cases.) Across one process's ok or
// indeterminate sends to a key, each first message must sit after the previous send's last one
// (nonmonotonic-send); within one op, successive sends to a key must be adjacent
// (int-send-skip, allowed: other producers interleave; int-nonmonotonic-send). Maelstrom sends
// one message per op, so only nonmonotonic-send can occur in its runs.
import type { Op } from '../../records/history.js';
import { valueKey, type ValueKey } from '../value-key.js';
import type { ExternalNonmonotonicCase, InternalNonmonotonicCase, InternalSkipCase } from './cases.js';
import type { HistoryFacts } from './key-facts.js';
import type { KafkaKey, Pair } from './micro-ops.js';
import { internalOrder, keepAssigned, nonmonotonicList, skipList } from './poll-order.js';
import { indexDelta } from './version-order.js';

interface LastSend {
  op: Op;
  value: ValueKey;
}

export class SendOrder {
  readonly intSkips = skipList<InternalSkipCase>();
  readonly intBacks = nonmonotonicList<InternalNonmonotonicCase>();
  readonly backs = nonmonotonicList<ExternalNonmonotonicCase>();
  private readonly lastSends = new Map<number, Map<KafkaKey, LastSend>>();

  constructor(private readonly facts: HistoryFacts) {}

  /** An ok or indeterminate assign: the process keeps its last sends to these keys only. */
  assign(process: number, keys: readonly KafkaKey[]): void {
    keepAssigned(this.lastSends, process, keys);
  }

  /** A completion with sends, whatever its outcome. */
  visit(op: Op, process: number, writes: ReadonlyMap<KafkaKey, Pair[]>): void {
    for (const [key, pairs] of writes) internalOrder(op, this.facts.keys.get(key)!, key, pairs, this.intSkips, this.intBacks);
    if (op.type !== 'ok' && op.type !== 'info') return;
    let mine = this.lastSends.get(process);
    if (mine === undefined) this.lastSends.set(process, (mine = new Map()));
    for (const [key, pairs] of writes) {
      if (pairs.length === 0) continue;
      const kf = this.facts.keys.get(key)!;
      const first = valueKey(pairs[0].value);
      const last = mine.get(key);
      const step = last === undefined ? undefined : indexDelta(kf.order, last.value, first);
      if (step !== undefined && step.delta < 1) {
        this.backs.add({ key, values: [kf.values.get(last!.value), pairs[0].value], delta: step.delta, ops: [last!.op, op] });
      }
      mine.set(key, { op, value: valueKey(pairs[pairs.length - 1].value) });
    }
  }
}
