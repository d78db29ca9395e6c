// Maelstrom's unique-ids workload on the runner side (Maelstrom's workload/unique_ids.clj): an
// endless stream of `generate` on every thread at the rate, no final phase; errors wrapped with
// nothing idempotent, and a reusable client (it keeps its id after an :info). Jepsen's
// unique-ids checker judges the acknowledged ids.
import type { Body } from '../../maelstrom/message.js';
import { uniqueIdsRpcs } from '../../workloads/rpc.js';
import { checkUniqueIds, type UniqueIdsResult } from '../checkers/unique-ids.js';
import { json, table, type Row } from '../base/plain-text.js';
import { completeOp, type PlannedOp } from './outcome.js';
import type { Workload } from './workload.js';

const generate: PlannedOp = { f: 'generate', value: null, rpc: uniqueIdsRpcs.generate, fields: {} };

const shownDuplicates = 10;

export const uniqueIds: Workload<UniqueIdsResult, PlannedOp> = {
  name: 'unique-ids',
  generator: () => () => generate,
  client: { reusable: true },
  complete: (op, outcome) => completeOp({ wraps: true, idempotent: new Set() }, op, outcome, (body: Body) => body.id),
  check: checkUniqueIds,
  summaryRows: (result) => rows(result, shownDuplicates),
  reportLines: (result) => table(rows(result, Infinity)),
};

function rows(w: UniqueIdsResult, limit: number): Row[] {
  const result: Row[] = [['ids', `attempted ${w['attempted-count']}, acknowledged ${w['acknowledged-count']}, duplicated ${w['duplicated-count']}`]];
  if (w.duplicated.length > 0) {
    const shown = w.duplicated.slice(0, limit).map(([id, times]) => `${json(id)} ×${times}`);
    if (w.duplicated.length > shown.length) shown.push(`… ${w.duplicated.length - shown.length} more`);
    result.push(['duplicated', shown.join(', ')]);
  }
  result.push(['range', w.range === null ? '(no id acknowledged)' : `${json(w.range[0])} … ${json(w.range[1])}`]);
  return result;
}
