// The history folded for the plots: latency pairs each completion with its process's
// invocation, throughput counts every completion, and a huge series is thinned for the page
// while the rates stay exact.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../src/runner/records/history.js';
import { createHistoryFolder, maxPointsPerSeries } from '../../../src/runner/output/history-series.js';
import { createWorkload, type WorkloadName } from '../../../src/runner/workloads/index.js';

function fold(workload: WorkloadName, ops: Omit<Op, 'index'>[]): ReturnType<ReturnType<typeof createHistoryFolder>['finish']> {
  const folder = createHistoryFolder(createWorkload(workload).values);
  for (const [index, op] of ops.entries()) folder.add({ index, ...op } as Op);
  return folder.finish();
}

describe('history series', () => {
  it('pairs completions with invocations per process, by f and outcome, nemesis apart', () => {
    const plots = fold('echo', [
      { time: 0, type: 'invoke', process: 0, f: 'echo', value: 'a' },
      { time: 1e9, type: 'invoke', process: 1, f: 'echo', value: 'b' },
      { time: 1.5e9, type: 'info', process: 'nemesis', f: 'start-partition', value: 'one' },
      { time: 1.5e9, type: 'info', process: 'nemesis', f: 'start-partition', value: ['isolated', {}] },
      { time: 2e9, type: 'ok', process: 1, f: 'echo', value: 'b' },
      { time: 3e9, type: 'info', process: 0, f: 'echo', value: 'a' },
    ]);
    expect(plots.latency.series).toEqual([
      { label: 'echo info', x: [0], y: [3000] },
      { label: 'echo ok', x: [1], y: [1000] },
    ]);
    expect(plots.durationS).toBe(3);
    expect(plots.spans).toEqual([{ kind: 'partition', start: 1.5, end: 3, label: 'one' }]);
    expect(plots.stable).toBeUndefined();
    expect(plots.counter).toBeUndefined();
  });

  it('thins a series past the cap but keeps its last point, and counts every op in the rates', () => {
    const n = maxPointsPerSeries * 2 + 7;
    const ops: Omit<Op, 'index'>[] = [];
    for (let i = 0; i < n; i++) {
      ops.push({ time: i * 1e6, type: 'invoke', process: 0, f: 'echo', value: i });
      ops.push({ time: i * 1e6 + 5e5, type: 'ok', process: 0, f: 'echo', value: i });
    }
    const plots = fold('echo', ops);
    const [series] = plots.latency.series;
    expect(plots.latency.sampled).toBe(true);
    expect(series.x).toHaveLength(maxPointsPerSeries);
    expect(series.x[series.x.length - 1]).toBe((n - 1) / 1000);
    const { bucketS, series: rates } = plots.throughput;
    expect(Math.round(rates[0].y.reduce((a, b) => a + b, 0) * bucketS)).toBe(n);
  });

  it("plots a set's elements and a counter's reads by the names their workload gives the ops", () => {
    const setOps = (add: string): Omit<Op, 'index'>[] => [
      { time: 0, type: 'invoke', process: 0, f: add, value: 1 },
      { time: 1e6, type: 'ok', process: 0, f: add, value: 1 },
      { time: 2e6, type: 'invoke', process: 1, f: 'read', value: null },
      { time: 3e6, type: 'ok', process: 1, f: 'read', value: [] },
      { time: 4e6, type: 'invoke', process: 1, f: 'read', value: null },
      { time: 5e6, type: 'ok', process: 1, f: 'read', value: [1] },
    ];
    expect(fold('broadcast', setOps('broadcast')).stable).toMatchObject({
      series: [
        { label: 'stable', x: [0.001], y: [1] },
        { label: 'lost', x: [] },
      ],
      neverRead: 0,
    });
    expect(fold('g-set', setOps('add')).stable).toMatchObject({ series: [{ label: 'stable', y: [1] }, { label: 'lost' }] });
    expect(fold('g-set', setOps('broadcast')).stable?.series[0].x).toEqual([]);
    const counter = fold('g-counter', [
      { time: 0, type: 'invoke', process: 0, f: 'add', value: 2 },
      { time: 1e9, type: 'ok', process: 0, f: 'add', value: 2 },
      { time: 2e9, type: 'invoke', process: 0, f: 'read', value: null },
      { time: 3e9, type: 'ok', process: 0, f: 'read', value: 2 },
    ]);
    expect(counter.counter?.bounds).toEqual({ x: [0, 1], lower: [0, 2], upper: [0, 2] });
    expect(counter.counter?.reads[0]).toMatchObject({ x: [3], y: [2] });
    expect(counter.stable).toBeUndefined();
  });
});
