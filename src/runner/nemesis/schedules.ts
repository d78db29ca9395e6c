// Fault schedules, and the one function that makes a run's from its options (runSchedules).
// `partition` is Maelstrom's nemesis (Maelstrom's nemesis.clj; Jepsen's nemesis/combined.clj, partition-package): start-partition at
// once, then stop and start alternating after gaps uniform in [0, 2·interval). The others go
// beyond Maelstrom, for the simulation's sweeps: message loss and duplication, a long
// majority/minority split, an isolated node, and one-way partitions. Each runs on the test's
// clock and random source, so a seed replays it.
import type { NodeId } from '../../maelstrom/message.js';
import type { Op } from '../records/history.js';
import { shuffle } from '../base/random.js';
import type { FaultControls } from './controls.js';
import { createGrudge, cutOff, formatGrudge, oneWay, pickPartitionShape } from './partition.js';
import { pickNodeSpec, targetNodes } from './targets.js';

export type Schedule = (controls: FaultControls) => void;

/** Maelstrom's --nemesis faults (partition) and Jepsen's (kill, pause). */
export type NemesisFault = 'partition' | 'kill' | 'pause';

/** What a run's faults are made of: Maelstrom's --nemesis and --nemesis-interval, our --faults, the seed. */
export interface FaultOptions {
  readonly nemesis: readonly NemesisFault[];
  /** Seconds (may be fractional). */
  readonly nemesisInterval: number;
  /** A name of extraFaults, `isolated:<node>`, or `all` (one by seed); none when absent. */
  readonly faults?: string;
  readonly seed: number;
}

/**
 * Every schedule of one run, whatever runs it (`ygossip test`, `ygossip sim`, a test of the
 * runner): --nemesis partition on its own stream, kill and pause together on one, then the
 * --faults schedule.
 */
export function runSchedules(options: FaultOptions): Schedule[] {
  const schedules: Schedule[] = [];
  if (options.nemesis.includes('partition')) schedules.push(partitionSchedule(options.nemesisInterval));
  const processFaults = options.nemesis.filter((f): f is 'kill' | 'pause' => f === 'kill' || f === 'pause');
  if (processFaults.length > 0) schedules.push(processSchedule(processFaults, options.nemesisInterval));
  const extra = parseExtraFault(faultForSeed(options.faults, options.seed));
  if (extra) schedules.push(extra);
  return schedules;
}

/** Maelstrom's --nemesis partition. */
export function partitionSchedule(intervalSeconds: number): Schedule {
  return (c) => {
    let partitioned = false;
    const step = (): void => {
      if (!partitioned) {
        const shape = pickPartitionShape(c.random);
        const grudge = createGrudge(shape, c.nodes, c.random);
        c.record('start-partition', shape);
        c.partition(grudge);
        c.record('start-partition', ['isolated', formatGrudge(grudge)]);
      } else {
        c.record('stop-partition', null);
        c.heal();
        c.record('stop-partition', 'network-healed');
      }
      partitioned = !partitioned;
      c.after(c.random() * 2 * intervalSeconds * 1000, step);
    };
    step();
  };
}

/**
 * kill and pause as Jepsen's combined nemesis makes them (jepsen.nemesis.combined,
 * db-generators): each a flip-flop (kill, start, kill, …; pause, resume, …), one of them picked
 * at random per operation, gaps uniform in [0, 2·interval). A kill or pause hits the nodes of a
 * random node spec; start and resume act on all. Each is recorded as an invocation (the spec)
 * and a completion (the nodes it acted on).
 */
export function processSchedule(faults: readonly ('kill' | 'pause')[], intervalSeconds: number): Schedule {
  return (c) => {
    const down = { kill: false, pause: false };
    const act = async (fault: 'kill' | 'pause', undo: boolean): Promise<void> => {
      if (undo) {
        const f = fault === 'kill' ? 'start' : 'resume';
        c.record(f, 'all');
        c.record(f, fault === 'kill' ? await c.processes.startAll() : c.processes.resumeAll());
        return;
      }
      const spec = pickNodeSpec(c.random);
      c.record(fault, spec);
      const targets = targetNodes(spec, c.nodes, c.random);
      c.record(fault, fault === 'kill' ? await c.processes.kill(targets) : c.processes.pause(targets));
    };
    const step = async (): Promise<void> => {
      const fault = faults[Math.floor(c.random() * faults.length)];
      await act(fault, down[fault]);
      down[fault] = !down[fault];
      c.after(c.random() * 2 * intervalSeconds * 1000, () => void step());
    };
    void step();
  };
}

/** How an isolation is noted in the history, so checkers can tell which nodes were cut off. */
const isolatedNote = 'isolated ';

/** The nodes an isolation fault cut off during the run, read from its notes in the history. */
export function isolatedNodes(history: readonly Op[]): NodeId[] {
  const found = new Set<NodeId>();
  for (const op of history) {
    if (op.process === 'nemesis' && op.f === 'fault' && typeof op.value === 'string' && op.value.startsWith(isolatedNote))
      found.add(op.value.slice(isolatedNote.length));
  }
  return [...found];
}

export type ExtraFault = 'none' | 'drops' | 'long-partition' | 'isolated' | 'one-way';
export const extraFaults: readonly ExtraFault[] = ['none', 'drops', 'long-partition', 'isolated', 'one-way'];

/** The fault a run with this seed gets: `all` picks one schedule by seed, anything else is itself. */
export function faultForSeed(faults: string | undefined, seed: number): string {
  if (faults === undefined) return 'none';
  return faults === 'all' ? extraFaults[seed % extraFaults.length] : faults;
}

/** `isolated:<node>` cuts that node off for the whole main phase; the others are names above. */
export function parseExtraFault(text: string): Schedule | undefined {
  if (text.startsWith('isolated:')) return isolatedNode(text.slice('isolated:'.length));
  if (!(extraFaults as readonly string[]).includes(text)) throw new RangeError(`unknown fault ${JSON.stringify(text)}`);
  return schedulesByName[text as ExtraFault];
}

const schedulesByName: Record<ExtraFault, Schedule | undefined> = {
  none: undefined,
  // 10% loss and 5% duplication of every message between nodes, all through the main phase.
  drops: (c) => {
    c.lossy({ dropProbability: 0.1, duplicateProbability: 0.05 });
    c.record('fault', 'drop 10%, duplicate 5%');
  },
  // One majority/minority split from 10% to 90% of the main phase.
  'long-partition': (c) => {
    const order = shuffle(c.random, c.nodes);
    const half = Math.floor(order.length / 2);
    c.after(c.mainMs * 0.1, () => {
      c.partition(cutOff(order.slice(0, half), order.slice(half)));
      c.record('fault', `long partition ${order.slice(0, half).join(',')} | rest`);
    });
    c.after(c.mainMs * 0.9, () => c.heal());
  },
  // One node (the first node half the time, often the hub) cut off for 90% of the main phase.
  isolated: (c) => {
    const victim = c.random() < 0.5 ? c.nodes[0] : c.nodes[Math.floor(c.random() * c.nodes.length)];
    c.partition(
      cutOff(
        [victim],
        c.nodes.filter((n) => n !== victim),
      ),
    );
    c.record('fault', `${isolatedNote}${victim}`);
    c.after(c.mainMs * 0.9, () => c.heal());
  },
  // Asymmetric: one side hears the other, not the reverse; the direction flips every few seconds.
  'one-way': (c) => {
    const step = (): void => {
      const order = shuffle(c.random, c.nodes);
      const half = Math.max(1, Math.floor(order.length / 2));
      c.partition(oneWay(order.slice(0, half), order.slice(half)));
      c.record('fault', `one-way: ${order.slice(half).join(',')} do not hear ${order.slice(0, half).join(',')}`);
      c.after(1000 + c.random() * 4000, step);
    };
    step();
  },
};

function isolatedNode(victim: NodeId): Schedule {
  return (c) => {
    if (!c.nodes.includes(victim)) throw new RangeError(`isolated:${victim}: no node ${victim} in this test`);
    c.partition(
      cutOff(
        [victim],
        c.nodes.filter((n) => n !== victim),
      ),
    );
    c.record('fault', `${isolatedNote}${victim}`);
  };
}
