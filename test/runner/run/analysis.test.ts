import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../../src/runner/records/journal.js';
import { createRandom } from '../../../src/runner/base/random.js';
import { createWorkload, workloadNames, type WorkloadName } from '../../../src/runner/workloads/index.js';
import { analyzeRun } from '../../helpers/analyze-run.js';
import { historyBuilder } from '../checkers/history-builder.js';

const checkWorkload = (name: WorkloadName, history: Parameters<typeof analyzeRun>[1]) => createWorkload(name).check(history);

function broadcastRun(lastRead: number[]) {
  const h = historyBuilder();
  h.info('nemesis', 'start-partition', 'majority', 0);
  h.invoke(0, 'broadcast', 0, 1);
  h.ok(0, 'broadcast', 0, 2);
  h.invoke(1, 'broadcast', 1, 3);
  h.ok(1, 'broadcast', 1, 4);
  h.info('nemesis', 'stop-partition', null, 5);
  h.invoke(0, 'read', null, 20, { final: true });
  h.ok(0, 'read', lastRead, 21, { final: true });
  const m = { id: 0, src: 'c1', dest: 'n1', body: { type: 'broadcast', message: 0, msg_id: 1 } };
  const journal: JournalEvent[] = [
    { id: 0, time: 0, type: 'send', message: m },
    { id: 1, time: 1, type: 'recv', message: m },
  ];
  return { history: h.ops, journal };
}

describe('analyze', () => {
  it("returns results.edn's structure with string keys", () => {
    const r = analyzeRun('broadcast', broadcastRun([0, 1]).history, broadcastRun([0, 1]).journal);
    // Maelstrom's keys, then ygossip's informational nemesis summary (this history has nemesis ops).
    expect(Object.keys(r)).toEqual(['perf', 'timeline', 'exceptions', 'stats', 'availability', 'net', 'workload', 'nemesis', 'valid?']);
    expect(r.nemesis).toEqual({ 'valid?': true, ops: { 'start-partition': 1, 'stop-partition': 1 }, 'nodes-killed': 0, 'nodes-paused': 0 });
    expect(r.perf).toEqual({ 'latency-graph': { 'valid?': true }, 'rate-graph': { 'valid?': true }, 'valid?': true });
    expect(r.timeline).toEqual({ 'valid?': true });
    expect(r.exceptions).toEqual({ 'valid?': true });
    expect(r.availability).toEqual({ 'valid?': true, 'ok-fraction': 1 });
    expect(r.net).toMatchObject({ 'valid?': true, all: { 'msg-count': 1, 'msgs-per-op': 0.33333334 } });
    expect(r.workload).toMatchObject({ 'valid?': true, 'attempt-count': 2, 'stable-count': 2 });
    expect(r['valid?']).toBe(true);
    // JSON round trip keeps it plain data
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('is invalid when an element is lost', () => {
    const r = analyzeRun('broadcast', broadcastRun([1]).history, broadcastRun([1]).journal);
    expect(r.workload).toMatchObject({ 'valid?': false, lost: [0] });
    expect(r['valid?']).toBe(false);
  });

  it('lets the availability goal decide its own verdict and the whole', () => {
    const run = broadcastRun([0, 1]);
    const h = historyBuilder();
    h.ops.push(...run.history);
    h.invoke(3, 'read', null, 30);
    h.fail(3, 'read', null, 31);
    const r = analyzeRun('broadcast', h.ops, run.journal, { availability: 'total' });
    expect(r.availability).toEqual({ 'valid?': false, 'ok-fraction': 0.75 });
    expect(r['valid?']).toBe(false);
  });

  it('turns a checker that throws into unknown with the error, and unknown into the whole', () => {
    const h = historyBuilder();
    h.invoke(0, 'read', null, 0, { final: true });
    h.ok(0, 'read', 1.5, 1, { final: true });
    const r = analyzeRun('pn-counter', h.ops);
    expect(r.workload).toEqual({ 'valid?': 'unknown', error: expect.stringMatching(/not an integer/) });
    expect(r['valid?']).toBe('unknown');
  });

  it('lets false beat unknown at the top', () => {
    const h = historyBuilder();
    h.invoke(0, 'read', null, 0);
    h.fail(0, 'read', null, 1);
    const r = analyzeRun('g-set', h.ops);
    expect(r.workload['valid?']).toBe('unknown'); // nothing added, nothing stable
    expect(r.stats['valid?']).toBe(false);
    expect(r['valid?']).toBe(false);
  });

  it('picks the checker by workload', () => {
    const h = historyBuilder();
    h.invoke(0, 'echo', 'Please echo 3', 0);
    h.ok(0, 'echo', { type: 'echo_ok', echo: 'Please echo 3' }, 1);
    expect(checkWorkload('echo', h.ops)).toEqual({ 'valid?': true, errors: [] });
    const c = historyBuilder();
    c.invoke(0, 'add', 2, 0);
    c.ok(0, 'add', 2, 1);
    c.invoke(0, 'read', null, 2, { final: true });
    c.ok(0, 'read', 2, 3, { final: true });
    expect(checkWorkload('g-counter', c.ops)).toMatchObject({ 'valid?': true, acceptable: [[2, 2]] });
    expect(checkWorkload('pn-counter', c.ops)).toMatchObject({ 'valid?': true, 'final-reads': [2] });
    const g = historyBuilder();
    g.invoke(0, 'add', 2, 0);
    g.ok(0, 'add', 2, 1);
    g.invoke(0, 'read', null, 2);
    g.ok(0, 'read', [2], 3);
    expect(checkWorkload('g-set', g.ops)).toMatchObject({ 'valid?': true, 'stable-count': 1 });
  });
});

describe('convergence (ygossip: do the final reads agree?)', () => {
  function finals(values: number[][], opts: { flag: boolean }) {
    const h = historyBuilder();
    h.invoke(0, 'broadcast', 0, 1);
    h.ok(0, 'broadcast', 0, 2);
    h.invoke(1, 'broadcast', 1, 3);
    h.ok(1, 'broadcast', 1, 4);
    const from = h.ops.length;
    for (const p of values.keys()) h.invoke(p, 'read', null, 20, opts.flag ? { final: true } : {});
    values.forEach((v, p) => h.ok(p, 'read', v, 21, opts.flag ? { final: true } : {}));
    return { ops: h.ops, from };
  }
  const clients = { nodes: ['n0', 'n1', 'n2'], concurrency: 3 };

  it('names the nodes whose final reads lack values, without changing the verdict', () => {
    const { ops } = finals([[0], [0, 1], [0, 1]], { flag: true });
    const r = analyzeRun('broadcast', ops, [], { clients });
    expect(r.convergence).toEqual({ 'valid?': true, 'agree?': false, 'final-read-count': 3, missing: { n0: { count: 1, values: [1] } } });
    expect(r['valid?']).toBe(true); // the last-invoked read (n2's) has both: set-full calls it valid
  });

  it('finds g-set final reads by where the final phase began (they carry no flag)', () => {
    const { ops, from } = finals([[0, 1], [0, 1], [1]], { flag: false });
    const r = analyzeRun(
      'g-set',
      ops.map((op) => (op.f === 'broadcast' ? { ...op, f: 'add' } : op)),
      [],
      { clients, finalFrom: from },
    );
    expect(r.convergence).toMatchObject({ 'agree?': false, missing: { n2: { count: 1, values: [0] } } });
  });

  it('maps processes to nodes after crashes: process p is thread p mod concurrency', () => {
    const { ops } = finals([[0, 1], [0, 1], [0, 1], [0]], { flag: true }); // process 3 = thread 0 = n0
    const r = analyzeRun('broadcast', ops, [], { clients: { nodes: ['n0', 'n1', 'n2'], concurrency: 3 } });
    expect(r.convergence).toMatchObject({ 'agree?': false, missing: { n0: { count: 1 } } });
  });

  it('counters: agreement is one value across every final read', () => {
    const h = historyBuilder();
    h.invoke(0, 'add', 2, 1);
    h.ok(0, 'add', 2, 2);
    for (const [p, v] of [
      [0, 2],
      [1, 2],
      [2, 0],
    ]) {
      h.invoke(p, 'read', null, 10, { final: true });
      h.ok(p, 'read', v, 11, { final: true });
    }
    const r = analyzeRun('g-counter', h.ops, [], { clients });
    expect(r.convergence).toEqual({ 'valid?': true, 'agree?': false, 'final-read-count': 3, values: { n0: [2], n1: [2], n2: [0] } });
    expect(r['valid?']).toBe(false); // the counter checker itself refuses 0
  });
});

describe("the set and counter workloads' names for their adds and reads", () => {
  it('are declared by the workloads, and are the fs their own generators give their ops', () => {
    const declared = Object.fromEntries(workloadNames.map((name) => [name, createWorkload(name).values]));
    expect(declared).toMatchObject({
      broadcast: { kind: 'set', add: 'broadcast', read: 'read' },
      'g-set': { kind: 'set', add: 'add', read: 'read' },
      'g-counter': { kind: 'counter', add: 'add', read: 'read' },
      'pn-counter': { kind: 'counter', add: 'add', read: 'read' },
    });
    expect(workloadNames.filter((name) => declared[name] !== undefined).sort()).toEqual(['broadcast', 'g-counter', 'g-set', 'pn-counter']);
    for (const name of ['broadcast', 'g-set', 'g-counter', 'pn-counter'] as const) {
      const { values, generator } = createWorkload(name);
      const next = generator(createRandom(1)) as () => { f: string };
      const fs = new Set(Array.from({ length: 50 }, () => next().f));
      expect([...fs].sort()).toEqual([values!.add, values!.read].sort());
    }
  });

  it('are how the stable latency outside a fault reads each set workload', () => {
    const outside = (name: WorkloadName, add: string) => {
      const h = historyBuilder();
      h.info('nemesis', 'fault', 'isolated n0', 0);
      h.invoke(1, add, 7, 1);
      h.ok(1, add, 7, 2);
      h.invoke(2, 'read', null, 3);
      h.ok(2, 'read', [], 4);
      h.invoke(1, 'read', null, 10);
      h.ok(1, 'read', [7], 11);
      return analyzeRun(name, h.ops, [], { clients: { nodes: ['n0', 'n1', 'n2'], concurrency: 3 } })['stable-outside'];
    };
    for (const [name, add] of [
      ['broadcast', 'broadcast'],
      ['g-set', 'add'],
    ] as const) {
      expect(outside(name, add)).toMatchObject({ excluded: ['n0'], 'value-count': 1, 'stable-count': 1, 'stable-latencies': { '1': 1 } });
    }
    expect(outside('g-set', 'broadcast')).toMatchObject({ 'value-count': 0 });
  });
});
