import { describe, expect, it } from 'vitest';
import { JsonFloat } from '../../../../src/runner/base/exact-json.js';
import type { Op } from '../../../../src/runner/records/history.js';
import {
  checkLinearizability,
  counterexampleLines,
  counterexampleTimeline,
  register,
  resultLines,
  resultSummary,
  type IndependentResult,
} from '../../../../src/runner/checkers/linearizability/index.js';
import { historyBuilder, type HistoryBuilder } from '../history-builder.js';

/** One op of key k: invoke at `at` ms, complete at `to` ms (or never, when `to` is undefined). */
function op(
  h: HistoryBuilder,
  p: number,
  f: string,
  k: unknown,
  value: unknown,
  at: number,
  to: number | undefined,
  type: 'ok' | 'fail' | 'info' = 'ok',
  result = value,
): void {
  h.invoke(p, f, [k, f === 'read' ? null : value], at);
  if (to !== undefined) h[type](p, f, [k, result], to);
}

/** Ops are given as [invoke ms, complete ms] and sorted into one history by time. */
function sorted(build: (h: HistoryBuilder) => void): Op[] {
  const h = historyBuilder();
  build(h);
  return h.ops.sort((a, b) => a.time - b.time).map((o, index) => ({ ...o, index }));
}

const key = (r: IndependentResult, k = '0') => r.results[k].linearizable;

describe('linearizability: the cas-register semantics Knossos uses', () => {
  it('an empty history is valid, with no keys', () => {
    expect(checkLinearizability([])).toEqual({ 'valid?': true, results: {}, failures: [] });
  });

  it('a key never written: nil reads are valid, a read of any value is not', () => {
    const fine = sorted((h) => {
      op(h, 0, 'read', 0, null, 0, 1);
      op(h, 1, 'read', 0, null, 2, 3);
    });
    expect(checkLinearizability(fine)['valid?']).toBe(true);
    const phantom = sorted((h) => {
      op(h, 0, 'read', 0, 3, 0, 1);
    });
    const r = checkLinearizability(phantom);
    expect(r['valid?']).toBe(false);
    expect(r.failures).toEqual([0]);
    expect(key(r)['final-paths']![0].at(-1)!.model).toEqual({ msg: "can't read 3 from register nil" });
  });

  it('a nil read is legal in any state (Knossos: nil means "did not say")', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 2, 0, 1);
      op(b, 1, 'read', 0, null, 2, 3);
    });
    expect(checkLinearizability(h)['valid?']).toBe(true);
  });

  it('a stale read after two sequential writes is invalid, and the counterexample names it', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 0, 'write', 0, 2, 2, 3);
      op(b, 1, 'read', 0, 1, 4, 5);
    });
    const r = checkLinearizability(h);
    expect(r['valid?']).toBe(false);
    const lin = key(r);
    expect(lin.op).toMatchObject({ process: 1, type: 'ok', f: 'read', value: 1 });
    expect(lin['previous-ok']).toMatchObject({ process: 0, f: 'write', value: 2 });
    expect(lin['final-paths']).toEqual([
      [
        { op: expect.objectContaining({ f: 'write', value: 2 }), model: { value: 2 } },
        { op: expect.objectContaining({ f: 'read', value: 1 }), model: { msg: "can't read 1 from register 2" } },
      ],
    ]);
    const c = lin.counterexample!;
    expect(c.longest.length).toBe(2);
    const lines = counterexampleLines(c);
    expect(lines[0]).toBe('key 0: not linearizable (cas-register, 3 ops)');
    expect(lines.join('\n')).toContain("register 2 → p1 read 1: can't read 1 from register 2");
    const t = counterexampleTimeline(c);
    expect(t.bars.find((b) => b.role === 'blocking')).toMatchObject({ label: 'read 1', lane: 1 });
    expect(t.bars.find((b) => b.role === 'previous-ok')).toMatchObject({ label: 'write 2', order: 2 });
  });

  it('a read concurrent with the write that made its value is valid', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 10);
      op(b, 1, 'read', 0, 1, 2, 3);
      op(b, 2, 'read', 0, null, 4, 5);
    });
    expect(checkLinearizability(h)['valid?']).toBe(true);
  });

  it('cas is legal only from the current value; cas from == to too', () => {
    const noFrom = sorted((b) => op(b, 0, 'cas', 0, [0, 0], 0, 1));
    expect(checkLinearizability(noFrom)['valid?']).toBe(false);
    const fromSet = sorted((b) => {
      op(b, 0, 'write', 0, 0, 0, 1);
      op(b, 0, 'cas', 0, [0, 0], 2, 3);
      op(b, 0, 'cas', 0, [0, 4], 4, 5);
      op(b, 1, 'read', 0, 4, 6, 7);
    });
    expect(checkLinearizability(fromSet)['valid?']).toBe(true);
    const wrong = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 0, 'cas', 0, [2, 3], 2, 3);
    });
    const r = checkLinearizability(wrong);
    expect(r['valid?']).toBe(false);
    expect(key(r)['final-paths']![0].at(-1)!.model).toEqual({ msg: "can't CAS 1 from 2 to 3" });
  });

  it(':fail ops are deleted: their effect is never assumed, and a wrong failure is not caught', () => {
    const failedWrite = sorted((b) => {
      op(b, 0, 'write', 0, 7, 0, 1, 'fail');
      op(b, 1, 'read', 0, 7, 2, 3);
    });
    expect(checkLinearizability(failedWrite)['valid?']).toBe(false);
    const wrongFailure = sorted((b) => {
      op(b, 0, 'write', 0, 5, 0, 1);
      op(b, 0, 'cas', 0, [5, 6], 2, 3, 'fail');
      op(b, 1, 'read', 0, 5, 4, 5);
    });
    expect(checkLinearizability(wrongFailure)['valid?']).toBe(true);
  });

  it('an :info write may take effect any time after its invocation, or never', () => {
    const later = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 1, 'write', 0, 2, 2, 3, 'info');
      op(b, 2, 'read', 0, 1, 4, 5);
      op(b, 2, 'read', 0, 2, 60, 61);
    });
    expect(checkLinearizability(later)['valid?']).toBe(true);
    const never = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 1, 'write', 0, 2, 2, 3, 'info');
      op(b, 2, 'read', 0, 1, 40, 41);
    });
    expect(checkLinearizability(never)['valid?']).toBe(true);
    const beforeInvoke = sorted((b) => {
      op(b, 2, 'read', 0, 2, 0, 1);
      op(b, 1, 'write', 0, 2, 2, 3, 'info');
    });
    expect(checkLinearizability(beforeInvoke)['valid?']).toBe(false);
    const oncePlacedStays = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 1, 'write', 0, 2, 2, 3, 'info');
      op(b, 2, 'read', 0, 2, 4, 5);
      op(b, 2, 'read', 0, 1, 6, 7);
    });
    expect(checkLinearizability(oncePlacedStays)['valid?']).toBe(false);
  });

  it('an op still pending when the history ends is indefinite, like an :info one', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 3, 0, undefined);
      op(b, 1, 'read', 0, 3, 5, 6);
    });
    expect(checkLinearizability(h)['valid?']).toBe(true);
    const early = sorted((b) => {
      op(b, 1, 'read', 0, 3, 0, 1);
      op(b, 0, 'write', 0, 3, 2, undefined);
    });
    const r = checkLinearizability(early);
    expect(r['valid?']).toBe(false);
    const pending = key(r).counterexample!.ops.find((o) => o.f === 'write');
    // Invoked after the read completed: not concurrent, so not among the ops shown.
    expect(pending).toBeUndefined();
  });

  it('an :info cas takes effect only from its from value', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 1, 'cas', 0, [2, 3], 2, 3, 'info');
      op(b, 2, 'read', 0, 3, 4, 5);
    });
    expect(checkLinearizability(h)['valid?']).toBe(false);
  });

  it('values compare with Clojure equality: 1.0 is not 1', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 1, 'read', 0, new JsonFloat(1, '1.0'), 2, 3);
    });
    expect(checkLinearizability(h)['valid?']).toBe(false);
  });

  it('keys are checked apart and merged: one bad key makes the whole invalid; nemesis ops belong to none', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 1, 1, 0, 1);
      b.info('nemesis', 'start-partition', 'majority', 1.5);
      op(b, 1, 'read', 0, 1, 2, 3);
      op(b, 2, 'read', 1, 1, 4, 5);
    });
    const r = checkLinearizability(h);
    expect(r['valid?']).toBe(false);
    expect(r.failures).toEqual([0]);
    expect(Object.keys(r.results)).toEqual(['0', '1']);
    expect(r.results['1']['valid?']).toBe(true);
    expect(resultSummary(r)).toBe('2 keys: 1 linearizable, 1 not (key 0)');
    expect(r.results['0'].linearizable['final-paths']![0].at(-1)!.model).toEqual({ msg: "can't read 1 from register nil" });
  });

  it('a history not in [k v] tuples, or with a completion out of nowhere, is unknown with an error', () => {
    const h = historyBuilder();
    h.invoke(0, 'read', null, 0);
    h.ok(0, 'read', 3, 1);
    const r = checkLinearizability(h.ops);
    expect(r['valid?']).toBe('unknown');
    expect(r.error).toMatch(/op #0 .*not a \[key, value\] tuple/);
    const stray = historyBuilder();
    stray.ok(0, 'write', [0, 1], 0);
    expect(checkLinearizability(stray.ops).error).toMatch(/without an invocation/);
    const unknownF = historyBuilder();
    unknownF.invoke(0, 'add', [0, 1], 0);
    expect(checkLinearizability(unknownF.ops).error).toMatch(/knows read, write and cas, not "add"/);
  });

  it('other models plug in: the plain register refuses cas', () => {
    const h = historyBuilder();
    h.invoke(0, 'write', 1, 0);
    h.ok(0, 'write', 1, 1);
    h.invoke(0, 'read', null, 2);
    h.ok(0, 'read', 1, 3);
    expect(checkLinearizability(h.ops, { model: register, keyed: false })['valid?']).toBe(true);
    h.invoke(0, 'read', null, 4);
    h.ok(0, 'read', 2, 5);
    const r = checkLinearizability(h.ops, { model: register, keyed: false });
    expect(r['valid?']).toBe(false);
    expect(r.results.null.linearizable.op).toMatchObject({ f: 'read', value: 2 });
  });
});

// At least as strict as Knossos, argued from the semantics. Knossos's verdict on a key is a
// function of three things: (1) its preprocessing (history.clj `preprocess`: :fail ops deleted
// with their invocations, an :ok invocation given its completion's value, invocations never
// completed turned into :info, positions taken from history order); (2) the model's step
// (model.clj CASRegister: nil start, write sets, cas only from its value, a read of nil or of
// the value legal); (3) an exact search for a linearization (wgl.clj and linear.clj, raced by
// `competition`, both complete and sound). splitHistory does (1) op for op; casRegister is (2)
// clause for clause; and our search is exact: every reduction it makes (dropping ops that cannot
// change the verdict, placing interchangeable :info twins in invocation order, pruning
// configurations already explored, compared exactly) keeps a linearization if one exists and
// invents none. So where Knossos finds no linearization, none exists here either: the verdict
// is false, or unknown if a budget stops the search first, never true. The cases below are the
// ones where Knossos's preprocessing or model is special.
describe('linearizability: at least as strict as Knossos, on the cases Knossos treats specially', () => {
  it('an :ok op is checked with its completion value, not its invocation value', () => {
    const h = historyBuilder();
    h.invoke(0, 'write', [0, 1], 0);
    h.ok(0, 'write', [0, 1], 1);
    h.invoke(0, 'cas', [0, [9, 9]], 2);
    h.ok(0, 'cas', [0, [1, 2]], 3);
    h.invoke(0, 'read', [0, null], 4);
    h.ok(0, 'read', [0, 2], 5);
    expect(checkLinearizability(h.ops)['valid?']).toBe(true);
  });

  it('an :info read constrains nothing, whatever its invocation says', () => {
    const h = historyBuilder();
    h.invoke(0, 'read', [0, 4], 0);
    h.info(0, 'read', [0, 4], 1);
    h.invoke(1, 'read', [0, null], 2);
    h.ok(1, 'read', [0, null], 3);
    expect(checkLinearizability(h.ops)['valid?']).toBe(true);
  });

  it('a :fail read of an impossible value is deleted, not judged', () => {
    const h = historyBuilder();
    h.invoke(0, 'read', [0, null], 0);
    h.fail(0, 'read', [0, 4], 1);
    expect(checkLinearizability(h.ops)['valid?']).toBe(true);
  });

  it('an :info cas from a value the register never holds has no effect, ever', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 1, 'cas', 0, [3, 4], 2, 3, 'info');
      op(b, 2, 'read', 0, 4, 10, 11);
    });
    expect(checkLinearizability(h)['valid?']).toBe(false);
  });

  it('a read of nil after writes is accepted, as Knossos accepts it (a stricter reading would be another model)', () => {
    const h = sorted((b) => {
      op(b, 0, 'write', 0, 1, 0, 1);
      op(b, 0, 'cas', 0, [1, 2], 2, 3);
      op(b, 1, 'read', 0, null, 4, 5);
      op(b, 1, 'read', 0, 2, 6, 7);
    });
    expect(checkLinearizability(h)['valid?']).toBe(true);
  });
});

describe('linearizability: a budget ends in unknown, never a guess', () => {
  /** n indefinite writes of distinct values, all concurrent, then a read of a value none wrote:
   *  refuting it means trying every subset of the writes in every order. */
  function hopeless(n: number): Op[] {
    return sorted((b) => {
      for (let i = 0; i < n; i++) op(b, i, 'write', 0, i, i * 0.001, 1, 'info');
      op(b, n, 'read', 0, 'never', 2, 3);
      op(b, n, 'read', 0, 0, 4, 5);
    });
  }

  it('runs out of configurations', () => {
    const r = checkLinearizability(hopeless(24), { budget: { configs: 5_000 } });
    expect(r['valid?']).toBe('unknown');
    expect(r.failures).toEqual([]);
    expect(key(r).cause).toBe('configuration budget of 5000 spent');
  });

  it('runs out of time (a clock that jumps a second per look)', () => {
    let t = 0;
    const r = checkLinearizability(hopeless(24), { budget: { timeMs: 10 }, now: () => (t += 1000) });
    expect(key(r).cause).toBe('time limit of 10 ms reached');
  });

  it('a violation found in one key stays false when another key is unknown', () => {
    const h = [...hopeless(24)];
    const bad = sorted((b) => op(b, 99, 'read', 1, 5, 10, 11));
    for (const o of bad) h.push({ ...o, index: h.length });
    const r = checkLinearizability(h, { budget: { configs: 5_000 } });
    expect(r.results['0']['valid?']).toBe('unknown');
    expect(r.results['1']['valid?']).toBe(false);
    expect(r['valid?']).toBe(false);
    expect(r.failures).toEqual([1]);
    expect(resultSummary(r)).toBe('2 keys: 0 linearizable, 1 not (key 1), 1 unknown (key 0)');
    const lines = resultLines(r);
    expect(lines).toContain("    register nil → p99 read 5: can't read 5 from register nil");
    expect(lines.at(-1)).toMatch(/^key 0: unknown: configuration budget of 5000 spent \(5001 configurations explored\)$/);
  });

  it('the same history small enough to finish is refuted', () => {
    expect(checkLinearizability(hopeless(6))['valid?']).toBe(false);
  });
});
