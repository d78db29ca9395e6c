// Fault schedules beyond Maelstrom's partitions, for the simulation: message loss and
// duplication, a long partition, a node isolated for most of the run (a random one, or a chosen
// one for the whole main phase: `isolated:<node>`), and one-way partitions.
// Each is a FaultSchedule that runs on the test's clock and random source, so a seed replays it.
import type { NodeId } from '../../maelstrom/message.js';
import type { Op } from '../history.js';
import type { FaultSchedule } from '../run.js';
import { shuffle } from '../random.js';

export type FaultName = 'none' | 'drops' | 'long-partition' | 'isolated' | 'one-way';
export const faultNames: readonly FaultName[] = ['none', 'drops', 'long-partition', 'isolated', 'one-way'];

const cut = (from: readonly NodeId[], to: readonly NodeId[]): Map<NodeId, Set<NodeId>> => {
  // recipient -> senders it drops: every node in `to` stops hearing every node in `from`.
  const grudge = new Map<NodeId, Set<NodeId>>();
  for (const r of to) grudge.set(r, new Set(from));
  return grudge;
};

const both = (a: readonly NodeId[], b: readonly NodeId[]): Map<NodeId, Set<NodeId>> => new Map([...cut(a, b), ...cut(b, a)]);

export const faultSchedules: Record<FaultName, FaultSchedule | undefined> = {
  none: undefined,
  // 10% loss and 5% duplication of every message between nodes, all through the main phase.
  drops: ({ setFaults, note }) => {
    setFaults({ dropProbability: 0.1, duplicateProbability: 0.05 });
    note('drop 10%, duplicate 5%');
  },
  // One majority/minority split lasting 80% of the main phase.
  'long-partition': ({ clock, network, nodes, random, mainMs, note }) => {
    const order = shuffle(random, nodes);
    const half = Math.floor(order.length / 2);
    clock.setTimer(mainMs * 0.1, () => {
      network.partition(both(order.slice(0, half), order.slice(half)));
      note(`long partition ${order.slice(0, half).join(',')} | rest`);
    });
    clock.setTimer(mainMs * 0.9, () => network.heal());
  },
  // One node (often the hub: the first node) cut off from everyone for 90% of the run.
  isolated: ({ clock, network, nodes, random, mainMs, note }) => {
    const victim = random() < 0.5 ? nodes[0] : nodes[Math.floor(random() * nodes.length)];
    const rest = nodes.filter((n) => n !== victim);
    network.partition(both([victim], rest));
    note(`${isolatedNote}${victim}`);
    clock.setTimer(mainMs * 0.9, () => network.heal());
  },
  // Asymmetric: one side hears the other, not the reverse; the direction flips every few seconds.
  'one-way': ({ clock, network, nodes, random, mainMs, note }) => {
    const step = (t: number): void => {
      if (t >= mainMs) return network.heal();
      const order = shuffle(random, nodes);
      const half = Math.max(1, Math.floor(order.length / 2));
      network.partition(cut(order.slice(0, half), order.slice(half)));
      note(`one-way: ${order.slice(half).join(',')} do not hear ${order.slice(0, half).join(',')}`);
      const gap = 1000 + random() * 4000;
      clock.setTimer(gap, () => step(t + gap));
    };
    step(0);
  },
};

/** A --faults value: a schedule's name, or `isolated:<node>`. */
export type FaultSpec = FaultName | `isolated:${string}`;

const isolatedNote = 'isolated ';

/** `isolated:<node>`: that node cut off from every other node for the whole main phase. */
export function isolatedNode(victim: NodeId): FaultSchedule {
  return ({ clock, network, nodes, mainMs, note }) => {
    network.partition(both([victim], nodes.filter((n) => n !== victim)));
    note(`${isolatedNote}${victim}`);
    clock.setTimer(mainMs, () => network.heal());
  };
}

/** The schedule a --faults value names (undefined for none); throws an Error naming the problem. */
export function faultSchedule(spec: string, nodes: readonly NodeId[]): FaultSchedule | undefined {
  if (spec.startsWith('isolated:')) {
    const victim = spec.slice('isolated:'.length);
    if (!nodes.includes(victim)) throw new Error(`--faults isolated:<node> must name one of the test's nodes (${nodes.join(', ')}), not "${victim}"`);
    return isolatedNode(victim);
  }
  if (!faultNames.includes(spec as FaultName)) {
    throw new Error(`--faults must be one of ${faultNames.join(', ')}, all, or isolated:<node>, not "${spec}"`);
  }
  return faultSchedules[spec as FaultName];
}

/** The nodes an isolation fault cut off during the run, read from its notes in the history. */
export function isolatedNodes(history: readonly Op[]): NodeId[] {
  const found = new Set<NodeId>();
  for (const op of history) {
    if (op.process === 'nemesis' && op.f === 'fault' && typeof op.value === 'string' && op.value.startsWith(isolatedNote)) {
      found.add(op.value.slice(isolatedNote.length));
    }
  }
  return [...found];
}
