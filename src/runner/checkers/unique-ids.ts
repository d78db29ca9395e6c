// Jepsen's unique-ids checker (Jepsen's checker.clj, unique-ids): over the `generate` ops, how many
// were attempted and acknowledged, which acknowledged ids came back more than once (Clojure
// equality: 1 and 1.0 differ), and the range of the ids under Clojure's compare. Ids that
// compare cannot order (a number and a string, two JSON objects) make it throw, as Jepsen's does;
// the analysis then reports the workload "unknown" with the error. Fails and timeouts never make
// it invalid: only duplicates do.
import type { Op } from '../records/history.js';
import { clojureCompare } from './clojure-compare.js';
import type { Validity } from './valid.js';
import { valueKey, type ValueKey } from './value-key.js';

export interface UniqueIdsResult {
  'valid?': Validity;
  'attempted-count': number;
  'acknowledged-count': number;
  /** Distinct ids acknowledged more than once. */
  'duplicated-count': number;
  /** Jepsen's map id → times, as [id, times] pairs: the 48 most frequent, then sorted by id. */
  duplicated: [unknown, number][];
  /** [lowest, highest] acknowledged id; null when none was acknowledged. */
  range: [unknown, unknown] | null;
}

/** Jepsen keeps this many of the duplicates ("not complete for perf reasons"). */
const shownDuplicates = 48;

export function checkUniqueIds(history: readonly Op[]): UniqueIdsResult {
  let attempted = 0;
  let acknowledged = 0;
  const counts = new Map<ValueKey, { id: unknown; times: number }>();
  let range: [unknown, unknown] | null = null;
  for (const op of history) {
    if (op.f !== 'generate' || op.process === 'nemesis') continue;
    if (op.type === 'invoke') attempted++;
    if (op.type !== 'ok') continue;
    acknowledged++;
    const id = op.value;
    const key = valueKey(id);
    const entry = counts.get(key);
    if (entry) entry.times++;
    else counts.set(key, { id, times: 1 });
    // tesser's range: the first id is both ends; every later one is compared with each end.
    if (range === null) range = [id, id];
    else range = [clojureCompare(id, range[0]) < 0 ? id : range[0], clojureCompare(id, range[1]) > 0 ? id : range[1]];
  }
  const dups = sortedById([...counts.values()].filter((e) => e.times > 1));
  // (->> dups (sort-by val) reverse (take 48) (into (sorted-map))): stable by count, reversed.
  const frequent = dups
    .slice()
    .sort((a, b) => a.times - b.times)
    .reverse()
    .slice(0, shownDuplicates);
  return {
    'valid?': dups.length === 0,
    'attempted-count': attempted,
    'acknowledged-count': acknowledged,
    'duplicated-count': dups.length,
    duplicated: sortedById(frequent).map((e) => [e.id, e.times]),
    range,
  };
}

/** Clojure's (into (sorted-map) …): sorted by compare; ids compare calls equal (1, 1.0) share an entry. */
function sortedById(entries: { id: unknown; times: number }[]): { id: unknown; times: number }[] {
  const sorted = entries.slice().sort((a, b) => clojureCompare(a.id, b.id));
  const merged: { id: unknown; times: number }[] = [];
  for (const entry of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && clojureCompare(last.id, entry.id) === 0) merged[merged.length - 1] = { id: last.id, times: entry.times };
    else merged.push(entry);
  }
  return merged;
}
