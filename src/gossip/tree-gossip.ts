// The gossip profile's side of the Replicator: what its tree needs beyond pushes (the overlay
// plans those, treeOverlay). Announcements to random lazy neighbours every round, grafts when an
// announcement shows what the tree has not brought, prunes when a grafted link and another path
// bring the same writes (whichever came first: the tree's links stay), and the wave's fallback: a child gets what we sent up with the
// next wave down, or on its own when none comes. Armed on the Replicator's timers, so it stops
// with it.
import { covers } from '../crdt/state-vector.js';
import type { ReplicatedStore } from '../crdt/store.js';
import type { Clock } from '../maelstrom/clock.js';
import type { Logger } from '../maelstrom/log.js';
import type { NodeId } from '../maelstrom/message.js';
import type { Failover } from './failover.js';
import { exchange, push, report, type Outbox } from './outbox.js';
import type { OverlayView } from './overlay.js';
import { lacks, type PeerState } from './peers.js';
import type { GossipPayload } from './protocol.js';
import type { Runs } from './redundancy.js';
import type { Timers } from './timers.js';
import { createPatience, patienceMs, patienceTimedOut, samplePatience } from './patience.js';
import { announceTargets, arrivedAnnouncements, createTreeLinks, dueGraft, forgetLink, nextGraftAt, noteAnnouncement, type TreeLinks } from './tree.js';

export interface TreeGossipHost {
  out: Outbox;
  timers: Timers;
  store: ReplicatedStore;
  clock: Clock;
  logger: Logger;
  random: () => number;
  failover: Failover | undefined;
  peer(id: NodeId): PeerState;
  view(): OverlayView;
  /** How soon a child that pushed to us hears from us: the grace period, or a batch interval if
   *  longer (the next wave comes within one), well within the child's least patience (their sum). */
  answerMs: number;
  /** The least patience for a peer (patience.ts): how long the wave's fallback waits. */
  floorMs: number;
  /** The least wait for the tree to bring what an announcement showed (more once it has been
   *  measured to take longer). */
  graftWaitMs: number;
  announce: { roundMs: number; peers: number };
}

export class TreeGossip {
  readonly links: TreeLinks = createTreeLinks();
  /** How long the tree takes to bring what a lazy neighbour announced: the one patience rule
   *  (patience.ts), timed from an announcement to its news arriving, doubled by each graft. */
  private readonly lag = createPatience();
  /** Per writer, the neighbour whose push brought its newest writes first. */
  private readonly firstBy = new Map<number, NodeId>();

  constructor(private readonly host: TreeGossipHost) {}

  start(): void {
    this.armRound(this.host.random() * this.host.announce.roundMs);
  }

  /** Tree links as the overlay sees them now, grafted links included. */
  eager(id: NodeId): boolean {
    const view = this.host.view();
    return id === view.parent || view.children.includes(id) || this.links.grafted.has(id);
  }

  /** A message from a neighbour: a graft or prune of our link, a repeat, or an announcement. */
  heard(from: NodeId, payload: GossipPayload, runs: Runs | undefined): void {
    const { links } = this;
    if (payload.prune) links.grafted.delete(from);
    if (payload.graft) links.grafted.add(from);
    if (runs) this.secondPath(from, runs);
    if (!this.eager(from)) noteAnnouncement(links, from, payload.stateVector, this.host.store.stateVector(), this.host.clock.now());
    this.armGraft();
  }

  /** A push that repeats writes we hold shows two paths: a grafted link among them (the sender,
   *  or whoever brought those writes first) is pruned, and its ends announce to each other again. */
  private secondPath(from: NodeId, { repeated, fresh }: Runs): void {
    const redundant = repeated.length ? new Set([from, ...repeated.map((client) => this.firstBy.get(client))]) : [];
    for (const id of redundant) {
      if (id !== undefined && this.links.grafted.delete(id)) report(this.host.out, id, { prune: true });
    }
    for (const client of fresh) this.firstBy.set(client, from);
  }

  /** The store changed: news announced earlier may have come by the tree; time how long it took. */
  changed(): void {
    const now = this.host.clock.now();
    for (const since of arrivedAnnouncements(this.links, this.host.store.stateVector())) samplePatience(this.lag, since, now);
  }

  forget(id: NodeId): void {
    forgetLink(this.links, id);
  }

  /** The child gets what we hold now with the next wave down, or on its own when none has
   *  carried it within the patience floor (a wave comes at least once a batch while busy). */
  fallback(child: NodeId): void {
    const { timers, store, floorMs, out } = this.host;
    const name = `fallback ${child}`;
    if (timers.has(name)) return;
    const held = store.stateVector();
    timers.set(name, floorMs, () => {
      const peer = this.host.peer(child);
      if (!covers(peer.assumed, held)) push(out, child);
      else if (lacks(peer, store.stateVector())) this.fallback(child);
    });
  }

  /** A child that pushed to us hears from us with the next wave down, or else a bare answer. */
  answer(child: NodeId): void {
    const { timers, clock, answerMs, failover, out } = this.host;
    const since = failover?.owed.get(child);
    const name = `answer ${child}`;
    if (since === undefined || timers.has(name)) return;
    timers.set(name, since + answerMs - clock.now(), () => {
      if (failover?.owed.get(child) === since) push(out, child);
      else this.answer(child);
    });
  }

  private graftWaitMs(): number {
    return patienceMs(this.lag, this.host.graftWaitMs);
  }

  private armGraft(): void {
    const { timers, clock, store, logger } = this.host;
    const at = nextGraftAt(this.links, this.graftWaitMs());
    if (at === undefined || timers.has('graft')) return;
    timers.set('graft', at - clock.now(), () => {
      const id = dueGraft(this.links, store.stateVector(), clock.now(), this.graftWaitMs());
      if (id !== undefined) {
        logger.log(`grafting ${id}: it announced what the tree has not brought`);
        patienceTimedOut(this.lag, clock.now());
        exchange(this.host.out, id, { basis: 'assumed', ack: false }, { graft: true });
      }
      this.armGraft();
    });
  }

  private armRound(delayMs: number): void {
    const { roundMs, peers } = this.host.announce;
    this.host.timers.set('round', delayMs, () => {
      const lazy = this.host.view().neighbours.filter((id) => !this.eager(id));
      const ours = this.host.store.stateVector();
      for (const id of announceTargets(this.links, lazy, peers, this.host.random, ours, (p) => this.host.peer(p).confirmed)) report(this.host.out, id);
      this.armRound(roundMs);
    });
  }
}
