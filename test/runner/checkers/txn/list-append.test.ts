// txn-list-append's checker on hand-written histories: each anomaly in a history that has it
// (judged invalid, the anomaly named) beside the nearest history without it (judged valid).
import { describe, expect, it } from 'vitest';
import { analyzeListAppend, checkListAppend, TxnHistoryError, type TxnResult } from '../../../../src/runner/checkers/txn/index.js';
import { concurrent, serial, txnHistory, type MopArray } from '../../../helpers/txn-history.js';

const types = (r: TxnResult): string[] => r['anomaly-types'] ?? [];
const check = (ops: ReturnType<typeof concurrent>, models?: string[]): TxnResult => checkListAppend(ops, models ? { consistencyModels: models } : {});
const a = (k: string, v: number): MopArray => ['append', k, v];
const r = (k: string, v: number[] | null): MopArray => ['r', k, v];

function expectAnomaly(bad: TxnResult, type: string, good: TxnResult): void {
  expect(bad['valid?']).toBe(false);
  expect(types(bad)).toContain(type);
  expect(good).toEqual({ 'valid?': true });
}

describe('list-append: anomalies without cycles', () => {
  it('G1a: an ok read sees an element a failed transaction appended', () => {
    const history = (failed: boolean) =>
      txnHistory([
        { p: 0, start: 0, end: 5, type: failed ? 'fail' : 'ok', txn: [a('x', 1)] },
        { p: 1, start: 1, end: 6, txn: [r('x', [1])] },
        { p: 2, start: 10, txn: [r('x', [1])] },
      ]);
    const bad = check(history(true));
    expectAnomaly(bad, 'G1a', check(history(false)));
    const c = (bad.anomalies!.G1a as { element: unknown; writer: { type: string } }[])[0];
    expect([c.element, c.writer.type]).toEqual([1, 'fail']);
  });

  it('G1b: a read ends in an element its writer appended after', () => {
    expectAnomaly(check(concurrent([a('x', 1), a('x', 2)], [r('x', [1])])), 'G1b', check(concurrent([a('x', 1), a('x', 2)], [r('x', [1, 2])])));
  });

  it('internal: a read forgets the transaction’s own append, which read committed allows', () => {
    const bad = check(concurrent([a('x', 1), r('x', [])], [r('x', [1])]));
    expectAnomaly(bad, 'internal', check(concurrent([a('x', 1), r('x', [1])], [r('x', [1])])));
    expect((bad.anomalies!.internal as { expected: unknown }[])[0].expected).toEqual(['...', 1]);
    expect(check(concurrent([a('x', 1), r('x', [])], [r('x', [1])]), ['read-committed'])).toEqual({ 'valid?': true });
  });

  it('future-read: a read sees the append its own transaction makes later', () => {
    expectAnomaly(check(concurrent([r('x', [1]), a('x', 1)], [r('x', [1])])), 'future-read', check(concurrent([r('x', []), a('x', 1)], [r('x', [1])])));
  });

  it('dirty-update: a committed append follows an aborted one in the key’s order', () => {
    const history = (first: 'fail' | 'ok') =>
      txnHistory([
        { p: 0, start: 0, end: 5, type: first, txn: [a('x', 1)] },
        { p: 1, start: 1, end: 6, txn: [a('x', 2)] },
        { p: 2, start: 2, end: 7, txn: [r('x', [1, 2])] },
      ]);
    const bad = check(history('fail'));
    expectAnomaly(bad, 'dirty-update', check(history('ok')));
    expect(types(bad)).toContain('G1a');
    expect((bad.anomalies!['dirty-update'] as { values: unknown }[])[0].values).toEqual([1, 2]);
  });

  it('duplicate-elements: an element read twice', () => {
    expectAnomaly(check(concurrent([a('x', 1)], [r('x', [1, 1])])), 'duplicate-elements', check(concurrent([a('x', 1)], [r('x', [1])])));
  });

  it('incompatible-order: two reads no single order of appends explains', () => {
    const bad = check(concurrent([a('x', 1)], [a('x', 2)], [r('x', [1, 2])], [r('x', [2, 1])]));
    expectAnomaly(bad, 'incompatible-order', check(concurrent([a('x', 1)], [a('x', 2)], [r('x', [1, 2])], [r('x', [1, 2])])));
  });

  it('lost-update: two transactions read the same state and both append, which read committed allows', () => {
    const bad = check(concurrent([r('x', []), a('x', 1)], [r('x', []), a('x', 2)], [r('x', [1, 2])]));
    expectAnomaly(bad, 'lost-update', check(concurrent([r('x', []), a('x', 1)], [r('x', [1]), a('x', 2)], [r('x', [1, 2])])));
    expect(check(concurrent([r('x', []), a('x', 1)], [r('x', []), a('x', 2)], [r('x', [1, 2])]), ['read-committed'])).toEqual({ 'valid?': true });
  });

  it('refuses an element no transaction appended, and an element appended twice', () => {
    expect(() => check(concurrent([a('x', 1)], [r('x', [1, 7])]))).toThrow(TxnHistoryError);
    expect(() => check(concurrent([a('x', 1)], [a('x', 1)]))).toThrow(/duplicate-appends/);
  });
});

describe('list-append: cycles', () => {
  it('G0: two transactions append to two keys in opposite orders', () => {
    const bad = check(concurrent([a('x', 1), a('y', 1)], [a('x', 2), a('y', 2)], [r('x', [1, 2]), r('y', [2, 1])]));
    expectAnomaly(bad, 'G0', check(concurrent([a('x', 1), a('y', 1)], [a('x', 2), a('y', 2)], [r('x', [1, 2]), r('y', [1, 2])])));
    expect(types(bad)).toEqual(['G0']);
    expect(bad.not).toEqual(['read-uncommitted']);
  });

  it('G1c: each transaction reads the other’s append', () => {
    const bad = check(concurrent([a('x', 1), r('y', [1])], [a('y', 1), r('x', [1])]));
    expectAnomaly(bad, 'G1c', check(concurrent([a('x', 1), r('y', [1])], [a('y', 1), r('x', [])])));
    const cycle = bad.anomalies!.G1c as { cycle: { index: number }[]; steps: { type: string; key: string }[] }[];
    expect(cycle[0].steps.map((s) => `${s.type} ${s.key}`).sort()).toEqual(['wr x', 'wr y']);
    expect(cycle[0].cycle[0].index).toBe(cycle[0].cycle[2].index);
  });

  it('G-single-item: a read skew', () => {
    const bad = check(concurrent([r('x', []), r('y', [1])], [a('x', 1), a('y', 1)], [r('x', [1])]));
    expectAnomaly(bad, 'G-single-item', check(concurrent([r('x', [1]), r('y', [1])], [a('x', 1), a('y', 1)], [r('x', [1])])));
    expect(bad.not).toEqual(['consistent-view', 'repeatable-read']);
    expect(check(concurrent([r('x', []), r('y', [1])], [a('x', 1), a('y', 1)], [r('x', [1])]), ['read-committed'])).toEqual({ 'valid?': true });
  });

  it('G-nonadjacent-item: two rw edges never side by side, which snapshot isolation forbids', () => {
    const t1 = [r('a', []), r('d', [1])];
    const t3 = [r('b', [1]), r('c', [])];
    const bad = check(concurrent(t1, [a('a', 1), a('b', 1)], t3, [a('c', 1), a('d', 1)], [r('a', [1]), r('c', [1])]), ['snapshot-isolation']);
    const good = check(concurrent(t1, [a('a', 1), a('b', 1)], [r('b', [1]), r('c', [1])], [a('c', 1), a('d', 1)], [r('a', [1]), r('c', [1])]), [
      'snapshot-isolation',
    ]);
    expectAnomaly(bad, 'G-nonadjacent-item', good);
    expect(types(bad)).toEqual(['G-nonadjacent-item']);
  });

  it('G2-item: a write skew, which snapshot isolation allows and serializability does not', () => {
    const history = (skew: boolean) => concurrent([r('x', []), a('y', 1)], [r('y', skew ? [] : [1]), a('x', 1)], [r('x', [1]), r('y', [1])]);
    expectAnomaly(check(history(true)), 'G2-item', check(history(false)));
    expect(check(history(true), ['snapshot-isolation'])).toEqual({ 'valid?': true });
    expect(check(history(true), ['serializable'])['valid?']).toBe(false);
  });
});

describe('list-append: cycle existence per model', () => {
  it('proves a model broken by a cyclic subgraph, smallest component first, skipping stronger models', () => {
    const skew = analyzeListAppend(concurrent([r('x', []), a('y', 1)], [r('y', []), a('x', 1)], [r('x', [1]), r('y', [1])]));
    expect(skew.anomalies.get('PL-2.99-cycle-exists')).toEqual([
      { type: 'PL-2.99-cycle-exists', not: 'repeatable-read', subgraph: ['union', 'ww', 'wwp', 'wr', 'wrp', 'rw'], 'scc-size': 2, scc: [3, 4] },
    ]);
    expect(skew.anomalies.has('PL-3-cycle-exists')).toBe(false);
    expect(skew.anomalies.has('PL-SI-cycle-exists')).toBe(false);
    // Read skew: T2 -wr→ T1 -rw→ T2 is a self-loop on T2 in (ww ∪ wr) ∪ (ww ∪ wr);rw.
    const skewed = analyzeListAppend(concurrent([r('x', []), r('y', [1])], [a('x', 1), a('y', 1)], [r('x', [1])]));
    expect(skewed.anomalies.get('PL-SI-cycle-exists')).toEqual([
      {
        type: 'PL-SI-cycle-exists',
        not: 'snapshot-isolation',
        subgraph: ['extension', ['union', 'ww', 'wwp', 'wr', 'wrp'], ['union', 'rw', 'rwp']],
        'scc-size': 1,
        scc: [4],
      },
    ]);
  });
});

describe('list-append: real-time and process variants', () => {
  it('G-single-item-realtime: a read misses an append that completed before it began', () => {
    const bad = serial([a('x', 1)], [r('x', [])], [r('x', [1])]);
    expectAnomaly(check(bad), 'G-single-item-realtime', check(serial([a('x', 1)], [r('x', [1])], [r('x', [1])])));
    expect(check(bad, ['serializable'])).toEqual({ 'valid?': true });
    expect(check(bad).not).toEqual(['strong-snapshot-isolation']);
  });

  it('G0-realtime: an append ordered before one that completed before it began', () => {
    const bad = serial([a('x', 1)], [a('x', 2)], [r('x', [2, 1])]);
    expectAnomaly(check(bad), 'G0-realtime', check(serial([a('x', 1)], [a('x', 2)], [r('x', [1, 2])])));
    expect(check(bad, ['serializable'])).toEqual({ 'valid?': true });
  });

  it('G1c-realtime: a read sees an append that began after it completed', () => {
    const bad = serial([r('y', [1])], [a('y', 1)]);
    expectAnomaly(check(bad), 'G1c-realtime', check(serial([r('y', [])], [a('y', 1)])));
  });

  it('G-single-item-process: strong session models order each process’s transactions', () => {
    // p0 appends, then p0 reads without seeing it; p1 sees it.
    const ops = txnHistory([
      { p: 0, start: 0, end: 50, txn: [a('x', 1)] },
      { p: 1, start: 1, end: 100, txn: [r('x', [1])] },
      { p: 0, start: 60, end: 101, txn: [r('x', [])] },
    ]);
    const bad = check(ops, ['strong-session-serializable']);
    expect(bad['valid?']).toBe(false);
    expect(types(bad)).toContain('G-single-item-process');
    expect(check(ops, ['serializable'])).toEqual({ 'valid?': true });
  });
});

describe('list-append: empty graphs and searches that run out of time', () => {
  it('a history with no dependency is unknown, not valid', () => {
    const r1 = check(concurrent([a('x', 1)]));
    expect(r1['valid?']).toBe('unknown');
    expect(r1['anomaly-types']).toEqual(['empty-transaction-graph']);
    expect(r1.anomalies).toEqual({ 'empty-transaction-graph': true });
    // Real time alone gives two transactions in turn an edge.
    expect(check(serial([a('x', 1)], [a('y', 1)]))).toEqual({ 'valid?': true });
  });

  it('reports cycle-search-timeout and a fallback cycle when the budget is spent', () => {
    let t = 0;
    const skew = concurrent([r('x', []), a('y', 1)], [r('y', []), a('x', 1)], [r('x', [1]), r('y', [1])]);
    const out = checkListAppend(skew, { now: () => (t += 5000), cycleSearchTimeoutMs: 1000 });
    expect(out['valid?']).toBe(false);
    expect(types(out)).toContain('cycle-search-timeout');
    expect(types(out)).toContain('G2-item');
    const timeout = (out.anomalies!['cycle-search-timeout'] as { 'anomaly-spec-type': string; 'scc-size': number }[])[0];
    // Only PL-2.99's subgraph is cyclic, so the search starts (and runs out) at G2-item.
    expect(timeout).toMatchObject({ 'anomaly-spec-type': 'G2-item', 'scc-size': 2 });
    expect(types(checkListAppend(skew, { now: () => 0 }))).toEqual(['G2-item']);
  });
});
