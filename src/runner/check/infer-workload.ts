// Which workload a history belongs to when `ygossip check` is not told: the results folder says
// (our test.json), or Maelstrom's store layout does (store/<workload>/<time>/history.edn: the
// test is named after its workload), or, last, the ops' names do when they belong to one
// workload only. Histories none of these settle need -w.
import { basename, dirname } from 'node:path';
import type { Op } from '../records/history.js';
import { isWorkloadName, type WorkloadName } from '../workloads/index.js';

export interface Inferred {
  workload: WorkloadName;
  /** What told: test.json, the folder's name, or the ops. */
  from: 'test.json' | 'folder' | 'ops';
}

export function inferWorkload(historyPath: string, test: Record<string, unknown> | undefined, ops: readonly Op[]): Inferred | undefined {
  if (typeof test?.workload === 'string' && isWorkloadName(test.workload)) return { workload: test.workload, from: 'test.json' };
  const testName = basename(dirname(dirname(historyPath)));
  if (isWorkloadName(testName)) return { workload: testName, from: 'folder' };
  const fromOps = workloadOfOps(ops);
  return fromOps === undefined ? undefined : { workload: fromOps, from: 'ops' };
}

/** The workload whose client ops these are, when their fs and values leave one choice. */
export function workloadOfOps(ops: readonly Op[]): WorkloadName | undefined {
  const client = ops.filter((op) => op.process !== 'nemesis');
  const fs = new Set(client.map((op) => op.f));
  if (fs.has('generate')) return 'unique-ids';
  if (fs.has('echo')) return 'echo';
  if (fs.has('broadcast')) return 'broadcast';
  if (fs.has('txn')) return txnWorkloadOf(client);
  if (fs.has('send') || fs.has('poll')) return 'kafka';
  if (fs.has('cas') || fs.has('write')) return client.every((op) => Array.isArray(op.value) && op.value.length === 2) ? 'lin-kv' : undefined;
  if (!fs.has('add')) return undefined;
  // g-set reads return lists, counter reads numbers; both counters share one checker.
  const reads = client.filter((op) => op.f === 'read' && op.type === 'ok');
  if (reads.some((op) => Array.isArray(op.value) || op.value === null)) return 'g-set';
  const negative = client.some((op) => op.f === 'add' && typeof op.value === 'number' && op.value < 0);
  return reads.length > 0 || negative ? (negative ? 'pn-counter' : 'g-counter') : undefined;
}

/** Appends name list-append, writes rw-register; transactions of reads alone could be either. */
function txnWorkloadOf(ops: readonly Op[]): WorkloadName | undefined {
  const fs = new Set<unknown>();
  for (const op of ops) if (op.f === 'txn' && Array.isArray(op.value)) for (const m of op.value) if (Array.isArray(m)) fs.add(m[0]);
  if (fs.has('append') === fs.has('w')) return undefined;
  return fs.has('append') ? 'txn-list-append' : 'txn-rw-register';
}
