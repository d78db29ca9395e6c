// What broadcast and g-set share on the runner side (Maelstrom's workload/broadcast.clj and g_set.clj, Jepsen's set-full): half the
// operations add the integers 0, 1, 2, … in generation order, half read the set; set-full judges
// the history. The two differ only in RPC names, the add's f, error wrapping and the final
// reads' flag.
import type { Body } from '../../maelstrom/message.js';
import { onlyField, type RpcShape } from '../../workloads/rpc.js';
import { quantileText } from '../checkers/quantiles.js';
import { checkSetFull, type SetFullResult } from '../checkers/set-full.js';
import { describeOp, elementList, grid, json, table, type Row } from '../base/plain-text.js';
import { finalReads } from './final-reads.js';
import { completeOp, type ClientStyle, type PlannedOp } from './outcome.js';
import type { Workload, WorkloadName, WorkloadValues } from './workload.js';

export interface SetWorkloadSpec {
  name: WorkloadName;
  add: RpcShape;
  read: RpcShape;
  style: ClientStyle;
  /** Whether final reads carry Maelstrom's `final?` flag (broadcast's do, g-set's do not). */
  finalFlag: boolean;
  /** The history f of an add (`broadcast` for broadcast, Jepsen's `add` for g-set). */
  addF: string;
}

const shownElements = 10;
const reportedElements = 200;

export function setWorkload(spec: SetWorkloadSpec): Omit<Workload<SetFullResult, PlannedOp>, 'setupRpc'> {
  const addField = onlyField(spec.add.request);
  const readField = onlyField(spec.read.response);
  const values: WorkloadValues = { kind: 'set', add: spec.addF, read: 'read' };
  const read: PlannedOp = { f: values.read, value: null, rpc: spec.read, fields: {} };
  return {
    name: spec.name,
    values,
    generator(random) {
      let next = 0;
      return () => {
        if (random() < 0.5) return read;
        const value = next++;
        return { f: values.add, value, rpc: spec.add, fields: { [addField]: value } };
      };
    },
    final: finalReads<PlannedOp>(spec.finalFlag ? { ...read, final: true } : read),
    complete: (op, outcome) => completeOp(spec.style, op, outcome, (body: Body) => (op.f === values.read ? (body[readField] ?? null) : op.value)),
    check: (history) => checkSetFull(history, values),
    summaryRows: (result) => setRows(result, shownElements),
    reportLines,
  };
}

function setRows(w: SetFullResult, limit: number): Row[] {
  const rows: Row[] = [
    [
      'elements',
      `attempted ${w['attempt-count']}, stable ${w['stable-count']}, lost ${w['lost-count']}, ` +
        `never-read ${w['never-read-count']}, stale ${w['stale-count']}`,
    ],
  ];
  if (w['lost-count'] > 0) rows.push(['lost', elementList(w.lost, limit)]);
  if (w['never-read-count'] > 0) rows.push(['never-read', elementList(w['never-read'], limit)]);
  if (w['stable-latencies'] !== undefined) rows.push(['stable latency', quantileText(w['stable-latencies'])]);
  if (w['lost-latencies'] !== undefined) rows.push(['lost latency', quantileText(w['lost-latencies'])]);
  return rows;
}

function reportLines(w: SetFullResult): string[] {
  const rows = setRows(w, reportedElements);
  if (w['stale-count'] > 0) rows.push(['stale', elementList(w.stale, reportedElements)]);
  const lines = table(rows);
  if (w['worst-stale'].length === 0) return lines;
  lines.push('', 'Worst stale elements (latency from known to just after the last read that missed it):');
  const worst = w['worst-stale'].map((s) => [
    json(s.element),
    String(s['stable-latency']),
    describeOp(s.known),
    s['last-absent'] !== null ? describeOp(s['last-absent']) : '-',
  ]);
  lines.push(...grid(['element', 'latency ms', 'known', 'last absent'], worst, [1]));
  return lines;
}
