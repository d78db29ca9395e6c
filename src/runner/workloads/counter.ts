// What g-counter and pn-counter share on the runner side (Maelstrom's workload/pn_counter.clj and g_counter.clj): half the ops
// add a delta uniform in -5…4 (g-counter redraws the negative ones), half read; every final
// read must lie in the set of sums the acknowledged and indeterminate adds allow.
import type { Body } from '../../maelstrom/message.js';
import { counterRpcs } from '../../workloads/rpc.js';
import { checkCounter, type CounterResult } from '../checkers/counter.js';
import { describeOp, table, type Row } from '../base/plain-text.js';
import { randomInt } from '../base/random.js';
import { finalReads } from './final-reads.js';
import { completeOp, type PlannedOp } from './outcome.js';
import type { Workload, WorkloadName } from './workload.js';

const read: PlannedOp = { f: 'read', value: null, rpc: counterRpcs.read, fields: {} };

export function counterWorkload(name: WorkloadName, grows: boolean): Workload<CounterResult, PlannedOp> {
  return {
    name,
    generator: (random) => () => {
      for (;;) {
        if (random() < 0.5) return read;
        const delta = randomInt(random, -5, 4);
        if (grows && delta < 0) continue;
        return { f: 'add', value: delta, rpc: counterRpcs.add, fields: { delta } };
      }
    },
    final: finalReads<PlannedOp>({ ...read, final: true }),
    values: { kind: 'counter', add: 'add', read: 'read' },
    // No with-errors wrapper: every timeout or error is :info, "maybe applied".
    complete: (op, outcome) => completeOp({ wraps: false, idempotent: new Set() }, op, outcome, (body: Body) => (op.f === 'read' ? body.value : op.value)),
    check: checkCounter,
    summaryRows: counterRows,
    reportLines: (result) => table(counterRows(result)),
  };
}

function counterRows(w: CounterResult): Row[] {
  const rows: Row[] = [
    ['final reads', w['final-reads'].length > 0 ? w['final-reads'].map(String).join(' ') : '(none)'],
    ['acceptable', w.acceptable.map(([lo, hi]) => `[${lo} ${hi}]`).join(' ')],
  ];
  if (w.errors !== null) rows.push(['bad reads', w.errors.map(describeOp).join('; ')]);
  return rows;
}
