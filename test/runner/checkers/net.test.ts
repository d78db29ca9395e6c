import { describe, expect, it } from 'vitest';
import { checkNet, serverBytesTimeline, tallyJournal } from '../../../src/runner/checkers/net.js';
import type { Op } from '../../../src/runner/records/history.js';
import type { JournalEvent } from '../../../src/runner/records/journal.js';
import type { Body } from '../../../src/maelstrom/message.js';
import { historyBuilder } from './history-builder.js';

function journalBuilder() {
  const events: JournalEvent[] = [];
  let nextId = 0;
  /** One message: a send and, unless dropped, its delivery. */
  const message = (src: string, dest: string, body: Body, ms = 0, delivered = true) => {
    const m = { id: nextId++, src, dest, body };
    events.push({ id: events.length, time: ms * 1e6, type: 'send', message: m });
    if (delivered) events.push({ id: events.length, time: ms * 1e6 + 1, type: 'recv', message: m });
  };
  return { events, message };
}

function invocations(n: number): Op[] {
  const h = historyBuilder();
  h.info('nemesis', 'start-partition', null, 0);
  for (let i = 0; i < n; i++) {
    h.invoke(i % 10, 'read', null, i);
    // outcomes do not matter: every invocation is an op
    if (i % 3 === 0) h.ok(i % 10, 'read', [], i);
    else if (i % 3 === 1) h.fail(i % 10, 'read', null, i);
    else h.info(i % 10, 'read', null, i);
  }
  h.info('nemesis', 'stop-partition', null, 99);
  return h.ops;
}

describe('net stats', () => {
  it("splits client and server traffic and divides by client invocations (the doc run's 450 / 55)", () => {
    const j = journalBuilder();
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
    // init and topology: one request and one reply per node, from and to a client
    nodes.forEach((n, i) => {
      j.message(`c${i}`, n, { type: 'init', msg_id: 1 });
      j.message(n, `c${i}`, { type: 'init_ok', in_reply_to: 1 });
    });
    nodes.forEach((n, i) => {
      j.message(`c${i + 5}`, n, { type: 'topology', msg_id: 1 });
      j.message(n, `c${i + 5}`, { type: 'topology_ok', in_reply_to: 1 });
    });
    for (let k = 0; k < 55; k++) {
      j.message('c10', 'n1', { type: 'read', msg_id: k });
      j.message('n1', 'c10', { type: 'read_ok', in_reply_to: k, messages: [] });
    }
    for (let k = 0; k < 320; k++) j.message(nodes[k % 5], nodes[(k + 1) % 5], { type: 'gossip' }, 0, k >= 20);
    const r = checkNet(tallyJournal(j.events), invocations(55));
    expect(r['valid?']).toBe(true);
    expect(r.all).toMatchObject({ 'send-count': 450, 'recv-count': 430, 'msg-count': 450, 'msgs-per-op': 8.181818 });
    expect(r.clients).toMatchObject({ 'send-count': 130, 'recv-count': 130, 'msg-count': 130 });
    expect(r.clients['msgs-per-op']).toBeUndefined();
    expect(r.clients['bytes-per-op']).toBeUndefined();
    expect(r.servers).toMatchObject({ 'send-count': 320, 'recv-count': 300, 'msg-count': 320, 'msgs-per-op': 5.818182 });
    expect(JSON.stringify(r.all['msgs-per-op'])).toBe('8.181818');
  });

  it('sums UTF-8 body bytes over sends only', () => {
    const j = journalBuilder();
    const body = { type: 'gossip', text: 'é€' }; // 2 + 3 bytes beyond ASCII
    const size = Buffer.byteLength(JSON.stringify(body));
    expect(size).toBe(JSON.stringify(body).length + 3);
    j.message('n1', 'n2', body);
    j.message('n2', 'n1', body, 0, false);
    j.message('c1', 'n1', { type: 'read' });
    const r = checkNet(tallyJournal(j.events), invocations(4));
    expect(r.servers.bytes).toBe(2 * size);
    expect(r.clients.bytes).toBe(JSON.stringify({ type: 'read' }).length);
    expect(r.all.bytes).toBe(r.servers.bytes + r.clients.bytes);
    expect(r.servers['bytes-per-op']).toBe(Math.fround((2 * size) / 4));
  });

  it('omits per-op figures when there were no client invocations', () => {
    const j = journalBuilder();
    j.message('n1', 'n2', { type: 'gossip' });
    const h = historyBuilder();
    h.info('nemesis', 'start-partition', null, 0);
    const r = checkNet(tallyJournal(j.events), h.ops);
    expect(r.all).toEqual({ 'send-count': 1, 'recv-count': 1, 'msg-count': 1, bytes: 17 });
    expect('msgs-per-op' in r.servers).toBe(false);
  });

  it('counts services as servers and anything touching a client as client traffic', () => {
    const j = journalBuilder();
    j.message('n1', 'seq-kv', { type: 'read' });
    j.message('c3', 'n1', { type: 'read' });
    j.message('n1', 'c3', { type: 'read_ok' });
    const r = checkNet(tallyJournal(j.events), []);
    expect(r.servers['send-count']).toBe(1);
    expect(r.clients['send-count']).toBe(2);
  });
});

describe('serverBytesTimeline', () => {
  it('buckets server-to-server sends by window, dense, skipping client traffic', () => {
    const j = journalBuilder();
    const b = { type: 'gossip' }; // 17 bytes
    j.message('n1', 'n2', b, 1);
    j.message('n2', 'n1', b, 999);
    j.message('c1', 'n1', { type: 'read', padding: 'x'.repeat(100) }, 1500);
    j.message('n1', 'n3', b, 3000, false); // dropped sends still cost bytes
    expect(serverBytesTimeline(j.events, 1000)).toEqual([
      { 'start-ms': 0, msgs: 2, bytes: 34 },
      { 'start-ms': 1000, msgs: 0, bytes: 0 },
      { 'start-ms': 2000, msgs: 0, bytes: 0 },
      { 'start-ms': 3000, msgs: 1, bytes: 17 },
    ]);
  });

  it('starts at the first window with a send and is empty without server sends', () => {
    const j = journalBuilder();
    expect(serverBytesTimeline(j.events, 100)).toEqual([]);
    j.message('n1', 'n2', { type: 'gossip' }, 250);
    expect(serverBytesTimeline(j.events, 100)).toEqual([{ 'start-ms': 200, msgs: 1, bytes: 17 }]);
    expect(() => serverBytesTimeline(j.events, 0)).toThrow(RangeError);
  });
});

describe('the live tally', () => {
  it('counts what tallyJournal counts over the same events', async () => {
    const { createJournal } = await import('../../../src/runner/records/journal.js');
    const j = journalBuilder();
    for (let k = 0; k < 30; k++) j.message(k % 2 ? 'c1' : 'n1', k % 3 ? 'n2' : 'c4', { type: 'x', k }, k, k % 5 !== 0);
    const live = createJournal();
    for (const e of j.events) live.record(e.type, e.time, e.message, { bodyText: JSON.stringify(e.message.body), line: JSON.stringify(e.message) });
    expect(live.tally).toEqual(tallyJournal(j.events));
    expect(live.events).toEqual([]); // nothing kept unless asked
  });
});
