// The two transactional checkers as Maelstrom runs them: Elle's list-append checker unchanged
// for txn-list-append, and Elle's rw-register checker (writes follow reads) under Maelstrom's
// wrapper for txn-rw-register. Each: pair the history into transactions, find the anomalies
// that need no cycle, infer the dependency graph, add real-time or process edges when the
// chosen models need them, search the graph's cycles, and judge.
import type { Op } from '../../records/history.js';
import { validateModels } from './consistency-model.js';
import { analyzeCycles, type CycleSearchOptions } from './cycles.js';
import { toCsr, vertexCount } from './graph.js';
import { listAppendAnomalies, verifyUniqueAppends } from './list-append-anomalies.js';
import type { Cases } from './write-index.js';
import { inferListAppend, type Inference } from './list-append-graph.js';
import { addProcessEdges, addRealtimeEdges } from './order-graphs.js';
import { registerAnomalies, verifyKeyTypes } from './register-anomalies.js';
import { inferRegister } from './register-graph.js';
import { additionalGraph, defaultModels, maelstromRegisterResult, resultMap, type TxnResult } from './result.js';
import { collectTransactions, type Txn } from './transactions.js';

export interface TxnCheckOptions {
  /** Elle's friendly or canonical names; strict-serializable by default. */
  consistencyModels?: readonly string[];
  /** Per strongly connected component; 1000 ms by default, as in Elle. */
  cycleSearchTimeoutMs?: number;
  /** Clock for that budget, in ms (performance.now by default). */
  now?: () => number;
}

/** Everything the analysis found, before it is judged: for reports that want the graph too. */
export interface TxnAnalysis {
  models: readonly string[];
  anomalies: Map<string, unknown>;
  /** Transactions and dependency edges in the graph, and its nontrivial components. */
  graph: { vertices: number; edges: number; sccs: number[] };
}

export function analyzeListAppend(history: readonly Op[], options: TxnCheckOptions = {}): TxnAnalysis {
  const models = modelsOf(options);
  const txns = collectTransactions(history, ['r', 'append']);
  verifyUniqueAppends(txns);
  const found = listAppendAnomalies(txns);
  return analyze(history, txns, models, inferListAppend(txns), found, options);
}

export function analyzeRwRegister(history: readonly Op[], options: TxnCheckOptions = {}): TxnAnalysis {
  const models = modelsOf(options);
  const txns = collectTransactions(history, ['r', 'w']);
  const inference = inferRegister(txns);
  const found = registerAnomalies(txns);
  verifyKeyTypes(txns);
  return analyze(history, txns, models, inference, new Map([...inference.anomalies, ...found]), options);
}

/** Elle's list-append checker, as txn-list-append reports it. */
export function checkListAppend(history: readonly Op[], options: TxnCheckOptions = {}): TxnResult {
  const a = analyzeListAppend(history, options);
  return resultMap(a.models, a.anomalies);
}

/** Elle's rw-register checker with writes-follow-reads inference, unwrapped. */
export function checkRwRegister(history: readonly Op[], options: TxnCheckOptions = {}): TxnResult {
  const a = analyzeRwRegister(history, options);
  return resultMap(a.models, a.anomalies);
}

/** What txn-rw-register reports: the rw-register result through Maelstrom's wrapper. */
export function checkTxnRwRegister(history: readonly Op[], options: TxnCheckOptions = {}): TxnResult {
  return maelstromRegisterResult(checkRwRegister(history, options));
}

function modelsOf(options: TxnCheckOptions): readonly string[] {
  const models = options.consistencyModels ?? defaultModels;
  validateModels(models);
  return models;
}

function analyze(
  history: readonly Op[],
  txns: readonly Txn[],
  models: readonly string[],
  inference: Inference,
  found: Cases,
  options: TxnCheckOptions,
): TxnAnalysis {
  const { edges } = inference;
  const extra = additionalGraph(models);
  if (extra === 'realtime') addRealtimeEdges(edges, history, txns);
  if (extra === 'process') addProcessEdges(edges, history, txns);
  const anomalies = new Map<string, unknown>();
  if (vertexCount(edges) === 0) anomalies.set('empty-transaction-graph', true);
  const search: CycleSearchOptions = { budgetMs: options.cycleSearchTimeoutMs ?? 1000, now: options.now ?? (() => performance.now()) };
  const csr = toCsr(edges);
  const cycles = analyzeCycles(csr, txns, inference.priority, inference.explain, search);
  for (const [type, cases] of cycles.anomalies) anomalies.set(type, cases);
  for (const [type, cases] of found) anomalies.set(type, cases);
  return { models, anomalies, graph: { vertices: vertexCount(edges), edges: csr.to.length, sccs: cycles.sccs.map((c) => c.length) } };
}
