// Messages per second per node from the journal, on the history's time axis, and the Lamport
// window: its message cap, deliveries matched by network id, and drops left open.
import { describe, expect, it } from 'vitest';
import { createJournalFolder, lamportMessageCap, type JournalEventLike } from '../../../src/runner/output/journal-series.js';

let nextId = 0;
const event = (time: number, type: 'send' | 'recv', src: string, dest: string, bodyType: string, id: number): JournalEventLike => ({
  id: nextId++,
  time,
  type,
  message: { id, src, dest, body: { type: bodyType } },
});
const ms = (v: number): number => v * 1e6;

describe('journal series', () => {
  it('counts server and client traffic per node in history time (origin = last init_ok delivery)', () => {
    const folder = createJournalFolder({ nodes: ['n0', 'n1'], durationS: 10 });
    const origin = 250; // ms of network time at which the last init_ok arrived
    for (const [i, n] of ['n0', 'n1'].entries()) {
      folder.add(event(ms(10), 'send', `c${i}`, n, 'init', i));
      folder.add(event(ms(20 + (i * origin) / 2), 'recv', n, `c${i}`, 'init_ok', 10 + i));
    }
    // 1.05 s after the origin: n0 gossips to n1 twice; a client asks n1, n1 replies.
    folder.add(event(ms(origin + 1050), 'send', 'n0', 'n1', 'gossip', 20));
    folder.add(event(ms(origin + 1051), 'send', 'n0', 'n1', 'gossip', 21));
    folder.add(event(ms(origin + 1052), 'recv', 'n0', 'n1', 'gossip', 20));
    folder.add(event(ms(origin + 1060), 'send', 'c4', 'n1', 'read', 22));
    folder.add(event(ms(origin + 1061), 'send', 'n1', 'c4', 'read_ok', 23));
    // n1 asks seq-kv, which answers: servers traffic, once each way, at n1.
    folder.add(event(ms(origin + 1062), 'send', 'n1', 'seq-kv', 'read', 24));
    folder.add(event(ms(origin + 1063), 'send', 'seq-kv', 'n1', 'read_ok', 25));
    const { messages } = folder.finish();
    expect(messages.bucketS).toBe(0.25);
    const bucket = Math.floor(1.05 / 0.25);
    expect(messages.servers[0][bucket]).toBe(2 / 0.25);
    expect(messages.servers[0].reduce((a, b) => a + b, 0)).toBe(2 / 0.25);
    expect(messages.servers[1][bucket]).toBe(2 / 0.25);
    expect(messages.servers[1].reduce((a, b) => a + b, 0)).toBe(2 / 0.25);
    expect(messages.clients[1][bucket]).toBe(2 / 0.25);
    expect(messages.clients[0].every((v) => v === 0)).toBe(true);
  });

  it('keeps a Lamport window of at most the cap, matching deliveries and leaving drops at -1', () => {
    const folder = createJournalFolder({ nodes: ['n0', 'n1'], durationS: 100, lamportStartS: 1 });
    folder.add(event(ms(0.5e3), 'send', 'n0', 'n1', 'gossip', 0)); // before the window
    for (let k = 0; k < lamportMessageCap + 50; k++) {
      const t = ms(1000 + k);
      folder.add(event(t, 'send', 'n0', k % 2 ? 'n1' : 'c9', 'gossip', 100 + k));
      if (k % 3 !== 0) folder.add(event(t + ms(0.5), 'recv', 'n0', k % 2 ? 'n1' : 'c9', 'gossip', 100 + k));
    }
    const { lamport } = folder.finish();
    expect(lamport).toBeDefined();
    expect(lamport!.messages).toHaveLength(lamportMessageCap);
    expect(lamport!.truncated).toBe(true);
    expect(lamport!.processes).toEqual(['n0', 'n1', 'c9']);
    expect(lamport!.messages[0]).toEqual([0, 2, 1, -1, 'gossip']);
    expect(lamport!.messages[1]).toEqual([0, 1, 1.001, 1.0015, 'gossip']);
    expect(lamport!.messages.filter((m) => m[3] < 0)).toHaveLength(Math.ceil(lamportMessageCap / 3));
  });

  it('draws no Lamport window unless asked', () => {
    expect(createJournalFolder({ nodes: ['n0'], durationS: 1 }).finish().lamport).toBeUndefined();
  });
});
