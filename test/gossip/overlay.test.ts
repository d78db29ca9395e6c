import { describe, expect, test } from 'vitest';
import { directOverlay, starBatchMs, starOverlay, topologyOverlay, treeOverlay, type OverlayView } from '../../src/gossip/overlay.js';
import { planRepair } from '../../src/gossip/repair.js';
import { createPeerState, recordReport, recordSend, type PeerState } from '../../src/gossip/peers.js';
import { createRandom } from '../../src/runner/base/random.js';

const ids = Array.from({ length: 25 }, (_, i) => `n${i}`);
const view = (self: string, parent: string | undefined, children: string[] = [], grafted: string[] = []): OverlayView => ({
  self,
  peers: ids.filter((id) => id !== self),
  neighbours: ['n2', 'n4'],
  parent,
  children,
  grafted,
});
const local = { local: true };
const from = (peer: string) => ({ local: false, from: peer });

describe('overlays', () => {
  test('star: a write goes up to the hub at once; the hub batches down to the peers it serves', () => {
    const star = starOverlay(165);
    expect(star.targets(local, view('n7', 'n0'))).toEqual({ now: ['n0'], batched: [] });
    expect(star.targets(from('n3'), view('n0', undefined, ['n1', 'n2']))).toEqual({ now: [], batched: ['n1', 'n2'] });
    // A relay (a hub that has a hub) does both.
    expect(star.targets(from('n9'), view('n1', 'n0', ['n9']))).toEqual({ now: ['n0'], batched: ['n9'] });
    expect(star.acksChildren).toBe(true);
    expect(star.hubs).toBe('ranked');
  });

  test("a star hub's batch interval stretches beyond 24 peers, so it sends no more messages a second", () => {
    expect(starBatchMs(165, 25)).toBe(165);
    expect(starBatchMs(165, 5)).toBe(165);
    expect(starBatchMs(165, 100)).toBeCloseTo((165 * 99) / 24);
    expect(99 / starBatchMs(165, 100)).toBeCloseTo(24 / 165);
  });

  test('direct pushes local writes to everyone and replicated ones nowhere; repair goes through the hub', () => {
    const o = directOverlay();
    expect(o.targets(local, view('n3', 'n0')).batched).toHaveLength(24);
    expect(o.targets(from('n5'), view('n3', 'n0'))).toEqual({ now: [], batched: [] });
    expect(o.repair).toBe('hub');
  });

  test('topology floods to the suggested neighbours', () => {
    expect(topologyOverlay().targets(from('n2'), view('n3', undefined)).batched).toEqual(['n2', 'n4']);
  });

  test('tree: up in short batches, down at once when it came from above, batched at the top, grafted links batched', () => {
    const t = treeOverlay(150, 1000, 1);
    // A node with a parent sends what it wrote or got from below up (a quarter batch at most);
    // its other children get it with the wave that comes back down (or on their own).
    expect(t.upMs).toBe(150 / 4);
    expect(t.targets(local, view('n7', 'n12', ['n2', 'n6']))).toEqual({ now: [], up: ['n12'], batched: [], fallback: ['n2', 'n6'] });
    expect(t.targets(from('n2'), view('n7', 'n12', ['n2', 'n6']))).toEqual({ now: [], up: ['n12'], batched: [], fallback: ['n6'] });
    // What comes down goes on down at once: the wave.
    expect(t.targets(from('n12'), view('n7', 'n12', ['n2', 'n6']))).toEqual({ now: ['n2', 'n6'], batched: [] });
    // The centre (or a node whose parent is silent) batches down.
    expect(t.targets(from('n7'), view('n12', undefined, ['n7', 'n11', 'n13', 'n17']))).toEqual({ now: [], batched: ['n11', 'n13', 'n17'] });
    // A grafted link gets every change but its own, batched.
    expect(t.targets(from('n3'), view('n7', 'n12', [], ['n3', 'n8'])).batched).toEqual(['n8']);
    expect(t.announce).toEqual({ roundMs: 1000, peers: 1 });
    // Never announcing faster than the centre batches.
    expect(treeOverlay(2000, 1000, 1).announce).toEqual({ roundMs: 2000, peers: 1 });
    expect(t.hubs).toBe('tree');
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
    expect(planRepair({ kind: 'hub', ours, parent: 'n0', children: [], neighbours: [], peer, known: peers })).toEqual({
      exchange: [],
      report: ['n0'],
      hubSettled: true,
      assist: [],
    });
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

  test('while a hub is suspected, random peers join an unsettled repair; a settled one sends nothing', () => {
    peers.clear();
    recordSend(peer('n0'), ours, 0);
    const assist = { among: ['n0', 'n3', 'n4', 'n5'], k: 2, random: createRandom(1) };
    const plan = planRepair({ kind: 'hub', ours, parent: 'n0', children: [], neighbours: [], peer, known: peers, assist });
    expect(plan.exchange).toEqual(['n0']);
    expect(plan.assist).toHaveLength(2);
    expect(plan.assist).not.toContain('n0');
    recordReport(peer('n0'), ours, 10, 600);
    peer('n0').lastSendAt = 20;
    expect(planRepair({ kind: 'hub', ours, parent: 'n0', children: [], neighbours: [], peer, known: peers, assist })).toEqual({
      exchange: [],
      report: [],
      hubSettled: true,
      assist: [],
    });
  });
});
