import { describe, expect, test } from 'vitest';
import { directOverlay, gossipOverlay, starOverlay, topologyOverlay, type OverlayView } from '../../src/gossip/overlay.js';
import { planRepair } from '../../src/gossip/repair.js';
import { createPeerState, recordReport, recordSend, type PeerState } from '../../src/gossip/peers.js';

const ids = Array.from({ length: 25 }, (_, i) => `n${i}`);
const view = (self: string, parent: string | undefined, children: string[] = []): OverlayView => ({
  self,
  peers: ids.filter((id) => id !== self),
  neighbours: ['n2', 'n4'],
  parent,
  children,
});

describe('overlays', () => {
  test('star: a write goes up to the hub at once; the hub batches down to the peers it serves', () => {
    const star = starOverlay(165);
    expect(star.targets('local', view('n7', 'n0'))).toEqual({ now: ['n0'], batched: [] });
    expect(star.targets('remote', view('n0', undefined, ['n1', 'n2']))).toEqual({ now: [], batched: ['n1', 'n2'] });
    // A relay (a hub that has a hub) does both.
    expect(star.targets('remote', view('n1', 'n0', ['n9']))).toEqual({ now: ['n0'], batched: ['n9'] });
    expect(star.acksChildren).toBe(true);
    expect(star.hubbed).toBe(true);
  });

  test('direct pushes local writes to everyone and replicated ones nowhere; repair goes through the hub', () => {
    const o = directOverlay();
    expect(o.targets('local', view('n3', 'n0')).batched).toHaveLength(24);
    expect(o.targets('remote', view('n3', 'n0'))).toEqual({ now: [], batched: [] });
    expect(o.repair).toBe('hub');
  });

  test('topology floods to the suggested neighbours; gossip pushes nothing eagerly and runs rounds', () => {
    expect(topologyOverlay().targets('remote', view('n3', undefined)).batched).toEqual(['n2', 'n4']);
    const g = gossipOverlay(200, 3);
    expect(g.targets('local', view('n3', undefined))).toEqual({ now: [], batched: [] });
    expect(g.rounds).toEqual({ roundMs: 200, peers: 3 });
    expect(g.hubbed).toBe(false);
  });
});

describe('repair plans', () => {
  const ours = new Map([[1, 5]]);
  const peers = new Map<string, PeerState>();
  const peer = (id: string): PeerState => {
    if (!peers.has(id)) peers.set(id, createPeerState());
    return peers.get(id)!;
  };

  test('a leaf whose hub confirmed all it holds only reports what it received; one with an unconfirmed send settles', () => {
    peers.clear();
    recordReport(peer('n0'), ours, 10, 600);
    expect(planRepair({ kind: 'hub', ours, parent: 'n0', children: [], neighbours: [], peer, known: peers })).toEqual({ exchange: [], report: ['n0'], hubSettled: true });
    peer('n0').lastSendAt = 20;
    expect(planRepair({ kind: 'hub', ours, parent: 'n0', children: [], neighbours: [], peer, known: peers }).report).toEqual([]);
    recordSend(peer('n0'), new Map([[1, 6]]), 30);
    expect(planRepair({ kind: 'hub', ours: new Map([[1, 6]]), parent: 'n0', children: [], neighbours: [], peer, known: peers }).exchange).toEqual(['n0']);
  });

  test('a root settles with every child that has not confirmed all it holds, and announces itself to those never told', () => {
    peers.clear();
    recordReport(peer('n1'), ours, 10, 600);
    peer('n1').lastSendAt = 5;
    const plan = planRepair({ kind: 'hub', ours, parent: undefined, children: ['n1', 'n2'], neighbours: [], peer, known: peers });
    expect(plan.exchange).toEqual(['n2']);
    expect(planRepair({ kind: 'hub', ours: new Map(), parent: undefined, children: ['n1', 'n2'], neighbours: [], peer, known: peers }).report).toEqual(['n2']);
  });

  test('owed: every peer holding an unconfirmed send', () => {
    peers.clear();
    recordSend(peer('n4'), ours, 0);
    peer('n2').lastSendAt = 1;
    expect(planRepair({ kind: 'owed', ours, parent: undefined, children: [], neighbours: ['n2'], peer, known: peers }).exchange).toEqual(['n4']);
  });
});
