// The nemesis: the one owner of faults. It starts every schedule when the main phase starts,
// gives each its own controls, and composes what they ask for (the network drops a message when
// any active partition says so; loss is the largest any schedule asks for), so each fault holds
// for its own stated time. Process faults (kill, pause) go through the cluster. The final step
// resumes and restarts every node and heals the network, recording the operations Maelstrom
// and Jepsen's final generators record (Maelstrom's core.clj final generator; Jepsen's nemesis/combined.clj).
import type { NodeId } from '../../maelstrom/message.js';
import type { Network, NetworkFaults } from '../net/network.js';
import type { Random } from '../base/random.js';
import type { RunnerClock } from '../base/runner-clock.js';
import type { FaultControls, ProcessControls } from './controls.js';
import { unionGrudges, type Grudge } from './partition.js';
import type { NemesisFault, Schedule } from './schedules.js';

export interface NemesisOptions {
  clock: RunnerClock;
  random: Random;
  nodes: readonly NodeId[];
  network: Network;
  /** Records a nemesis op in the history. */
  record(f: string, value: unknown): void;
  schedules: readonly Schedule[];
  processes: ProcessControls;
  /** The --nemesis faults: the final step records the ops that undo each of them. */
  faults: readonly NemesisFault[];
}

export interface Nemesis {
  /** Starts the schedules; they issue nothing at or after `cutoffMs` (absolute, on the clock). */
  start(cutoffMs: number): void;
  /** Stops the schedules, resumes and restarts every node, heals the network; `record`: as the
   *  final generators do (workloads without a final phase heal silently at teardown). */
  final(options: { record: boolean }): Promise<void>;
  /** Short description of what is faulted now, for the progress line. */
  describe(): string;
}

export function createNemesis(options: NemesisOptions): Nemesis {
  const { clock, network } = options;
  const grudges = new Map<number, Grudge>();
  const losses = new Map<number, NetworkFaults>();
  const timers = new Set<() => void>();
  let stopped = false;

  const applyGrudges = (): void => {
    if (grudges.size === 0) network.heal();
    else network.partition(unionGrudges(grudges.values()));
  };
  const applyLoss = (): void => {
    const all = [...losses.values()];
    network.setFaults({
      dropProbability: Math.max(0, ...all.map((f) => f.dropProbability)),
      duplicateProbability: Math.max(0, ...all.map((f) => f.duplicateProbability)),
    });
  };

  const controlsFor = (id: number, cutoffMs: number): FaultControls => ({
    nodes: options.nodes,
    random: options.random,
    mainMs: cutoffMs - clock.now(),
    after(ms, fn) {
      if (stopped || clock.now() + ms >= cutoffMs) return;
      const cancel = clock.setTimer(ms, () => {
        timers.delete(cancel);
        if (!stopped) fn();
      });
      timers.add(cancel);
    },
    partition(grudge) {
      grudges.set(id, grudge);
      applyGrudges();
    },
    heal() {
      if (grudges.delete(id)) applyGrudges();
    },
    lossy(faults) {
      losses.set(id, faults);
      applyLoss();
    },
    record: options.record,
    processes: options.processes,
  });

  return {
    start(cutoffMs) {
      options.schedules.forEach((schedule, id) => schedule(controlsFor(id, cutoffMs)));
    },
    async final({ record }) {
      stopped = true;
      for (const cancel of timers) cancel();
      timers.clear();
      const step = async (fault: NemesisFault, f: string, value: unknown, act: () => unknown): Promise<void> => {
        const recorded = record && options.faults.includes(fault);
        if (recorded) options.record(f, value);
        const done = await act();
        if (recorded) options.record(f, done);
      };
      await step('pause', 'resume', 'all', () => options.processes.resumeAll());
      await step('kill', 'start', 'all', () => options.processes.startAll());
      await step('partition', 'stop-partition', null, () => {
        grudges.clear();
        applyGrudges();
        return 'network-healed';
      });
      losses.clear();
      applyLoss();
    },
    describe() {
      if (grudges.size === 0 && losses.size === 0) return 'none';
      const cut = unionGrudges(grudges.values());
      const parts = [];
      if (grudges.size > 0) parts.push(`${[...cut.values()].filter((s) => s.size > 0).length} nodes cut off from some`);
      if (losses.size > 0) parts.push('lossy');
      return parts.join(', ');
    },
  };
}

export {
  partitionSchedule,
  processSchedule,
  runSchedules,
  parseExtraFault,
  extraFaults,
  faultForSeed,
  isolatedNodes,
  type Schedule,
  type ExtraFault,
  type FaultOptions,
  type NemesisFault,
} from './schedules.js';
export type { ProcessControls } from './controls.js';
export { nodeSpecs, targetNodes, type NodeSpec } from './targets.js';
export { formatGrudge, compareNodeIds, type Grudge } from './partition.js';
