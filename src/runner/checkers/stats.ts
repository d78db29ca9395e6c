// Jepsen's stats checker (Jepsen's checker.clj, stats): outcome counts of client completions, overall and
// by f. An f that never once succeeded makes the test invalid (false, not "unknown").
import type { Op } from '../records/history.js';
import { mergeValid, type Validity } from './valid.js';

export interface OutcomeCounts {
  'valid?': Validity;
  count: number;
  'ok-count': number;
  'fail-count': number;
  'info-count': number;
}

export interface StatsResult extends OutcomeCounts {
  /** Sorted by f. */
  'by-f': Record<string, OutcomeCounts>;
}

/** fs Jepsen leaves out of the verdict: they are not client work that must succeed. */
const ignoredFs = new Set(['crash', 'debug-topic-partitions']);

export function checkStats(history: readonly Op[]): StatsResult {
  const all = emptyCounts();
  const byF = new Map<string, OutcomeCounts>();
  for (const op of history) {
    if (op.process === 'nemesis' || op.type === 'invoke') continue;
    let counts = byF.get(op.f);
    if (counts === undefined) byF.set(op.f, (counts = emptyCounts()));
    count(all, op);
    count(counts, op);
  }
  const fs = [...byF.keys()].sort();
  const sorted: Record<string, OutcomeCounts> = {};
  for (const f of fs) sorted[f] = byF.get(f) as OutcomeCounts;
  return {
    ...all,
    'valid?': mergeValid(fs.filter((f) => !ignoredFs.has(f)).map((f) => sorted[f]['valid?'])),
    'by-f': sorted,
  };
}

function emptyCounts(): OutcomeCounts {
  return { 'valid?': false, count: 0, 'ok-count': 0, 'fail-count': 0, 'info-count': 0 };
}

function count(c: OutcomeCounts, op: Op): void {
  c.count++;
  if (op.type === 'ok') c['ok-count']++;
  else if (op.type === 'fail') c['fail-count']++;
  else c['info-count']++;
  c['valid?'] = c['ok-count'] > 0;
}
