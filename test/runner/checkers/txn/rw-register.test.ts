// txn-rw-register's checker on hand-written histories (Elle's rw-register with writes-follow-
// reads inference, through Maelstrom's wrapper): each anomaly beside a history without it,
// and what the register inference can and cannot see.
import { describe, expect, it } from 'vitest';
import { checkRwRegister, checkTxnRwRegister, TxnHistoryError, UnknownModelError, type TxnResult } from '../../../../src/runner/checkers/txn/index.js';
import { concurrent, serial, txnHistory, type MopArray } from '../../../helpers/txn-history.js';

const types = (r: TxnResult): string[] => r['anomaly-types'] ?? [];
const check = (ops: ReturnType<typeof concurrent>, models?: string[]): TxnResult => checkTxnRwRegister(ops, models ? { consistencyModels: models } : {});
const w = (k: string, v: number): MopArray => ['w', k, v];
const r = (k: string, v: number | null): MopArray => ['r', k, v];
const valid = { 'valid?': true, 'anomaly-types': [], anomalies: null };

function expectAnomaly(bad: TxnResult, type: string, good: TxnResult): void {
  expect(bad['valid?']).toBe(false);
  expect(types(bad)).toContain(type);
  expect(good).toEqual(valid);
}

describe('rw-register: anomalies without cycles', () => {
  it('G1a: an ok read of a value a failed transaction wrote', () => {
    const history = (failed: boolean) =>
      txnHistory([
        { p: 0, start: 0, end: 5, type: failed ? 'fail' : 'ok', txn: [w('x', 1)] },
        { p: 1, start: 1, end: 6, txn: [r('x', 1)] },
      ]);
    expectAnomaly(check(history(true)), 'G1a', check(history(false)));
  });

  it('G1b: a read of a value its writer overwrote in the same transaction', () => {
    expectAnomaly(check(concurrent([w('x', 1), w('x', 2)], [r('x', 1)])), 'G1b', check(concurrent([w('x', 1), w('x', 2)], [r('x', 2)])));
  });

  it('internal: a read that contradicts the transaction’s own write', () => {
    const bad = check(concurrent([w('x', 1), r('x', 2)], [r('x', 1)]));
    expectAnomaly(bad, 'internal', check(concurrent([w('x', 1), r('x', 1)], [r('x', 1)])));
    expect((bad.anomalies!.internal as { expected: unknown }[])[0].expected).toBe(1);
  });

  it('lost-update: two transactions read nil and both write, which read committed allows', () => {
    const bad = check(concurrent([r('x', null), w('x', 1)], [r('x', null), w('x', 2)]));
    expectAnomaly(bad, 'lost-update', check(concurrent([r('x', null), w('x', 1)], [r('x', 1), w('x', 2)])));
    expect(check(concurrent([r('x', null), w('x', 1)], [r('x', null), w('x', 2)]), ['read-committed'])).toEqual(valid);
  });

  it('cyclic-versions: writes that follow reads order the versions in a circle', () => {
    const bad = check(concurrent([r('x', 1), w('x', 2)], [r('x', 2), w('x', 1)]));
    expectAnomaly(bad, 'cyclic-versions', check(concurrent([r('x', 1), w('x', 2)], [r('x', 2), w('x', 3)])));
    expect(bad.anomalies!['cyclic-versions']).toEqual([{ key: 'x', scc: [1, 2], sources: ['initial-state', 'wfr-keys'] }]);
  });
});

describe('rw-register: cycles', () => {
  it('G1c: each transaction reads the other’s write', () => {
    expectAnomaly(
      check(concurrent([w('x', 1), r('y', 1)], [w('y', 1), r('x', 1)])),
      'G1c',
      check(concurrent([w('x', 1), r('y', 1)], [w('y', 1), r('x', null)])),
    );
  });

  it('G-single-item: a read skew, found through nil preceding every version', () => {
    const bad = check(concurrent([r('x', null), r('y', 1)], [w('x', 1), w('y', 1)]));
    expectAnomaly(bad, 'G-single-item', check(concurrent([r('x', 1), r('y', 1)], [w('x', 1), w('y', 1)])));
    const [c] = bad.anomalies!['G-single-item'] as { steps: Record<string, unknown>[] }[];
    expect(c.steps[0]).toEqual({ type: 'rw', key: 'x', value: null, "value'": 1, 'a-mop-index': 0, 'b-mop-index': 0 });
  });

  it('G2-item: a write skew, which snapshot isolation allows', () => {
    const bad = concurrent([r('x', null), w('y', 1)], [r('y', null), w('x', 1)]);
    expectAnomaly(check(bad), 'G2-item', check(concurrent([r('x', null), w('y', 1)], [r('y', 1), w('x', 1)])));
    expect(check(bad, ['snapshot-isolation'])).toEqual(valid);
  });

  it('G-single-item-realtime: a read of nil after a write completed', () => {
    const bad = serial([w('x', 1)], [r('x', null)]);
    expectAnomaly(check(bad), 'G-single-item-realtime', check(serial([w('x', 1)], [r('x', 1)])));
    expect(check(bad, ['serializable'])).toEqual(valid);
  });

  it('cannot order blind writes: lost writes in opposite orders are no anomaly', () => {
    // T1 and T2 both write x and y blind; readers see x from T1 and y from T2, then nothing
    // orders the writes, so no ww edge and no G0, as Maelstrom's issue #56 says.
    const ops = concurrent([w('x', 1), w('y', 1)], [w('x', 2), w('y', 2)], [r('x', 1), r('y', 2)]);
    expect(check(ops, ['read-uncommitted'])).toEqual(valid);
  });

  it('a read of a value nobody wrote is no edge and no anomaly', () => {
    expect(check(concurrent([w('x', 1)], [r('x', 1), r('y', 99)]))).toEqual(valid);
  });
});

describe('rw-register: Maelstrom’s wrapper', () => {
  it('fails an empty transaction graph, where Elle would say unknown', () => {
    const ops = concurrent([w('x', 1)]);
    expect(checkRwRegister(ops)['valid?']).toBe('unknown');
    expect(check(ops)).toMatchObject({ 'valid?': false, 'anomaly-types': ['empty-transaction-graph'] });
  });

  it('drops cycle-search-timeout: a timed-out search with nothing else prohibited is valid', () => {
    let t = 0;
    const skew = concurrent([r('x', null), w('y', 1)], [r('y', null), w('x', 1)]);
    const options = { consistencyModels: ['read-committed'], now: () => (t += 5000) };
    expect(types(checkRwRegister(skew, options))).toEqual(['cycle-search-timeout']);
    expect(checkRwRegister(skew, options)['valid?']).toBe('unknown');
    expect(checkTxnRwRegister(skew, options)).toMatchObject({ 'valid?': true, 'anomaly-types': [], anomalies: {} });
  });

  it('refuses unknown models, two writers of one value, and mixed key types', () => {
    expect(() => check(concurrent([w('x', 1)]), ['serialisable'])).toThrow(UnknownModelError);
    expect(() => check(concurrent([w('x', 1)], [w('x', 1)], [r('x', 1)]))).toThrow(/more than one op/);
    expect(() => check(txnHistory([{ p: 0, start: 0, txn: [w('x', 1), ['w', 2, 1]] }]))).toThrow(TxnHistoryError);
  });
});
