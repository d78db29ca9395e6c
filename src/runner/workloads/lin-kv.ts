// Maelstrom's lin-kv workload on the runner side (Maelstrom's workload/lin_kv.clj, Jepsen's
// tests/linearizable_register.clj): independent keys 0, 1, 2, … each worked on by a group of 2n
// threads; in the group holding threads 0…n−1 those threads only read, every other thread
// writes (⅓) or compare-and-sets (⅔) values 0–4; a key retires once its group has seen more
// than 20 processes. Values are [key value] tuples. The client keeps its id after an :info, waits
// max(10 × latency, 1 s), and wraps errors with `read` idempotent. The checker splits the history
// by key and checks each key's register for linearizability (Jepsen's independent checker with
// Knossos's cas-register model).
import type { Body } from '../../maelstrom/message.js';
import { linKvRpcs } from '../../workloads/rpc.js';
import { checkIndependent, type IndependentResult, type KeyResult } from '../checkers/independent.js';
import { mergeValid, type Validity } from '../checkers/valid.js';
import type { Op } from '../history.js';
import { json, table, type Row } from '../plain-text.js';
import { randomInt, type Random } from '../random.js';
import { fromStream, processLimit, reserve, type OpGenerator } from './generator.js';
import { concurrentGenerator, groupProblem } from './independent.js';
import { completeOp, type PlannedOp } from './outcome.js';
import type { Workload, WorkloadOptions } from './workload.js';

/** Jepsen's linearizable-register default: a key serves at most this many processes. */
export const processLimitPerKey = 20;

export interface LinKvOp extends PlannedOp {
  /** [key, value]: read [k null], write [k v], cas [k [from to]]. */
  value: [number, unknown];
}

/** What the linearizability checker says of one key's register. */
export interface LinearizableResult extends KeyResult {
  [detail: string]: unknown;
}

/** Maelstrom's per-key result: the linearizability verdict beside the (always valid) timeline. */
export interface LinKvKeyResult extends KeyResult {
  linearizable: LinearizableResult;
  timeline: { 'valid?': true };
}

export type LinKvResult = IndependentResult<LinKvKeyResult>;

/** One key's operations, values unwrapped (reads [k v] → v), nemesis ops included. */
export type RegisterChecker = (ops: readonly Op[]) => LinearizableResult;

// The linearizability checker (checkers/linearizability/) plugs in here, one call per key. Until it
// lands, every key is "unknown": never a guess.
const checkLinearizable: RegisterChecker = () => ({ 'valid?': 'unknown', error: 'no linearizability checker in this build yet' });

/** Why lin-kv cannot run with these options (Maelstrom would fail or hang), or undefined. */
export function linKvProblem(options: WorkloadOptions): string | undefined {
  const group = 2 * options.nodes.length;
  if (group > processLimitPerKey) {
    return (
      `lin-kv runs each key on 2n = ${group} threads, more than Jepsen's limit of ${processLimitPerKey} processes per key: ` +
      `Maelstrom's generator would retire every key before its first operation and spin forever; test at most ${processLimitPerKey / 2} nodes`
    );
  }
  const problem = groupProblem(options.concurrency, group);
  if (problem === undefined) return undefined;
  return (
    `--concurrency must be a multiple of 2n = ${group} for lin-kv, got ${options.concurrency}: ${problem} ` +
    `(Maelstrom's generator fails at the first operation for the same reason); try --concurrency 2n`
  );
}

export function createLinKv(options: WorkloadOptions, checkKey: RegisterChecker = checkLinearizable): Workload<LinKvResult, LinKvOp> {
  const n = options.nodes.length;
  return {
    name: 'lin-kv',
    generator: (random) => concurrentGenerator(2 * n, (key) => registerGenerator(key, n, random), random),
    client: { reusable: true, timeoutMs: Math.max(10 * options.latency, 1000) },
    complete: (op, outcome) =>
      completeOp({ wraps: true, idempotent: new Set(['read']) }, op, outcome, (body: Body) => (op.f === 'read' ? [op.value[0], body.value] : op.value)),
    check: (history) => checkIndependent(history, (ops) => keyResult(checkKey(ops))),
    summaryRows: (result) => rows(result, 10),
    reportLines: (result) => [...table(rows(result, Infinity)), '', ...keyLines(result)],
  };
}

/** Jepsen's (gen/process-limit 20 (gen/reserve n r (gen/mix [w cas cas]))) for one key. */
function registerGenerator(key: number, n: number, random: Random): OpGenerator<LinKvOp> {
  const read = fromStream<LinKvOp>(() => ({ f: 'read', value: [key, null], rpc: linKvRpcs.read, fields: { key } }));
  const writeOrCas = fromStream<LinKvOp>(() => {
    if (randomInt(random, 0, 2) === 0) {
      const value = randomInt(random, 0, 4);
      return { f: 'write', value: [key, value], rpc: linKvRpcs.write, fields: { key, value } };
    }
    const from = randomInt(random, 0, 4);
    const to = randomInt(random, 0, 4);
    return { f: 'cas', value: [key, [from, to]], rpc: linKvRpcs.cas, fields: { key, from, to } };
  });
  return processLimit(processLimitPerKey, reserve(n, read, writeOrCas, random));
}

function keyResult(linearizable: LinearizableResult): LinKvKeyResult {
  const timeline = { 'valid?': true } as const;
  return { linearizable, timeline, 'valid?': mergeValid([linearizable['valid?'], timeline['valid?']]) };
}

function rows(result: LinKvResult, limit: number): Row[] {
  const entries = Object.entries(result.results);
  const count = (v: Validity): number => entries.filter(([, r]) => r['valid?'] === v).length;
  const out: Row[] = [['keys', `${entries.length} checked: ${count(true)} linearizable, ${count(false)} not, ${count('unknown')} unknown`]];
  if (result.failures.length > 0) {
    const shown = result.failures.slice(0, limit).map(json);
    if (result.failures.length > shown.length) shown.push(`… ${result.failures.length - shown.length} more`);
    out.push(['failures', shown.join(' ')]);
  }
  const firstUnknown = entries.find(([, r]) => r['valid?'] === 'unknown');
  if (firstUnknown) out.push(['unknown because', reasonOf(firstUnknown[1])]);
  return out;
}

function reasonOf(result: LinKvKeyResult | { error: string }): string {
  if ('error' in result) return result.error;
  const error = result.linearizable.error ?? result.linearizable.cause;
  return typeof error === 'string' ? error : json(error ?? 'the checker gave no reason');
}

function keyLines(result: LinKvResult): string[] {
  const lines = Object.entries(result.results).map(([key, r]) => [key, String(r['valid?'])]);
  return ['Keys:', ...lines.map(([key, verdict]) => `  ${key}: ${verdict}`)];
}
