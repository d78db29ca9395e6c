// The consistency-model lattice of Elle 0.2.2 (elle/consistency_model.clj): which anomalies
// imply which, which models imply which, which anomalies each model forbids, the friendly and
// canonical model names, and the boundary (`not`, `also-not`) a set of found anomalies draws.
// The tables are Elle's relations restated; the functions walk them the way Elle's do (every
// walk includes its starting points), so results match Elle's name for name.

/** Anomaly → the anomalies it implies (Elle's implied-anomalies). */
const impliedAnomalies: Record<string, readonly string[]> = {
  G0: ['G1c', 'G0-process'],
  'G0-process': ['G1c-process', 'G0-realtime'],
  'G0-realtime': ['G1c-realtime'],
  G1a: ['G1'],
  G1b: ['G1'],
  G1c: ['G1', 'G1c-process'],
  'G1c-process': ['G1c-realtime', 'G1-process'],
  'G1c-realtime': ['G1-realtime'],
  G1: ['G1-process'],
  'G1-process': ['G1-realtime'],
  'G-single-item': ['G-single', 'G-single-item-process', 'G-nonadjacent-item'],
  'G-single-item-process': ['G-single-process', 'G-single-item-realtime', 'G-nonadjacent-item-process'],
  'G-single-item-realtime': ['G-single-realtime', 'G-nonadjacent-item-realtime'],
  'G-single': ['G-nonadjacent', 'GSIb', 'G-single-process'],
  'G-single-process': ['G-nonadjacent-process', 'G-single-realtime'],
  'G-single-realtime': ['G-nonadjacent-realtime'],
  'G-nonadjacent-item': ['G-nonadjacent', 'G2-item', 'G-nonadjacent-item-process'],
  'G-nonadjacent-item-process': ['G-nonadjacent-process', 'G2-item-process', 'G-nonadjacent-item-realtime'],
  'G-nonadjacent-item-realtime': ['G2-item-realtime', 'G-nonadjacent-realtime'],
  'G-nonadjacent': ['G2', 'G-nonadjacent-process'],
  'G-nonadjacent-process': ['G2-process', 'G-nonadjacent-realtime'],
  'G-nonadjacent-realtime': ['G2-realtime'],
  G2: ['G2-process'],
  'G2-item': ['G2', 'G2-item-process'],
  'G2-item-process': ['G2-process', 'G2-item-realtime'],
  'G2-item-realtime': ['G2-realtime'],
  'G2-process': ['G2-realtime'],
  GSIa: ['GSI'],
  GSIb: ['GSI'],
  'incompatible-order': ['G1a'],
  'future-read': ['G1c'],
  'dirty-update': ['G1a'],
  'lost-update': ['write-skew', 'G2-item'],
  'write-skew': ['G2'],
};

/** "Worse than" without implication: only orders the search (Elle's anomaly-severity-graph). */
const severity: Record<string, readonly string[]> = {
  G0: ['G1c'],
  'G0-process': ['G1c-process'],
  'G0-realtime': ['G1c-realtime'],
  G1c: ['G-single', 'G2-item'],
  'G1c-process': ['G-single-process', 'G2-item-process'],
  'G1c-realtime': ['G-single-realtime', 'G2-item-realtime'],
  G2: ['G0-process'],
  'G2-process': ['G0-realtime'],
};

/** Friendly name → canonical name (Elle's canonical-model-names). */
const canonicalNames: Record<string, string> = {
  'consistent-view': 'PL-2+',
  'conflict-serializable': 'PL-3',
  'cursor-stability': 'PL-CS',
  'forward-consistent-view': 'PL-FCV',
  'monotonic-snapshot-read': 'PL-MSR',
  'monotonic-view': 'PL-2L',
  'read-committed': 'PL-2',
  'read-uncommitted': 'PL-1',
  'repeatable-read': 'PL-2.99',
  serializable: 'PL-3',
  'snapshot-isolation': 'PL-SI',
  'strict-serializable': 'PL-SS',
  'strong-serializable': 'PL-SS',
  'update-serializable': 'PL-3U',
  'strong-session-read-uncommitted': 'strong-session-PL-1',
  'strong-session-read-committed': 'strong-session-PL-2',
  'strong-read-uncommitted': 'strong-PL-1',
  'strong-read-committed': 'strong-PL-2',
};

/**
 * Canonical → friendly. Elle inverts the table above through a Clojure hash map, so of the two
 * names of PL-SS the one that survives is strong-serializable (Elle's own tests print it);
 * PL-3 is pinned to serializable explicitly.
 */
const friendlyNames: Record<string, string> = Object.fromEntries(
  Object.entries(canonicalNames)
    .filter(([friendly]) => friendly !== 'strict-serializable' && friendly !== 'conflict-serializable')
    .map(([friendly, canonical]) => [canonical, friendly]),
);

/** Model → the weaker models it implies, written with canonical names (Elle's `models`). */
const modelEdges: Record<string, readonly string[]> = {
  'causal-cerone': ['read-atomic'],
  'PL-2+': ['PL-CS', 'PL-2L'],
  'PL-CS': ['PL-2'],
  'PL-FCV': ['PL-2+'],
  'PL-2': ['PL-1'],
  'PL-3': ['view-serializable', 'PL-2.99', 'PL-3U', 'PL-SI'],
  'PL-3U': ['PL-FCV'],
  'monotonic-atomic-view': ['PL-2'],
  'PL-2L': ['PL-2'],
  'PL-MSR': ['PL-2'],
  'parallel-snapshot-isolation': ['causal-cerone', 'update-atomic'],
  prefix: ['causal-cerone'],
  'read-atomic': ['monotonic-atomic-view'],
  'PL-2.99': ['PL-CS', 'monotonic-atomic-view'],
  'update-atomic': ['read-atomic'],
  'session-serializable': ['1SR'],
  'PL-SI': ['PL-FCV', 'monotonic-atomic-view', 'PL-MSR', 'parallel-snapshot-isolation', 'prefix'],
  'PL-SS': ['PL-3', 'linearizable', 'PL-SI', 'strong-snapshot-isolation', 'strong-session-serializable', 'session-serializable'],
  'strong-session-PL-1': ['PL-1'],
  'strong-session-PL-2': ['PL-2', 'strong-session-PL-1'],
  'strong-PL-1': ['strong-session-PL-1'],
  'strong-PL-2': ['strong-session-PL-2', 'strong-PL-1'],
  'strong-session-serializable': ['PL-3', 'strong-session-snapshot-isolation'],
  'strong-session-snapshot-isolation': ['PL-SI', 'strong-session-PL-2'],
  'strong-snapshot-isolation': ['strong-session-snapshot-isolation', 'strong-PL-2'],
  linearizable: ['sequential'],
  sequential: ['causal'],
  causal: ['writes-follow-reads', 'PRAM'],
  PRAM: ['monotonic-reads', 'monotonic-writes', 'read-your-writes'],
};

/** Canonical model → the anomalies it forbids beyond what its weaker models forbid. */
const proscribed: Record<string, readonly string[]> = {
  'causal-cerone': ['internal', 'G1a'],
  'PL-CS': ['G1', 'G-cursor', 'lost-update'],
  'PL-2L': ['G1', 'G-monotonic'],
  'PL-MSR': ['G1', 'G-MSR'],
  'PL-2+': ['G1', 'G-single'],
  'PL-FCV': ['G1', 'G-SIb'],
  'parallel-snapshot-isolation': ['internal', 'G1a'],
  'PL-3': ['G1', 'G2', 'predicate-read-miss', 'PL-3-cycle-exists', 'internal'],
  'PL-2': ['G1', 'PL-2-cycle-exists'],
  'PL-1': ['G0', 'duplicate-elements', 'cyclic-versions', 'PL-1-cycle-exists'],
  prefix: ['internal', 'G1a'],
  'PL-SI': ['internal', 'G1', 'G-SI', 'G-nonadjacent', 'PL-SI-cycle-exists'],
  'read-atomic': ['internal', 'G1a', 'future-read'],
  'PL-2.99': ['G1', 'G2-item', 'PL-2.99-cycle-exists', 'lost-update'],
  'update-atomic': ['lost-update'],
  'PL-SS': ['G1', 'G1c-realtime', 'G2-realtime', 'PL-SS-cycle-exists'],
  'strong-session-PL-1': ['strong-session-PL-1-cycle-exists', 'G0-process'],
  'strong-session-PL-2': ['strong-session-PL-2-cycle-exists', 'G1c-process'],
  'strong-PL-1': ['strong-PL-1-cycle-exists', 'G0-realtime'],
  'strong-PL-2': ['strong-PL-2-cycle-exists', 'G1c-realtime'],
  'strong-session-snapshot-isolation': ['internal', 'G1-process', 'G-nonadjacent-process', 'strong-session-snapshot-isolation-cycle-exists'],
  'strong-snapshot-isolation': ['internal', 'G1-realtime', 'G-nonadjacent-realtime', 'strong-snapshot-isolation-cycle-exists'],
  'strong-session-serializable': ['G1-process', 'G2-process', 'strong-session-serializable-cycle-exists'],
  'PL-3U': ['G1', 'G-update'],
};

const reverse = (graph: Record<string, readonly string[]>): Map<string, string[]> => {
  const r = new Map<string, string[]>();
  for (const [from, tos] of Object.entries(graph)) for (const to of tos) r.set(to, [...(r.get(to) ?? []), from]);
  return r;
};
const impliedBy = reverse(impliedAnomalies);
const strongerModels = reverse(modelEdges);
const forbiddenBy = reverse(proscribed);

/** Everything reachable from `start` (included), breadth first. */
function reach(start: Iterable<string>, next: (v: string) => readonly string[] | undefined): Set<string> {
  const seen = new Set(start);
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const w of next(queue[i]) ?? []) {
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}

export function canonicalModelName(model: string): string {
  return canonicalNames[model] ?? model;
}

export function friendlyModelName(model: string): string {
  return friendlyNames[model] ?? model;
}

/** Every name Elle knows: the lattice's models and both columns of the name table. */
export const allModels: ReadonlySet<string> = new Set([
  ...Object.keys(modelEdges),
  ...Object.values(modelEdges).flat(),
  ...Object.keys(canonicalNames),
  ...Object.values(canonicalNames),
]);

/**
 * Maelstrom's --consistency-models (core.clj): split only where a comma has whitespace on both
 * sides ("a , b"), as Java's split does (trailing empty pieces dropped); names are not checked
 * here: an unknown one makes the checker's verdict unknown, as in Maelstrom.
 */
export function parseConsistencyModels(text: string): string[] {
  const parts = text.split(/\s+,\s+/);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** A model name Elle does not know; Elle throws for it, and the run's checker says unknown. */
export class UnknownModelError extends Error {}

export function validateModels(models: readonly string[]): void {
  const unknown = models.filter((m) => !allModels.has(m));
  if (unknown.length > 0) {
    throw new UnknownModelError(`Unknown consistency model ${unknown.join(', ')}; known models are: ${[...allModels].sort().join(', ')}`);
  }
}

export function allImpliedAnomalies(anomalies: Iterable<string>): Set<string> {
  return reach(anomalies, (a) => impliedAnomalies[a]);
}

export function allAnomaliesImplying(anomalies: Iterable<string>): Set<string> {
  return reach(anomalies, (a) => impliedBy.get(a));
}

export function allImpliedModels(models: readonly string[]): Set<string> {
  validateModels(models);
  return reach(models.map(canonicalModelName), (m) => modelEdges[m]);
}

/** The given models and every model stronger than one of them (canonical names). */
export function allImpossibleModels(models: Iterable<string>): Set<string> {
  const list = [...models];
  validateModels(list);
  return reach(list.map(canonicalModelName), (m) => strongerModels.get(m));
}

/** The models of `models` that no other model of the set is weaker than (canonical names). */
export function weakestModels(models: Iterable<string>): Set<string> {
  const set = new Set([...models].map(canonicalModelName));
  return new Set(
    [...set].filter((m) => {
      const below = reach([m], (x) => modelEdges[x]);
      return ![...set].some((other) => other !== m && below.has(other));
    }),
  );
}

/** Anomalies that break at least one of `models`: forbidden outright, or implying one that is. */
export function anomaliesProhibitedBy(models: readonly string[]): Set<string> {
  const direct = [...allImpliedModels(models)].flatMap((m) => proscribed[m] ?? []);
  return allAnomaliesImplying(direct);
}

/** Models that cannot hold when `anomalies` were found (canonical names). */
export function anomaliesToImpossibleModels(anomalies: Iterable<string>): Set<string> {
  const direct = [...allImpliedAnomalies(anomalies)].flatMap((a) => forbiddenBy.get(a) ?? []);
  return allImpossibleModels(direct);
}

export interface Boundary {
  /** The weakest models the anomalies rule out. */
  not: string[];
  /** Every other model they rule out. */
  'also-not': string[];
}

/** Elle's friendly-boundary: both sets in friendly names, sorted as Clojure sorts keywords. */
export function friendlyBoundary(anomalies: Iterable<string>): Boundary {
  const impossible = anomaliesToImpossibleModels(anomalies);
  const weakest = weakestModels(impossible);
  const friendly = (ms: Iterable<string>): string[] => [...new Set([...ms].map(friendlyModelName))].sort(compareNames);
  return { not: friendly(weakest), 'also-not': friendly([...impossible].filter((m) => !weakest.has(m))) };
}

/** Clojure compares keywords by their names as Java strings: UTF-16 code units. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Depth of each anomaly in implication-and-severity order (Elle's anomaly-depths): 0 for those
 * nothing leads to, else the longest chain above it. Elle searches cycle types in this order.
 */
export const anomalyDepths: ReadonlyMap<string, number> = (() => {
  const edges = new Map<string, Set<string>>();
  for (const g of [impliedAnomalies, severity]) {
    for (const [from, tos] of Object.entries(g)) {
      for (const to of tos) {
        edges.set(from, (edges.get(from) ?? new Set()).add(to));
        if (!edges.has(to)) edges.set(to, new Set());
      }
    }
  }
  const depth = new Map<string, number>();
  const visit = (v: string): number => {
    const known = depth.get(v);
    if (known !== undefined) return known;
    let d = 0;
    for (const [from, tos] of edges) if (tos.has(v)) d = Math.max(d, visit(from) + 1);
    depth.set(v, d);
    return d;
  };
  for (const v of edges.keys()) visit(v);
  for (const anomalies of Object.values(proscribed)) for (const a of anomalies) if (!depth.has(a)) depth.set(a, 0);
  return depth;
})();

/** Shallower first, then by name: the order of Elle's all-anomalies. */
export function compareAnomalies(a: string, b: string): number {
  return (anomalyDepths.get(a) ?? 0) - (anomalyDepths.get(b) ?? 0) || compareNames(a, b);
}
