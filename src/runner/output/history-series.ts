// The history folded, one op at a time, into what the report plots: each client op's latency by
// f and outcome, completions per second, the nemesis's spans and marks, each set element's
// stable latency, and for counters the reads against the range the adds allow.
import type { Op } from '../records/history.js';
import type { WorkloadValues } from '../workloads/index.js';
import { createFaultTracker } from './fault-spans.js';
import type { CounterData, FaultMark, FaultSpan, LineSeries, PointSeries } from './report-data.js';
import { createSetTracker } from './set-elements.js';
import { bucketWidth, roundTo, sampleSeries, strideIndexes } from './series-math.js';

/** Points per scatter series before it is thinned by a stride (keeps the page small). */
export const maxPointsPerSeries = 20_000;

export interface HistoryPlots {
  durationS: number;
  latency: { series: PointSeries[]; sampled: boolean };
  throughput: { bucketS: number; x: number[]; series: LineSeries[] };
  stable?: { series: PointSeries[]; neverRead: number; sampled: boolean };
  counter?: Omit<CounterData, 'acceptable'>;
  spans: FaultSpan[];
  marks: FaultMark[];
}

export interface HistoryFolder {
  add(op: Op): void;
  finish(): HistoryPlots;
}

const s = (ns: number): number => ns / 1e9;

/** `values`: what the workload's ops add to and read (a set's elements or a counter's sum get plots of their own). */
export function createHistoryFolder(values: WorkloadValues | undefined): HistoryFolder {
  const invoked = new Map<number, Op>();
  const latency = new Map<string, PointSeries>();
  const completions = new Map<string, number[]>();
  const faults = createFaultTracker();
  const set = values?.kind === 'set' ? createSetTracker(values) : undefined;
  const counter = values?.kind === 'counter' ? createCounterFolder(values) : undefined;
  let lastNs = 0;

  return {
    add(op) {
      lastNs = Math.max(lastNs, op.time);
      set?.add(op);
      if (op.process === 'nemesis') {
        faults.add({ t: roundTo(s(op.time), 6), type: op.type, f: op.f, value: op.value });
        return;
      }
      if (op.type === 'invoke') {
        invoked.set(op.process, op);
        return;
      }
      const inv = invoked.get(op.process);
      invoked.delete(op.process);
      counter?.add(op, inv);
      const key = `${op.f} ${op.type}`;
      const times = completions.get(key) ?? [];
      times.push(s(op.time));
      completions.set(key, times);
      if (inv === undefined) return;
      const series = latency.get(key) ?? { label: key, x: [], y: [] };
      series.x.push(roundTo(s(inv.time), 4));
      series.y.push(roundTo((op.time - inv.time) / 1e6, 2));
      latency.set(key, series);
    },
    finish() {
      const durationS = s(lastNs);
      const latencySeries = [...latency.values()].sort(byLabel).map((p) => sampleSeries(p, maxPointsPerSeries));
      return {
        durationS,
        latency: { series: latencySeries.map((r) => r.series), sampled: latencySeries.some((r) => r.sampled) },
        throughput: rates(completions, durationS),
        stable: set ? stablePlot(set.finish()) : undefined,
        counter: counter?.finish(),
        ...faults.finish(durationS),
      };
    },
  };
}

const byLabel = (a: { label: string }, b: { label: string }): number => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** Completions per second in fixed buckets, one line per f and outcome. */
function rates(completions: Map<string, number[]>, durationS: number): HistoryPlots['throughput'] {
  const bucketS = bucketWidth(durationS);
  const count = Math.max(1, Math.ceil(durationS / bucketS + 1e-9));
  const x = Array.from({ length: count }, (_, i) => roundTo(i * bucketS, 4));
  const series = [...completions.entries()]
    .map(([label, times]) => {
      const y = new Array<number>(count).fill(0);
      for (const t of times) y[Math.min(count - 1, Math.floor(t / bucketS))]++;
      return { label, y: y.map((c) => roundTo(c / bucketS, 2)) };
    })
    .sort(byLabel);
  return { bucketS, x, series };
}

function stablePlot(fates: ReturnType<ReturnType<typeof createSetTracker>['finish']>): HistoryPlots['stable'] {
  const stable: PointSeries = { label: 'stable', x: [], y: [] };
  const lost: PointSeries = { label: 'lost', x: [], y: [] };
  let neverRead = 0;
  const sorted = fates.filter((f) => f.knownTime !== undefined).sort((a, b) => (a.knownTime ?? 0) - (b.knownTime ?? 0));
  for (const f of fates) if (f.outcome === 'never-read') neverRead++;
  for (const f of sorted) {
    const target = f.outcome === 'stable' ? stable : f.outcome === 'lost' ? lost : undefined;
    target?.x.push(roundTo(s(f.knownTime ?? 0), 4));
    target?.y.push(f.latencyMs);
  }
  const parts = [stable, lost].map((p) => sampleSeries(p, maxPointsPerSeries));
  return { series: parts.map((p) => p.series), neverRead, sampled: parts.some((p) => p.sampled) };
}

/** Counter reads, and the running sum of acknowledged adds widened by the indeterminate ones. */
function createCounterFolder(ops: WorkloadValues): { add(op: Op, inv: Op | undefined): void; finish(): Omit<CounterData, 'acceptable'> } {
  const reads: PointSeries = { label: 'read', x: [], y: [] };
  const finals: PointSeries = { label: 'final read', x: [], y: [] };
  const bounds = { x: [0], lower: [0], upper: [0] };
  let lower = 0;
  let upper = 0;
  return {
    add(op, inv) {
      if (op.f === ops.read && op.type === 'ok' && typeof op.value === 'number') {
        const target = op.final === true ? finals : reads;
        target.x.push(roundTo(s(op.time), 4));
        target.y.push(op.value);
      } else if (op.f === ops.add && (op.type === 'ok' || op.type === 'info')) {
        const delta = typeof op.value === 'number' ? op.value : typeof inv?.value === 'number' ? inv.value : 0;
        if (op.type === 'ok' || delta < 0) lower += delta;
        if (op.type === 'ok' || delta > 0) upper += delta;
        bounds.x.push(roundTo(s(op.time), 4));
        bounds.lower.push(lower);
        bounds.upper.push(upper);
      }
    },
    finish() {
      const r = sampleSeries(reads, maxPointsPerSeries).series;
      const keep = strideIndexes(bounds.x.length, maxPointsPerSeries);
      const thin = (a: number[]): number[] => (keep ? keep.map((i) => a[i]) : a);
      return { reads: [r, finals], bounds: { x: thin(bounds.x), lower: thin(bounds.lower), upper: thin(bounds.upper) } };
    },
  };
}
