// The report's per-element stable latencies must be the set-full checker's, element by element:
// same lost / never-read / stale sets, same latency quantiles, on random histories and on a
// simulated run under partitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantiles } from '../../../src/runner/checkers/quantiles.js';
import { checkSetFull, type SetOps } from '../../../src/runner/checkers/set-full.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Op } from '../../../src/runner/records/history.js';
import { createSetTracker, type ElementFate } from '../../../src/runner/output/set-elements.js';
import { readHistory, simFolder } from './sim-folder.js';
import { setHistory, setHistorySteps } from '../../helpers/random-set-history.js';

const broadcastOps: SetOps = { add: 'broadcast', read: 'read' };

function fates(history: readonly Op[], ops: SetOps): ElementFate[] {
  const tracker = createSetTracker(ops);
  for (const op of history) tracker.add(op);
  return tracker.finish();
}

function expectAgreement(history: readonly Op[], ops: SetOps): void {
  const checked = checkSetFull(history, ops);
  const got = fates(history, ops);
  const pick = (o: ElementFate['outcome']): unknown[] =>
    got
      .filter((f) => f.outcome === o)
      .map((f) => f.element)
      .sort((a, b) => (a as number) - (b as number));
  expect(pick('lost')).toEqual(checked.lost);
  expect(pick('never-read')).toEqual(checked['never-read']);
  const stable = got.filter((f) => f.outcome === 'stable');
  expect(stable.length).toBe(checked['stable-count']);
  expect(
    stable
      .filter((f) => f.latencyMs > 0)
      .map((f) => f.element)
      .sort((a, b) => (a as number) - (b as number)),
  ).toEqual(checked.stale);
  expect(quantiles(stable.map((f) => f.latencyMs))).toEqual(checked['stable-latencies']);
  const lost = got.filter((f) => f.outcome === 'lost');
  expect(quantiles(lost.map((f) => f.latencyMs))).toEqual(checked['lost-latencies']);
  for (const w of checked['worst-stale']) {
    const mine = got.find((f) => f.element === w.element);
    expect(mine?.latencyMs).toBe(w['stable-latency']);
    expect(mine?.knownTime).toBe(w.known.time);
  }
}

describe('set elements for the report', () => {
  it('agrees with checkSetFull on random concurrent histories', () => {
    fc.assert(
      fc.property(setHistorySteps, fc.boolean(), (steps, asBroadcast) => {
        const add = asBroadcast ? 'broadcast' : 'add';
        expectAgreement(setHistory(steps, add), { add, read: 'read' });
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with checkSetFull on a simulated broadcast run under partitions (stale elements included)', () => {
    const store = mkdtempSync(join(tmpdir(), 'ygossip-set-'));
    try {
      const dir = simFolder(
        store,
        '-w broadcast --node-count 5 --time-limit 5 --rate 30 --latency 20 --nemesis partition --nemesis-interval 1 --seed 11'.split(' '),
      );
      const history = readHistory(dir);
      expect(checkSetFull(history, broadcastOps)['stale-count']).toBeGreaterThan(0);
      expectAgreement(history, broadcastOps);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('decides by the latest-invoked read, not the latest-completed', () => {
    const ops: Op[] = [];
    const push = (op: Omit<Op, 'index'>): void => void ops.push({ index: ops.length, ...op } as Op);
    push({ time: 0, type: 'invoke', process: 0, f: 'broadcast', value: 1 });
    push({ time: 1e6, type: 'ok', process: 0, f: 'broadcast', value: 1 });
    push({ time: 2e6, type: 'invoke', process: 1, f: 'read', value: null });
    push({ time: 3e6, type: 'invoke', process: 2, f: 'read', value: null });
    push({ time: 4e6, type: 'invoke', process: 3, f: 'read', value: null });
    push({ time: 5e6, type: 'ok', process: 3, f: 'read', value: [1] });
    push({ time: 6e6, type: 'ok', process: 2, f: 'read', value: [] });
    push({ time: 7e6, type: 'ok', process: 1, f: 'read', value: [1] });
    expect(fates(ops, broadcastOps)).toEqual([{ element: 1, outcome: 'stable', knownTime: 1e6, latencyMs: 2 }]);
    expectAgreement(ops, broadcastOps);
  });

  it('plots a lost element at its lost latency and a never-acknowledged one not at all', () => {
    const ops: Op[] = [];
    const push = (op: Omit<Op, 'index'>): void => void ops.push({ index: ops.length, ...op } as Op);
    push({ time: 0, type: 'invoke', process: 0, f: 'add', value: 1 });
    push({ time: 1e6, type: 'ok', process: 0, f: 'add', value: 1 });
    push({ time: 2e6, type: 'invoke', process: 1, f: 'read', value: null });
    push({ time: 3e6, type: 'ok', process: 1, f: 'read', value: [1] });
    push({ time: 4e6, type: 'invoke', process: 0, f: 'add', value: 2 });
    push({ time: 5e6, type: 'info', process: 0, f: 'add', value: 2 });
    push({ time: 9e6, type: 'invoke', process: 1, f: 'read', value: null });
    push({ time: 10e6, type: 'ok', process: 1, f: 'read', value: [] });
    expect(fates(ops, { add: 'add', read: 'read' })).toEqual([
      { element: 1, outcome: 'lost', knownTime: 1e6, latencyMs: 1 },
      { element: 2, outcome: 'never-read', knownTime: undefined, latencyMs: 0 },
    ]);
  });
});
