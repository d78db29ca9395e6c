// The checker against the brute-force oracle on many small random histories: both verdicts must
// come up often (counted, so a generator that drifts to one verdict fails the test), with
// :info, :fail and pending ops, one key or two.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizability } from '../../../../src/runner/checkers/linearizability/index.js';
import { bruteForceLinearizable } from './brute-force.js';
import { chaotic, commands, simulated } from './random-history.js';

function agree(history: Parameters<typeof checkLinearizability>[0], tally: Map<unknown, number>, memo = false): void {
  const expected = bruteForceLinearizable(history, memo);
  const r = checkLinearizability(history);
  tally.set(r['valid?'], (tally.get(r['valid?']) ?? 0) + 1);
  expect(r['valid?'], JSON.stringify(history)).toBe(expected);
  if (r['valid?'] === false) {
    // Every failed key names an op that no order could place, and explains it with final paths.
    for (const k of r.failures) {
      const lin = r.results[JSON.stringify(k)].linearizable;
      expect(lin.op).toBeDefined();
      expect(lin.counterexample!.ops.some((o) => o.id === lin.counterexample!.blocking)).toBe(true);
    }
  }
}

describe('linearizability agrees with brute force', () => {
  it('on histories with made-up results', () => {
    const tally = new Map<unknown, number>();
    fc.assert(
      fc.property(commands(18), (cmds) => agree(chaotic(cmds), tally)),
      { numRuns: 600, seed: 20 },
    );
    console.log(tally);
    expect(tally.get(true)).toBeGreaterThan(100);
    expect(tally.get(false)).toBeGreaterThan(100);
  });

  it('on histories of a real register, some with one read corrupted', () => {
    const tally = new Map<unknown, number>();
    fc.assert(
      fc.property(commands(24), fc.option(fc.nat(2), { freq: 4 }), (cmds, corrupt) => agree(simulated(cmds, corrupt ?? undefined), tally)),
      { numRuns: 2000, seed: 21 },
    );
    console.log(tally);
    expect(tally.get(true)).toBeGreaterThan(500);
    expect(tally.get(false)).toBeGreaterThan(80);
  });

  it('on histories full of :info ops on one key', () => {
    const tally = new Map<unknown, number>();
    fc.assert(
      fc.property(commands(26, { processes: 6, keys: 1, info: 'many' }), fc.option(fc.nat(2), { freq: 3 }), (cmds, corrupt) =>
        agree(simulated(cmds, corrupt ?? undefined), tally),
      ),
      { numRuns: 1000, seed: 24 },
    );
    console.log(tally);
    expect(tally.get(true)).toBeGreaterThan(300);
    expect(tally.get(false)).toBeGreaterThan(60);
  });

  // Beyond 32 definite ops the configuration cache keeps only a window of the bitset, and many
  // :info ops of one value exercise the rule that places twins in invocation order.
  it('on longer histories of one key, with the memoised oracle', () => {
    const tally = new Map<unknown, number>();
    fc.assert(
      fc.property(commands(260, { processes: 5, keys: 1 }), fc.option(fc.nat(20), { freq: 3 }), (cmds, corrupt) =>
        agree(simulated(cmds, corrupt ?? undefined), tally, true),
      ),
      { numRuns: 100, seed: 23 },
    );
    console.log(tally);
    expect(tally.get(true)).toBeGreaterThan(15);
    expect(tally.get(false)).toBeGreaterThan(12);
  });

  it('a real register with no corruption is always linearizable', () => {
    fc.assert(
      fc.property(commands(30), (cmds) => {
        expect(checkLinearizability(simulated(cmds))['valid?']).toBe(true);
      }),
      { numRuns: 300, seed: 22 },
    );
  });
});
