// The kafka checker's rows in the terminal summary and its section of report.txt: which error
// types fail the run and how often, the worst realtime lag, and for report.txt one line per
// case Maelstrom keeps, each naming the key, the values and the ops involved.
import type { Op } from '../../records/history.js';
import { elementList, json, table, type Row } from '../../base/plain-text.js';
import type { CaseGroup, CycleCase, CycleStep } from './cases.js';
import { allowedErrorTypes, type KafkaErrors, type KafkaErrorType, type KafkaResult } from './result.js';

const shownMessages = 10;

/** Cases of a type: the count, or for unseen the number of messages. */
function caseCount(r: KafkaResult, type: KafkaErrorType): number {
  if (type === 'unseen') return Object.values(r.unseen?.unseen ?? {}).reduce((a, b) => a + b, 0);
  return (r[type] as { count: number } | undefined)?.count ?? 0;
}

const typeList = (r: KafkaResult, types: KafkaErrorType[]): string => types.map((t) => `${t} ${caseCount(r, t)}`).join(', ');

export function kafkaSummaryRows(r: KafkaResult): Row[] {
  const allowed = r['error-types'].filter((t) => allowedErrorTypes.has(t));
  const errors = r['bad-error-types'].length > 0 ? typeList(r, r['bad-error-types']) : 'none';
  const rows: Row[] = [['kafka errors', allowed.length > 0 ? `${errors} (allowed: ${typeList(r, allowed)})` : errors]];
  if (r.unseen !== undefined)
    rows.push(['unseen', `${caseCount(r, 'unseen')} acknowledged messages in ${Object.keys(r.unseen.unseen).length} keys never polled`]);
  const lag = r['worst-realtime-lag'];
  const where = lag.key === undefined ? '' : ` (process ${lag.process}, key ${json(lag.key)}, poll invoked at ${lag.time.toFixed(3)} s)`;
  rows.push(['worst realtime lag', `${lag.lag.toFixed(3)} s${where}`]);
  if (r['info-txn-causes'].length > 0) rows.push(['info causes', r['info-txn-causes'].map(json).join(', ')]);
  return rows;
}

export function kafkaReportLines(r: KafkaResult): string[] {
  const lines = table(kafkaSummaryRows(r));
  for (const type of r['error-types']) {
    lines.push('', `${type} (${caseCount(r, type)}${allowedErrorTypes.has(type) ? ', allowed' : ''}):`);
    lines.push(...caseLines(r, type).map((l) => `  ${l}`));
  }
  return lines;
}

const opLabel = (op: Op): string => `#${op.index} ${op.type} ${op.f} p${op.process} @${(op.time / 1e6).toFixed(3)}ms`;
const k = json;

type Describers = { [T in KafkaErrorType]-?: (c: NonNullable<KafkaErrors[T]> extends CaseGroup<infer C> ? C : never) => string };

const describe: Omit<Describers, 'unseen' | 'empty-transaction-graph'> = {
  duplicate: (c) => `key ${k(c.key)}: ${json(c.value)} at ${c.count} offsets ${json(c.offsets)}`,
  'inconsistent-offsets': (c) => `key ${k(c.key)}: offset ${c.offset} (index ${c.index}) holds ${json(c.values)}`,
  'lost-write': (c) =>
    `key ${k(c.key)}: ${json(c.value)} (index ${c.index}) never polled though index ${c['max-read-index']} was${c['max-read'] ? ` (by ${opLabel(c['max-read'])})` : ''}; sent by ${opLabel(c.writer)}`,
  'poll-skip': (c) => `key ${k(c.key)}: skipped ${json(c.skipped)} (delta ${c.delta}) from ${opLabel(c.ops[0])} to ${opLabel(c.ops[1])}`,
  'nonmonotonic-poll': (c) =>
    `key ${k(c.key)}: ${json(c.values[0])} then ${json(c.values[1])} (delta ${c.delta}) from ${opLabel(c.ops[0])} to ${opLabel(c.ops[1])}`,
  'int-poll-skip': (c) => `key ${k(c.key)}: ${json(c.values[0])} then ${json(c.values[1])} skipping ${json(c.skipped)} (delta ${c.delta}) in ${opLabel(c.op)}`,
  'int-nonmonotonic-poll': (c) => `key ${k(c.key)}: ${json(c.values[0])} then ${json(c.values[1])} (delta ${c.delta}) in ${opLabel(c.op)}`,
  'nonmonotonic-send': (c) =>
    `key ${k(c.key)}: ${json(c.values[0])} then ${json(c.values[1])} (delta ${c.delta}) from ${opLabel(c.ops[0])} to ${opLabel(c.ops[1])}`,
  'int-send-skip': (c) => `key ${k(c.key)}: ${json(c.values[0])} then ${json(c.values[1])} skipping ${json(c.skipped)} (delta ${c.delta}) in ${opLabel(c.op)}`,
  'int-nonmonotonic-send': (c) => `key ${k(c.key)}: ${json(c.values[0])} then ${json(c.values[1])} (delta ${c.delta}) in ${opLabel(c.op)}`,
  G1a: (c) => `key ${k(c.key)}: ${json(c.value)} sent by failed ${opLabel(c.writer)}, polled by ${opLabel(c.reader)}`,
  'precommitted-read': (c) => `key ${k(c.key)}: ${opLabel(c.op)} polled its own ${json(c.value)}`,
  G1c: cycleLine,
  'G1c-realtime': cycleLine,
};

function stepText(s: CycleStep, a: string, b: string): string {
  if (s.type === 'wr') return `${a} sent ${json(s.value)} to ${k(s.key)}, which ${b} polled`;
  return `${a} completed at index ${s["a'"].index} before ${b} was invoked at index ${s.b.index}`;
}

function cycleLine(c: CycleCase): string {
  const names = c.cycle.slice(0, -1).map((_, i) => `T${i + 1}`);
  const binding = c.cycle.slice(0, -1).map((op, i) => `${names[i]} = ${opLabel(op)}`);
  const steps = c.steps.map((s, i) => stepText(s, names[i], names[(i + 1) % names.length]));
  return `${binding.join(', ')}: ${steps.join('; ')}`;
}

function caseLines(r: KafkaResult, type: KafkaErrorType): string[] {
  if (type === 'unseen') {
    return Object.entries(r.unseen?.messages ?? {}).map(([key, vs]) => `key ${k(key)}: ${r.unseen!.unseen[key]} unseen: ${elementList(vs, shownMessages)}`);
  }
  if (type === 'empty-transaction-graph') return ["no send or poll completed before another began, and none polled another's message"];
  const entry = r[type] as CaseGroup<unknown>;
  const line = describe[type] as (c: unknown) => string;
  const lines = entry.errs.map(line);
  if (entry.count > entry.errs.length) lines.push(`… and ${entry.count - entry.errs.length} more`);
  return lines;
}
