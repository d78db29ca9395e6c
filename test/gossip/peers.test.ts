import { describe, expect, test } from 'vitest';
import { createPeerState, forgetCoveredSends, isSettled, lacks, maxOutstanding, observeIncarnation, recordReport, recordSend } from '../../src/gossip/peers.js';
import { decodeGossip, encodeGossip } from '../../src/gossip/protocol.js';
import { createPatience, patienceTimedOut } from '../../src/gossip/patience.js';

const sv = (entries: [number, number][]) => new Map(entries);

describe('peer knowledge', () => {
  test('a send is assumed delivered until a report after the grace period lacks it', () => {
    const peer = createPeerState();
    recordSend(peer, sv([[1, 5]]), 0);
    expect(lacks(peer, sv([[1, 5]]))).toBe(false);
    // A report written before our push could have arrived proves nothing.
    expect(recordReport(peer, sv([[1, 2]]), 100, 500)).toBe(false);
    expect(lacks(peer, sv([[1, 5]]))).toBe(false);
    // One long after it does (a peer never measured yet gets twice the grace): fall back to what
    // the peer confirmed.
    expect(recordReport(peer, sv([[1, 2]]), 900, 500)).toBe(false);
    expect(recordReport(peer, sv([[1, 2]]), 1100, 500)).toBe(true);
    expect(lacks(peer, sv([[1, 5]]))).toBe(true);
    expect(peer.outstanding).toEqual([]);
    expect(peer.losses).toBe(1);
  });

  test('a covering report clears the send, settles the peer and the loss count', () => {
    const peer = createPeerState();
    peer.losses = 1;
    recordSend(peer, sv([[1, 5]]), 0);
    expect(isSettled(peer, sv([[1, 5]]))).toBe(false);
    expect(
      recordReport(
        peer,
        sv([
          [1, 5],
          [2, 1],
        ]),
        900,
        500,
      ),
    ).toBe(false);
    expect(peer.outstanding).toEqual([]);
    expect(peer.losses).toBe(0);
    expect(isSettled(peer, sv([[1, 5]]))).toBe(true);
  });

  test('forgetCoveredSends drops only what the hub covers', () => {
    const peer = createPeerState();
    recordSend(peer, sv([[1, 5]]), 0);
    recordSend(peer, sv([[1, 9]]), 10);
    forgetCoveredSends(peer, sv([[1, 6]]));
    expect(peer.outstanding.map((s) => s.upTo.get(1))).toEqual([9]);
  });

  test('a peer that never answers costs bounded memory: old sends merge, keeping the older time', () => {
    const peer = createPeerState();
    for (let i = 1; i <= 100; i++) recordSend(peer, sv([[1, i]]), i);
    expect(peer.outstanding.length).toBeLessThanOrEqual(maxOutstanding);
    expect(peer.outstanding[0].at).toBe(1);
    // Still detected as lost once a late report lacks it.
    expect(recordReport(peer, sv([]), 10_000, 500)).toBe(true);
  });
});

describe('incarnations', () => {
  test('the first incarnation heard is known; a new one resets all we believed the peer holds', () => {
    const peer = createPeerState();
    recordSend(peer, sv([[1, 5]]), 0);
    expect(observeIncarnation(peer, 7)).toBe('known');
    expect(lacks(peer, sv([[1, 5]]))).toBe(false);
    recordReport(peer, sv([[1, 5]]), 10, 500);
    patienceTimedOut(peer.patience, 20);
    expect(observeIncarnation(peer, 7)).toBe('known');
    expect(observeIncarnation(peer, 8)).toBe('new');
    expect(lacks(peer, sv([[1, 5]]))).toBe(true);
    expect(peer.confirmed.size).toBe(0);
    expect(peer.outstanding).toEqual([]);
    // A new process: nothing learned of the old one's pace holds.
    expect(peer.patience).toEqual(createPatience());
  });

  test('a late message from a retired incarnation is told apart and changes nothing', () => {
    const peer = createPeerState();
    observeIncarnation(peer, 7);
    observeIncarnation(peer, 8);
    recordReport(peer, sv([[2, 1]]), 10, 500);
    expect(observeIncarnation(peer, 7)).toBe('retired');
    expect(peer.incarnation).toBe(8);
    expect(peer.confirmed).toEqual(sv([[2, 1]]));
  });
});

describe('gossip bodies', () => {
  test('round trip with and without an update, with every flag', () => {
    const full = {
      stateVector: sv([[7, 3]]),
      update: new Uint8Array([1, 2, 3]),
      incarnation: 42,
      hub: 'n0',
      pull: true,
      ack: true,
      reply: true,
      graft: true,
      prune: true,
    };
    expect(decodeGossip(encodeGossip(full))).toEqual(full);
    expect(decodeGossip(encodeGossip({ stateVector: sv([]), incarnation: 0 }))).toEqual({ stateVector: sv([]), incarnation: 0 });
  });

  test('bad fields are named', () => {
    expect(() => decodeGossip({ type: 'gossip', sv: 5, inc: 1 })).toThrow(/"sv"/);
    expect(() => decodeGossip({ type: 'gossip', sv: 'AA==', inc: 1, update: 'not base64!' })).toThrow(/"update"/);
    expect(() => decodeGossip({ type: 'gossip', sv: 'AA==' })).toThrow(/"inc"/);
    expect(() => decodeGossip({ type: 'gossip', sv: 'AA==', inc: -1 })).toThrow(/"inc"/);
    expect(() => decodeGossip({ type: 'gossip', sv: 'AA==', inc: 1, hub: 3 })).toThrow(/"hub"/);
    expect(() => decodeGossip({ type: 'gossip', sv: 'AA==', inc: 1, pull: 'yes' })).toThrow(/"pull"/);
    expect(() => decodeGossip({ type: 'gossip', sv: 'AA==', inc: 1, prune: 1 })).toThrow(/"prune"/);
  });
});
