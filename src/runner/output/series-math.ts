// Small numeric helpers for the report's series: rounding for a compact JSON, a readable bucket
// width, and thinning a series that would make the page too large.
import type { PointSeries } from './report-data.js';

export function roundTo(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

// Below a quarter second a bucket holds too few ops at Maelstrom's rates to read as a rate.
const niceWidths = [0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

/** A round bucket width that cuts `durationS` into about `buckets` pieces (at most). */
export function bucketWidth(durationS: number, buckets = 40): number {
  const want = durationS / buckets;
  return niceWidths.find((w) => w >= want) ?? niceWidths[niceWidths.length - 1];
}

/** Every k-th index of `length` so that at most `cap` remain (the last one always kept). */
export function strideIndexes(length: number, cap: number): number[] | undefined {
  if (length <= cap) return undefined;
  const step = length / cap;
  const keep: number[] = [];
  for (let i = 0; i < cap; i++) keep.push(Math.floor(i * step));
  if (keep[keep.length - 1] !== length - 1) keep[keep.length - 1] = length - 1;
  return keep;
}

export function sampleSeries(series: PointSeries, cap: number): { series: PointSeries; sampled: boolean } {
  const keep = strideIndexes(series.x.length, cap);
  if (!keep) return { series, sampled: false };
  return { series: { label: series.label, x: keep.map((i) => series.x[i]), y: keep.map((i) => series.y[i]) }, sampled: true };
}
