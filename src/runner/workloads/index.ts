// The runner's workloads by name: one module each (Maelstrom's workload/*.clj), made for a
// test's options by createWorkload; `workloadProblem` says which options a workload cannot run.
import { broadcast } from './broadcast.js';
import { echo } from './echo.js';
import { gCounter } from './g-counter.js';
import { gSet } from './g-set.js';
import { createKafka } from './kafka.js';
import { createLinKv, linKvProblem } from './lin-kv.js';
import { pnCounter } from './pn-counter.js';
import { createTxnListAppend } from './txn-list-append.js';
import { createTxnRwRegister } from './txn-rw-register.js';
import { uniqueIds } from './unique-ids.js';
import type { Workload, WorkloadName, WorkloadOptions } from './workload.js';

interface WorkloadEntry {
  create(options: WorkloadOptions): Workload;
  /** Why these options cannot run (a usage error before any node starts), or undefined. */
  problem?(options: WorkloadOptions): string | undefined;
}

// Nothing registers at run time: the map is complete, and the type checker says so.
const registry: Readonly<Record<WorkloadName, WorkloadEntry>> = {
  echo: { create: () => echo },
  broadcast: { create: () => broadcast },
  'g-set': { create: () => gSet },
  'g-counter': { create: () => gCounter },
  'pn-counter': { create: () => pnCounter },
  'unique-ids': { create: () => uniqueIds },
  'lin-kv': { create: createLinKv, problem: linKvProblem },
  'txn-rw-register': { create: createTxnRwRegister },
  'txn-list-append': { create: createTxnListAppend },
  kafka: { create: createKafka },
};

export const workloadNames = Object.keys(registry) as WorkloadName[];

/** Maelstrom's defaults for the workload flags, on the default five nodes and one thread each. */
export const defaultWorkloadOptions: WorkloadOptions = {
  nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
  concurrency: 5,
  latency: 0,
  maxTxnLength: 4,
  maxWritesPerKey: 16,
  consistencyModels: ['strict-serializable'],
};

export function isWorkloadName(name: string): name is WorkloadName {
  return Object.hasOwn(registry, name);
}

export function createWorkload(name: WorkloadName, options: WorkloadOptions = defaultWorkloadOptions): Workload {
  return registry[name].create(options);
}

export function workloadProblem(name: WorkloadName, options: WorkloadOptions): string | undefined {
  return registry[name].problem?.(options);
}

export type {
  Workload,
  WorkloadName,
  WorkloadOptions,
  WorkloadResult,
  SetupContext,
  SetupRequest,
  ClientHandle,
  ClientSpec,
  FinalPhase,
  FinalThread,
  WorkloadValues,
} from './workload.js';
export { completeOp, type Completion, type OpPlan, type PlannedOp, type RpcOutcome, type ClientStyle } from './outcome.js';
export {
  any,
  fromStream,
  processLimit,
  reserve,
  restrict,
  staggered,
  toGenerator,
  type GeneratorContext,
  type OpGenerator,
  type OpStream,
  type ThreadView,
  type Generated,
} from './generator.js';
export { finalReads } from './final-reads.js';
