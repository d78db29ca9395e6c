import { describe, expect, test } from 'vitest';
import { createPeerState, forgetCoveredSends, lacks, recordReport, recordSend } from '../../src/gossip/peers.js';
import { directOverlay, topologyOverlay, treeOverlay } from '../../src/gossip/overlay.js';
import { decodeGossip, encodeGossip } from '../../src/gossip/protocol.js';

const sv = (entries: [number, number][]) => new Map(entries);

describe('peer knowledge', () => {
  test('a send is assumed delivered until a report after the grace period lacks it', () => {
    const peer = createPeerState();
    recordSend(peer, sv([[1, 5]]), 0);
    expect(lacks(peer, sv([[1, 5]]))).toBe(false);
    // A report written before our push could have arrived proves nothing.
    expect(recordReport(peer, sv([[1, 2]]), 100, 500)).toBe(false);
    expect(lacks(peer, sv([[1, 5]]))).toBe(false);
    // One long after it does: fall back to what the peer confirmed.
    expect(recordReport(peer, sv([[1, 2]]), 900, 500)).toBe(true);
    expect(lacks(peer, sv([[1, 5]]))).toBe(true);
    expect(peer.outstanding).toEqual([]);
  });

  test('a covering report clears the send', () => {
    const peer = createPeerState();
    recordSend(peer, sv([[1, 5]]), 0);
    expect(recordReport(peer, sv([[1, 5], [2, 1]]), 900, 500)).toBe(false);
    expect(peer.outstanding).toEqual([]);
  });

  test('forgetCoveredSends drops only what the anchor covers', () => {
    const peer = createPeerState();
    recordSend(peer, sv([[1, 5]]), 0);
    recordSend(peer, sv([[1, 9]]), 10);
    forgetCoveredSends(peer, sv([[1, 6]]));
    expect(peer.outstanding.map((s) => s.upTo.get(1))).toEqual([9]);
  });
});

describe('overlays', () => {
  const ids = Array.from({ length: 25 }, (_, i) => `n${i}`);
  test('the default tree is one hub for 25 nodes; leaves push up at once, the hub batches down', () => {
    const hub = treeOverlay({ self: 'n0', nodeIds: ids }, 165);
    expect(hub.targets('remote')).toEqual(ids.slice(1));
    expect(hub.isAnchor).toBe(true);
    expect(hub.linkIntervalMs('n5')).toBe(165);
    const leaf = treeOverlay({ self: 'n7', nodeIds: ids }, 165);
    expect(leaf.targets('local')).toEqual(['n0']);
    expect(leaf.anchor).toBe('n0');
    expect(leaf.linkIntervalMs('n0')).toBe(0);
  });

  test('with fanout 4 the tree has hubs of hubs', () => {
    const mid = treeOverlay({ self: 'n1', nodeIds: ids }, 100, 4);
    expect(mid.targets('local')).toEqual(['n0', 'n5', 'n6', 'n7', 'n8']);
    expect(treeOverlay({ self: 'n24', nodeIds: ids }, 100, 4).targets('local')).toEqual(['n5']);
  });

  test('direct pushes local writes to everyone and replicated ones nowhere', () => {
    const o = directOverlay({ self: 'n3', nodeIds: ids });
    expect(o.targets('local')).toHaveLength(24);
    expect(o.targets('remote')).toEqual([]);
    expect(o.anchor).toBe('n0');
  });

  test('topology floods to the suggested neighbours', () => {
    expect(topologyOverlay({ self: 'n3', nodeIds: ids, neighbours: ['n2', 'n4'] }).targets('remote')).toEqual(['n2', 'n4']);
  });
});

describe('gossip bodies', () => {
  test('round trip with and without an update', () => {
    const payload = { stateVector: sv([[7, 3]]), update: new Uint8Array([1, 2, 3]) };
    expect(decodeGossip(encodeGossip('gossip', payload))).toEqual(payload);
    expect(decodeGossip(encodeGossip('sync', { stateVector: sv([]) }))).toEqual({ stateVector: sv([]) });
  });

  test('bad fields are named', () => {
    expect(() => decodeGossip({ type: 'gossip', sv: 5 })).toThrow(/"sv"/);
    expect(() => decodeGossip({ type: 'gossip', sv: 'AA==', update: 'not base64!' })).toThrow(/"update"/);
  });
});
