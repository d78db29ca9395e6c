// A txn result in words: the summary rows and report.txt's section, with each cycle written out
// the way Elle writes elle/<type>.txt.
import { describe, expect, it } from 'vitest';
import { checkListAppend, checkTxnRwRegister, txnReportLines, txnSummaryRows } from '../../../../src/runner/checkers/txn/index.js';
import { concurrent, readSkew, serial } from '../../../helpers/txn-history.js';

const skewed = readSkew();

describe('txn report lines', () => {
  it('writes a cycle out as Elle does: the transactions, then why each precedes the next', () => {
    const lines = txnReportLines(checkListAppend(skewed), 'list-append');
    const at = lines.indexOf('G-single-item #0');
    expect(lines.slice(0, 4)).toEqual([
      'valid?         false',
      'anomaly-types  G-single-item',
      'not            consistent-view, repeatable-read',
      expect.stringMatching(/^also-not {7}forward-consistent-view, serializable/),
    ]);
    expect(lines.slice(at, at + 8)).toEqual([
      'G-single-item #0',
      'Let:',
      '  T1 = #3 ok p0 [["r","x",[]],["r","y",[1]]]',
      '  T2 = #4 ok p1 [["append","x",1],["append","y",1]]',
      '',
      'Then:',
      '  - T1 < T2, because T1 observed the initial (nil) state of "x", which T2 created by appending 1.',
      '  - However, T2 < T1, because T1 observed T2\'s append of 1 to key "y": a contradiction!',
    ]);
  });

  it('lists the other cases one per line, ops as transactions', () => {
    const lines = txnReportLines(checkListAppend(concurrent([['append', 'x', 1]], [['r', 'x', [1, 1]]])), 'list-append');
    expect(lines).toContain('  op #3 ok p1 [["r","x",[1,1]]]; mop ["r","x",[1,1]]; duplicates [[1,2]]');
  });

  it('sums up in a few rows: the anomalies, the weakest models ruled out, the first cycle', () => {
    expect(txnSummaryRows(checkListAppend(skewed))).toEqual([
      ['anomalies', 'G-single-item ×1'],
      ['not', 'consistent-view, repeatable-read'],
      ['also-not', '8 stronger models (report.txt lists them)'],
      ['first cycle', 'G-single-item: #3 -rw→ #4 -wr→ #3'],
    ]);
    expect(txnSummaryRows(checkTxnRwRegister(serial([['w', 'x', 1]], [['r', 'x', 1]])))).toEqual([['anomalies', 'none']]);
  });
});
