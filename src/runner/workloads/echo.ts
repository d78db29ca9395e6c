// Maelstrom's echo workload on the runner side (Maelstrom's workload/echo.clj): "Please echo k" for k
// uniform in 0…127, no final phase; the recorded value of an ok echo is the whole reply body,
// and any echo that fails or times out makes the test invalid.
import type { Body } from '../../maelstrom/message.js';
import { echoRpcs } from '../../workloads/rpc.js';
import { checkEcho, type EchoResult } from '../checkers/echo.js';
import { json, table, type Row } from '../base/plain-text.js';
import { randomInt } from '../base/random.js';
import { completeOp, type PlannedOp } from './outcome.js';
import type { Workload } from './workload.js';

export const echo: Workload<EchoResult, PlannedOp> = {
  name: 'echo',
  generator: (random) => () => {
    const text = `Please echo ${randomInt(random, 0, 127)}`;
    return { f: 'echo', value: text, rpc: echoRpcs.echo, fields: { echo: text } };
  },
  complete: (op, outcome) => completeOp({ wraps: true, idempotent: new Set() }, op, outcome, (body: Body) => body),
  check: checkEcho,
  summaryRows: echoRows,
  reportLines(w) {
    const errors = w.errors.slice(0, 20).map((e) => `sent ${json(e[1])}, received ${json(e[3])}`);
    if (w.errors.length > errors.length) errors.push(`… ${w.errors.length - errors.length} more`);
    return [...table(echoRows(w)), ...errors];
  },
};

function echoRows(w: EchoResult): Row[] {
  const rows: Row[] = [['echo errors', String(w.errors.length)]];
  const first = w.errors[0];
  if (first !== undefined) rows.push(['first error', `sent ${json(first[1])}, received ${json(first[3])}`]);
  return rows;
}
