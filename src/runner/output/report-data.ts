// The compact data behind report.html: what the report writer aggregates from a results folder
// and embeds in the page as JSON, and what the page draws. Plain data only (shared by the Node
// writer and the browser bundle). Times are seconds since the test's origin, latencies ms.
import type { TimelineData } from '../checkers/linearizability/index.js';

export type Verdict = true | false | 'unknown';

export interface ReportData {
  title: string;
  /** The results folder's name (its timestamp). */
  run: string;
  /** Overall valid?; 'error' when the test could not complete (no results.json). */
  verdict: Verdict | 'error';
  error?: string;
  checkers: { name: string; valid: Verdict; error?: string }[];
  /** Key figures for the header, in order. */
  figures: Figure[];
  command?: string;
  /** Sibling files worth a link (relative names that exist in the folder). */
  files: string[];
  durationS: number;
  /** Faults with a start and an end (partitions, kills, pauses): shaded on the time plots. */
  spans: FaultSpan[];
  /** Nemesis operations that open or close nothing (fault notes and the like): marked. */
  marks: FaultMark[];
  latency: { series: PointSeries[]; sampled: boolean };
  throughput: { bucketS: number; x: number[]; series: LineSeries[] };
  stable?: { series: PointSeries[]; neverRead: number; sampled: boolean };
  counter?: CounterData;
  messages?: MessageRates;
  lamport?: LamportData;
  /** Cycles a transactional checker found (txn workloads only, and only when it found one). */
  txnCycles?: TxnCycleData;
  /** Keys the linearizability checker found not linearizable (lin-kv): each one's counterexample. */
  linearizability?: TimelineData[];
}

export interface Figure {
  label: string;
  value: string;
  /** Shown as a problem (red). */
  bad?: boolean;
}

export interface FaultSpan {
  /** partition, kill, pause, … (the f with start-/stop- removed). */
  kind: string;
  start: number;
  end: number;
  label: string;
}

export interface FaultMark {
  t: number;
  f: string;
  label: string;
}

/** A scatter series: one point per x. */
export interface PointSeries {
  label: string;
  x: number[];
  y: number[];
}

/** A line series over the x of its chart. */
export interface LineSeries {
  label: string;
  y: number[];
}

export interface CounterData {
  /** ok reads (final ones separately). */
  reads: PointSeries[];
  /** Running bounds of the counter from the adds: ok sum plus the indeterminate deltas. */
  bounds: { x: number[]; lower: number[]; upper: number[] };
  /** checker's acceptable intervals for the final reads. */
  acceptable: [number, number][];
}

export interface MessageRates {
  bucketS: number;
  x: number[];
  nodes: string[];
  /** Per node, messages per second it sent to other servers. */
  servers: number[][];
  /** Per node, messages per second exchanged with clients (requests in, replies out). */
  clients: number[][];
}

export interface LamportData {
  /** Column names: the nodes, then the clients that appear in the window. */
  processes: string[];
  nodeCount: number;
  start: number;
  end: number;
  /** [from column, to column, send time, receive time or -1 if never delivered, body type]. */
  messages: [number, number, number, number, string][];
  /** True when the window stopped at its message cap before the run ended. */
  truncated: boolean;
}

export interface TxnCycleData {
  /** The cycles drawn, in the result's order of anomaly types. */
  cycles: TxnCycleDrawing[];
  /** Cycle cases in the result, drawn or not. */
  total: number;
}

export interface TxnCycleDrawing {
  /** The anomaly, e.g. G-single-item. */
  type: string;
  txns: TxnBox[];
  /** steps[i] leads from txns[i] to the next transaction (the last back to the first). */
  steps: TxnEdge[];
}

export interface TxnBox {
  /** T1, T2, … as the explanation names them. */
  name: string;
  /** The completion's index in the history. */
  index: number;
  process: string;
  outcome: string;
  /** The micro-ops, one short text each. */
  mops: string[];
}

export interface TxnEdge {
  /** ww, wr, rw, realtime or process. */
  rel: string;
  /** Short: the relation, key and values. */
  label: string;
  /** Elle's sentence for the step. */
  why: string;
}
