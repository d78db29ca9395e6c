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
import {
  checkLinearizability,
  counterexampleLines,
  resultLines,
  resultSummary,
  type IndependentResult,
  type KeyResult,
} from '../checkers/linearizability/index.js';
import type { Row } from '../base/plain-text.js';
import { randomInt, type Random } from '../base/random.js';
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

/** Maelstrom's per-key result: the linearizability verdict beside the (always valid) timeline. */
export interface LinKvKeyResult extends KeyResult {
  timeline: { 'valid?': true };
}

export interface LinKvResult extends Omit<IndependentResult, 'results'> {
  results: Record<string, LinKvKeyResult>;
}

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

export function createLinKv(options: WorkloadOptions): Workload<LinKvResult, LinKvOp> {
  const n = options.nodes.length;
  return {
    name: 'lin-kv',
    generator: (random) => concurrentGenerator(2 * n, (key) => registerGenerator(key, n, random), random),
    client: { reusable: true, timeoutMs: Math.max(10 * options.latency, 1000) },
    complete: (op, outcome) =>
      completeOp({ wraps: true, idempotent: new Set(['read']) }, op, outcome, (body: Body) => (op.f === 'read' ? [op.value[0], body.value] : op.value)),
    check: (history) => withTimelines(checkLinearizability(history)),
    summaryRows: rows,
    reportLines: resultLines,
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

/** Jepsen's independent checker runs a timeline (always valid) beside each key's linearizable. */
function withTimelines(result: IndependentResult): LinKvResult {
  const results: Record<string, LinKvKeyResult> = {};
  for (const [key, r] of Object.entries(result.results)) results[key] = { ...r, timeline: { 'valid?': true } };
  return { ...result, results };
}

/** The verdict per key, then the first refuted key's counterexample: which key, which ops, and
 *  where no order works. */
function rows(result: LinKvResult): Row[] {
  const out: Row[] = [['keys', resultSummary(result)]];
  const refuted = Object.values(result.results).find((k) => k.linearizable.counterexample);
  if (refuted) out.push(['counterexample', counterexampleLines(refuted.linearizable.counterexample!).join('\n')]);
  return out;
}
