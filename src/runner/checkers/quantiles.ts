// Jepsen's frequency-distribution as Maelstrom's set-full uses it (Jepsen's checker.clj): the
// value at q is v[min(m-1, floor(m·q))] over ascending values, computed in doubles.

export const quantilePoints: readonly number[] = [0, 0.5, 0.95, 0.99, 1];

/**
 * Keys are the points as strings: "0", "0.5", "0.95", "0.99", "1". (A JS object lists the
 * integer-like keys "0" and "1" first; read them in quantilePoints order for display.)
 */
export type Quantiles = Record<string, number>;

/** undefined for no values, as Jepsen returns nil and its callers then omit the key. */
export function quantiles(values: readonly number[], points: readonly number[] = quantilePoints): Quantiles | undefined {
  const m = values.length;
  if (m === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const out: Quantiles = {};
  for (const q of points) out[String(q)] = sorted[Math.min(m - 1, Math.floor(m * q))];
  return out;
}

/** `min 1, p50 3, p95 9, p99 9, max 9 ms`, the points in quantilePoints order. */
export function quantileText(q: Quantiles): string {
  const names: Record<string, string> = { '0': 'min', '0.5': 'p50', '0.95': 'p95', '0.99': 'p99', '1': 'max' };
  // Not Object.entries: JS orders the integer-like keys "0" and "1" before "0.5".
  const keys = [...quantilePoints.map(String), ...Object.keys(q).filter((k) => !quantilePoints.map(String).includes(k))];
  return `${keys
    .filter((k) => k in q)
    .map((k) => `${names[k] ?? k} ${q[k]}`)
    .join(', ')} ms`;
}
