// What a quiet node does to make sure nothing it holds or was sent is lost, as a pure plan.
// `exchange` peers get a push-pull that must be answered (a diff against what they confirmed,
// and a request for what we lack); `report` peers get our bare state vector: they pushed to us
// since we last spoke, or never heard from us (a restarted node announces itself this way).
// Under the hub repair a node answers only for its hub and the peers it serves: once its hub
// confirms holding all it has, the hub answers for everything the node ever sent elsewhere.
// While a hub is suspected the tree may be broken anywhere: a few random peers join (`assist`).
import type { StateVector } from '../crdt/state-vector.js';
import type { NodeId } from '../maelstrom/message.js';
import { pickRandom } from './peer-choice.js';
import { isSettled, type PeerState } from './peers.js';

export interface RepairInput {
  kind: 'hub' | 'owed';
  ours: StateVector;
  parent: NodeId | undefined;
  children: readonly NodeId[];
  /** Maelstrom's suggested neighbours, or every peer (the `owed` repair announces to them). */
  neighbours: readonly NodeId[];
  peer(id: NodeId): PeerState;
  /** Every peer we keep state for. */
  known: ReadonlyMap<NodeId, PeerState>;
  /** Peers that may join an unsettled repair (given while a hub is suspected), k at random. */
  assist?: { among: readonly NodeId[]; k: number; random: () => number };
}

export interface RepairPlan {
  exchange: NodeId[];
  report: NodeId[];
  /** The hub holds everything we have: it answers for our sends to anyone else. */
  hubSettled: boolean;
  /** Random peers for a push-pull that need not be answered. */
  assist: NodeId[];
}

export function planRepair(input: RepairInput): RepairPlan {
  const plan = input.kind === 'hub' ? planHubRepair(input) : planOwedRepair(input);
  if (input.assist && plan.exchange.length > 0) {
    const { among, k, random } = input.assist;
    plan.assist = pickRandom(
      random,
      among.filter((id) => !plan.exchange.includes(id)),
      k,
    );
  }
  return plan;
}

function planHubRepair({ ours, parent, children, peer }: RepairInput): RepairPlan {
  const plan: RepairPlan = { exchange: [], report: [], hubSettled: false, assist: [] };
  if (parent !== undefined) {
    const p = peer(parent);
    if (!isSettled(p, ours)) plan.exchange.push(parent);
    else {
      plan.hubSettled = true;
      if (p.lastReportAt > p.lastSendAt || p.lastSendAt === -Infinity) plan.report.push(parent);
    }
  }
  for (const child of children) {
    const c = peer(child);
    if (!isSettled(c, ours)) plan.exchange.push(child);
    else if (parent === undefined && c.lastSendAt === -Infinity) plan.report.push(child);
  }
  return plan;
}

function planOwedRepair({ ours, neighbours, peer, known }: RepairInput): RepairPlan {
  const plan: RepairPlan = { exchange: [], report: [], hubSettled: false, assist: [] };
  for (const [id, p] of known) if (p.outstanding.length > 0) plan.exchange.push(id);
  for (const id of neighbours) {
    const p = peer(id);
    if (!plan.exchange.includes(id) && p.lastSendAt === -Infinity && !isSettled(p, ours)) plan.exchange.push(id);
    else if (!plan.exchange.includes(id) && p.lastSendAt === -Infinity) plan.report.push(id);
  }
  return plan;
}
