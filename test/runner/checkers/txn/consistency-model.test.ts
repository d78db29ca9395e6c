// The consistency-model lattice against Elle 0.2.2's: the boundary (`not`, `also-not`) that
// sets of anomalies draw, what each model forbids, the names, and the search order.
import { describe, expect, it } from 'vitest';
import {
  anomaliesProhibitedBy,
  canonicalModelName,
  compareAnomalies,
  friendlyBoundary,
  friendlyModelName,
  parseConsistencyModels,
  validateModels,
  weakestModels,
} from '../../../../src/runner/checkers/txn/consistency-model.js';
import { cycleSpecs } from '../../../../src/runner/checkers/txn/cycle-anomaly.js';
import { additionalGraph } from '../../../../src/runner/checkers/txn/result.js';

const sorted = (xs: string[]): string[] => [...xs].sort();

/** Every model ruled out by read committed failing (the G1 family's boundary). */
const aboveReadCommitted = [
  'causal-cerone',
  'consistent-view',
  'cursor-stability',
  'forward-consistent-view',
  'monotonic-atomic-view',
  'monotonic-snapshot-read',
  'monotonic-view',
  'parallel-snapshot-isolation',
  'prefix',
  'read-atomic',
  'repeatable-read',
  'serializable',
  'snapshot-isolation',
  'strong-read-committed',
  'strong-serializable',
  'strong-session-read-committed',
  'strong-session-serializable',
  'strong-session-snapshot-isolation',
  'strong-snapshot-isolation',
  'update-atomic',
  'update-serializable',
];

describe('friendlyBoundary', () => {
  it('is empty for no anomalies', () => {
    expect(friendlyBoundary([])).toEqual({ not: [], 'also-not': [] });
  });

  it('puts aborted reads, dirty updates and G1c just below read committed', () => {
    for (const a of ['G1a', 'G1b', 'G1c', 'dirty-update', 'incompatible-order', 'PL-2-cycle-exists']) {
      expect(friendlyBoundary([a]), a).toEqual({ not: ['read-committed'], 'also-not': aboveReadCommitted });
    }
  });

  it('puts cyclic versions and duplicates below read uncommitted', () => {
    for (const a of ['cyclic-versions', 'duplicate-elements', 'G0', 'PL-1-cycle-exists']) {
      const b = friendlyBoundary([a]);
      expect(b.not, a).toEqual(['read-uncommitted']);
      expect(b['also-not'], a).toEqual(sorted([...aboveReadCommitted, 'read-committed', 'strong-read-uncommitted', 'strong-session-read-uncommitted']));
    }
  });

  it('rules out only the Cerone family and the SIs for an internal anomaly: read committed survives it', () => {
    expect(friendlyBoundary(['internal'])).toEqual({
      not: ['read-atomic'],
      'also-not': sorted([
        'causal-cerone',
        'parallel-snapshot-isolation',
        'prefix',
        'update-atomic',
        'serializable',
        'snapshot-isolation',
        'strong-serializable',
        'strong-session-serializable',
        'strong-session-snapshot-isolation',
        'strong-snapshot-isolation',
      ]),
    });
    expect(friendlyBoundary(['internal', 'G2'])).toEqual(friendlyBoundary(['internal']));
  });

  it('names the weakest models each single anomaly rules out (spec §21.8)', () => {
    const table: Record<string, string[]> = {
      'G-single-item': ['consistent-view', 'repeatable-read'],
      'G-nonadjacent-item': ['repeatable-read', 'snapshot-isolation'],
      'G2-item': ['repeatable-read'],
      'PL-2.99-cycle-exists': ['repeatable-read'],
      'lost-update': ['cursor-stability', 'update-atomic'],
      'PL-SI-cycle-exists': ['snapshot-isolation'],
      'PL-3-cycle-exists': ['serializable'],
      'G0-process': ['strong-session-read-uncommitted'],
      'G1c-process': ['strong-session-read-committed'],
      'G0-realtime': ['strong-read-uncommitted'],
      'G1c-realtime': ['strong-read-committed'],
      'G-single-item-process': ['strong-session-snapshot-isolation'],
      'G-single-item-realtime': ['strong-snapshot-isolation'],
      'G-nonadjacent-item-realtime': ['strong-snapshot-isolation'],
      'G2-item-process': ['strong-session-serializable'],
      // Elle prints PL-SS by the name its hash map keeps: strong-serializable (its own tests say so).
      'G2-item-realtime': ['strong-serializable'],
      'PL-SS-cycle-exists': ['strong-serializable'],
      'future-read': ['read-committed'],
      'empty-transaction-graph': [],
    };
    for (const [anomaly, not] of Object.entries(table)) expect(friendlyBoundary([anomaly]).not, anomaly).toEqual(not);
    expect(friendlyBoundary(['G-single-item-realtime'])['also-not']).toEqual(['strong-serializable']);
  });
});

describe('anomaliesProhibitedBy', () => {
  it('read committed forbids the G1 family, G0 and the order anomalies, not internal or lost updates', () => {
    expect(sorted([...anomaliesProhibitedBy(['read-committed'])])).toEqual(
      sorted([
        'dirty-update',
        'G1a',
        'G1b',
        'G1c',
        'G1',
        'G0',
        'PL-1-cycle-exists',
        'PL-2-cycle-exists',
        'cyclic-versions',
        'duplicate-elements',
        'incompatible-order',
        'future-read',
      ]),
    );
  });

  it('snapshot isolation forbids internal, lost updates and G-single-item but not G2-item; serializable adds G2-item', () => {
    const si = anomaliesProhibitedBy(['snapshot-isolation']);
    for (const a of ['internal', 'lost-update', 'G-single-item', 'G-nonadjacent-item', 'PL-SI-cycle-exists', 'G1c']) expect(si.has(a), a).toBe(true);
    expect(si.has('G2-item')).toBe(false);
    const ser = anomaliesProhibitedBy(['serializable']);
    for (const a of ['G2-item', 'PL-3-cycle-exists', 'PL-2.99-cycle-exists', 'internal']) expect(ser.has(a), a).toBe(true);
    expect(ser.has('G-single-item-realtime')).toBe(false);
    expect(anomaliesProhibitedBy(['strict-serializable']).has('G-single-item-realtime')).toBe(true);
  });

  it('repeatable read forbids lost updates and G2-item but not internal', () => {
    const rr = anomaliesProhibitedBy(['repeatable-read']);
    expect([rr.has('lost-update'), rr.has('G2-item'), rr.has('internal')]).toEqual([true, true, false]);
  });

  it('linearizable forbids nothing a txn checker finds', () => {
    expect([...anomaliesProhibitedBy(['linearizable'])]).toEqual([]);
  });
});

describe('names', () => {
  it('maps friendly to canonical names and back', () => {
    expect(canonicalModelName('serializable')).toBe('PL-3');
    expect(canonicalModelName('strict-serializable')).toBe('PL-SS');
    expect(friendlyModelName('PL-3')).toBe('serializable');
    expect(friendlyModelName('PL-2')).toBe('read-committed');
    expect(friendlyModelName('strong-session-PL-2')).toBe('strong-session-read-committed');
  });

  it('parses --consistency-models as Maelstrom does: only " , " separates', () => {
    expect(parseConsistencyModels('read-committed , serializable')).toEqual(['read-committed', 'serializable']);
    expect(parseConsistencyModels('read-committed,serializable')).toEqual(['read-committed,serializable']);
    expect(parseConsistencyModels('read-committed, serializable')).toEqual(['read-committed, serializable']);
    expect(parseConsistencyModels('strict-serializable')).toEqual(['strict-serializable']);
    expect(() => validateModels(parseConsistencyModels('read-committed, serializable'))).toThrow(/Unknown consistency model/);
  });

  it('accepts canonical names and refuses unknown ones', () => {
    expect(() => validateModels(['PL-2', 'PL-SS', 'read-committed', 'linearizable'])).not.toThrow();
    expect(() => validateModels(['strict-serialisable'])).toThrow(/Unknown consistency model strict-serialisable/);
  });

  it('finds the weakest of a set of models', () => {
    expect([...weakestModels(['serializable', 'strict-serializable'])].map(friendlyModelName)).toEqual(['serializable']);
    expect(sorted([...weakestModels(['repeatable-read', 'read-committed', 'sequential', 'read-your-writes'])].map(friendlyModelName))).toEqual([
      'read-committed',
      'read-your-writes',
    ]);
  });
});

describe('search order and extra edges', () => {
  it('searches the data cycles first, then the process variants, then the real-time ones', () => {
    const order = cycleSpecs.map((s) => s.type);
    const precedes = (a: string, b: string): boolean => order.indexOf(a) < order.indexOf(b);
    expect(order[0]).toBe('G-single-item');
    expect(precedes('G0', 'G1c') && precedes('G1c', 'G2-item') && precedes('G2', 'G0-process') && precedes('G2-process', 'G0-realtime')).toBe(true);
    expect(compareAnomalies('G-single-item', 'G0')).toBeLessThan(0);
    expect(order).toHaveLength(24);
  });

  it('adds real-time edges for strict and strong models, process edges for strong-session ones, none otherwise', () => {
    expect(additionalGraph(['strict-serializable'])).toBe('realtime');
    expect(additionalGraph(['strong-read-committed'])).toBe('realtime');
    expect(additionalGraph(['strong-session-serializable'])).toBe('process');
    expect(additionalGraph(['strong-session-read-uncommitted'])).toBe('process');
    for (const m of ['read-uncommitted', 'read-committed', 'snapshot-isolation', 'serializable', 'repeatable-read'])
      expect(additionalGraph([m]), m).toBeUndefined();
  });
});
