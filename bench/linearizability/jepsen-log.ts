// Jepsen's etcd logs (the Horn–Kroening benchmark Porcupine keeps in test_data/jepsen) as a
// recorded history: one op per log line in log order, `:info` lines closing their invocation
// as indefinite, and a read that timed out (`:fail :read :timed-out`) as indefinite too, since
// it says nothing. Lines of any other shape are skipped, as Porcupine's parser skips them.
// formatJepsenLog writes one key of our histories back in that form, so Porcupine can check it.
import type { Op, OpType } from '../../src/runner/records/history.js';

const line = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$/;
const pair = /^\[(\d+)\s+(\d+)\]$/;

function parseValue(text: string): unknown {
  if (text === 'nil' || text.startsWith(':')) return null;
  const cas = pair.exec(text);
  return cas ? [Number(cas[1]), Number(cas[2])] : Number(text);
}

export function parseJepsenLog(text: string): Op[] {
  const ops: Op[] = [];
  const invoked = new Map<number, Op>();
  for (const raw of text.split('\n')) {
    const m = line.exec(raw);
    if (!m) continue;
    const process = Number(m[1]);
    let type = m[2] as OpType;
    const f = m[3];
    let value = parseValue(m[4]);
    if (type === 'invoke') invoked.set(process, { index: 0, time: 0, type, process, f, value });
    else {
      const invocation = invoked.get(process);
      if (!invocation) continue;
      invoked.delete(process);
      if (type === 'info' || (type === 'fail' && f === 'read')) {
        type = 'info';
        value = invocation.value;
      }
    }
    ops.push({ index: ops.length, time: ops.length * 1_000_000, type, process, f, value });
  }
  return ops;
}

const logValue = (v: unknown): string => (v === null ? 'nil' : Array.isArray(v) ? `[${v.join(' ')}]` : String(v));

/** One key's ops (values `[k v]`) as Jepsen log lines: `:info` ones as timed out. */
export function formatJepsenLog(ops: readonly Op[]): string {
  return ops
    .map((op) => {
      const value = op.type === 'info' ? ':timed-out' : logValue((op.value as unknown[])[1]);
      return `INFO  jepsen.util - ${op.process}\t:${op.type}\t:${op.f}\t${value}`;
    })
    .join('\n');
}
