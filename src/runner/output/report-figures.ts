// The header of report.html: the verdict, each checker's word, and the key figures, read from
// results.json and test.json as found on disk (any field may be missing in an older or a
// failed run, so every read is defensive).
import type { Figure, ReportData, Verdict } from './report-data.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const verdictOf = (v: unknown): Verdict => (v === true || v === false ? v : 'unknown');

export function checkerVerdicts(results: Json): ReportData['checkers'] {
  return Object.entries(results)
    .filter(([name, part]) => name !== 'valid?' && obj(part) !== undefined)
    .map(([name, part]) => {
      const p = obj(part)!;
      return { name, valid: verdictOf(p['valid?']), ...(typeof p.error === 'string' ? { error: p.error } : {}) };
    });
}

export function keyFigures(results: Json | undefined, test: Json): Figure[] {
  const figures: Figure[] = [];
  if (results) {
    figures.push(...workloadFigures(obj(results.workload)));
    figures.push(...opFigures(obj(results.stats), obj(results.availability)));
    figures.push(...netFigures(obj(results.net)));
  }
  figures.push(...testFigures(test));
  return figures;
}

function workloadFigures(w: Json | undefined): Figure[] {
  if (!w) return [];
  if (typeof w.error === 'string') return [{ label: 'workload checker', value: w.error, bad: true }];
  if (num(w['attempt-count']) !== undefined) {
    const lost = num(w['lost-count']) ?? 0;
    const figures: Figure[] = [
      { label: 'elements', value: `${w['attempt-count']} attempted, ${w['stable-count']} stable` },
      { label: 'lost', value: String(lost), bad: lost > 0 },
      { label: 'never read', value: String(w['never-read-count'] ?? 0) },
      { label: 'stale', value: String(w['stale-count'] ?? 0) },
    ];
    const q = obj(w['stable-latencies']);
    if (q) figures.push({ label: 'stable latency', value: quantileText(q) });
    return figures;
  }
  if (Array.isArray(w.acceptable)) {
    const finals = Array.isArray(w['final-reads']) ? w['final-reads'] : [];
    return [
      { label: 'final reads', value: finals.length ? finals.join(' ') : '(none)', bad: w['valid?'] === false },
      { label: 'acceptable', value: (w.acceptable as unknown[]).map((r) => (Array.isArray(r) ? `[${r[0]}, ${r[1]}]` : '?')).join(' ') },
    ];
  }
  if (Array.isArray(w.errors)) return [{ label: 'echo errors', value: String(w.errors.length), bad: w.errors.length > 0 }];
  if (Array.isArray(w['anomaly-types'])) {
    // A txn checker (Elle): the anomalies found and the weakest models they rule out.
    const types = w['anomaly-types'] as string[];
    const figures: Figure[] = [{ label: 'anomalies', value: types.length ? types.join(', ') : 'none', bad: w['valid?'] === false }];
    if (Array.isArray(w.not) && w.not.length) figures.push({ label: 'not', value: (w.not as string[]).join(', '), bad: true });
    return figures;
  }
  return [];
}

function opFigures(stats: Json | undefined, availability: Json | undefined): Figure[] {
  const figures: Figure[] = [];
  if (stats && num(stats.count) !== undefined) {
    const bad = (num(stats['fail-count']) ?? 0) + (num(stats['info-count']) ?? 0) > 0;
    figures.push({ label: 'ops', value: `${stats.count}: ${stats['ok-count']} ok, ${stats['fail-count']} fail, ${stats['info-count']} info`, bad });
  }
  const okFraction = num(availability?.['ok-fraction']);
  if (okFraction !== undefined)
    figures.push({ label: 'availability', value: `${(okFraction * 100).toFixed(1)} % ok`, bad: availability?.['valid?'] === false });
  return figures;
}

function netFigures(net: Json | undefined): Figure[] {
  const servers = obj(net?.servers);
  const all = obj(net?.all);
  if (!servers || !all) return [];
  const per = (g: Json, key: string): string => (num(g[key]) !== undefined ? (g[key] as number).toFixed(2) : '-');
  return [
    { label: 'msgs-per-op', value: `servers ${per(servers, 'msgs-per-op')}, all ${per(all, 'msgs-per-op')}` },
    { label: 'bytes-per-op', value: `servers ${per(servers, 'bytes-per-op')}` },
    { label: 'messages', value: `${all['send-count']} sent, ${all['recv-count']} delivered` },
  ];
}

function testFigures(test: Json): Figure[] {
  const nodes = Array.isArray(test.nodes) ? test.nodes.length : undefined;
  const nemesis = Array.isArray(test.nemesis) && test.nemesis.length ? `${test.nemesis.join(', ')} every ${test.nemesisInterval ?? '?'} s` : 'none';
  const figures: Figure[] = [];
  if (nodes !== undefined) figures.push({ label: 'nodes', value: `${nodes} (concurrency ${test.concurrency ?? '?'})` });
  if (test.timeLimit !== undefined) figures.push({ label: 'time limit', value: `${test.timeLimit} s at ${test.rate ?? '?'} ops/s` });
  if (test.latency !== undefined) figures.push({ label: 'latency', value: `${test.latency} ms ${test.latencyDist ?? ''}`.trim() });
  figures.push({ label: 'nemesis', value: nemesis });
  if (test.seed !== undefined) figures.push({ label: 'seed', value: String(test.seed) });
  return figures;
}

function quantileText(q: Json): string {
  const names: [string, string][] = [
    ['0.5', 'p50'],
    ['0.95', 'p95'],
    ['0.99', 'p99'],
    ['1', 'max'],
  ];
  return `${names
    .filter(([k]) => num(q[k]) !== undefined)
    .map(([k, name]) => `${name} ${q[k]}`)
    .join(', ')} ms`;
}
