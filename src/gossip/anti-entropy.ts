// Anti-entropy: once a node goes quiet, push-pull with the peers that owe or are owed something
// (repair.ts plans who), retried with backoff until all is settled, and nothing at all once it
// is: two peers that hold the same send each other nothing. A quiet node also announces itself
// this way (a restarted one must be found out). Armed on the Replicator's timers.
import type { ReplicatedStore } from '../crdt/store.js';
import type { NodeId } from '../maelstrom/message.js';
import { isSuspected, parentOf, type Failover } from './failover.js';
import { exchange, report, type Outbox } from './outbox.js';
import type { Overlay, OverlayView } from './overlay.js';
import { forgetCoveredSends, type PeerState } from './peers.js';
import { planRepair } from './repair.js';
import type { ReplicatorTiming } from './timing.js';
import type { Timers } from './timers.js';

export interface AntiEntropyHost {
  out: Outbox;
  timers: Timers;
  store: ReplicatedStore;
  overlay: Overlay;
  timing: ReplicatorTiming;
  random: () => number;
  failover: Failover | undefined;
  /** Every peer we keep state for. */
  peers: ReadonlyMap<NodeId, PeerState>;
  peer(id: NodeId): PeerState;
  view(): OverlayView;
}

export class AntiEntropy {
  private failures = 0;

  constructor(private readonly host: AntiEntropyHost) {}

  /** Repairs once the node has been quiet for `delayMs` (each change arms it again). */
  arm(delayMs: number): void {
    this.host.timers.set('repair', delayMs, () => this.run());
  }

  /** After a change: a root waits longer, so the others' reports (fresh state vectors) reach it
   *  first and it repairs only what is really missing. */
  armQuiet(): void {
    const { failover, timing } = this.host;
    this.arm(failover && !parentOf(failover) ? timing.quietMs + timing.graceMs : timing.quietMs);
  }

  private run(): void {
    const { overlay, store, random, failover: f, out, timing } = this.host;
    const { parent, children, peers, neighbours } = this.host.view();
    const assist = f && f.suspects.size > 0 ? { among: peers.filter((id) => !isSuspected(f, id)), k: overlay.repairPeers, random } : undefined;
    const plan = planRepair({
      kind: overlay.repair,
      ours: store.stateVector(),
      parent,
      children,
      neighbours,
      peer: this.host.peer,
      known: this.host.peers,
      assist,
    });
    if (plan.hubSettled) this.forgetSendsCoveredBy(parent!, children);
    for (const id of plan.report) report(out, id);
    for (const id of plan.exchange) exchange(out, id, { basis: 'confirmed', ack: true });
    for (const id of plan.assist) exchange(out, id, { basis: 'assumed', ack: false });
    if (plan.exchange.length === 0) this.failures = 0;
    else this.arm(Math.min(timing.maxBackoffMs, timing.retryMs * 2 ** this.failures++));
  }

  /** Our hub holds all we have: it answers for what we sent anyone but the peers we serve. */
  private forgetSendsCoveredBy(hub: NodeId, children: readonly NodeId[]): void {
    const upTo = this.host.peer(hub).confirmed;
    for (const [id, state] of this.host.peers) if (id !== hub && !children.includes(id)) forgetCoveredSends(state, upTo);
  }
}
