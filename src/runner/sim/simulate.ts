// The deterministic simulation: ygossip's nodes in-process on a virtual clock, driven by the
// same network model, generator, nemesis and checkers as `ygossip test`. Everything random
// comes from the seed, so a seed replays a run exactly. With --disk-faults the simulated disks
// tear and zero the write a kill catches in flight and fail syncs, by seed; the outcome counts
// each kind injected.
import type { ReplicatorTiming } from '../../gossip/replicator.js';
import { createMemoryDisks, type DiskFaults } from '../../storage/index.js';
import type { ReplicationConfig } from '../../workloads/index.js';
import { createInProcessHostFactory, type InProcessHostOptions } from '../hosts/in-process-host.js';
import { createJournal } from '../records/journal.js';
import type { DiskFaultKind, TestOptions } from '../run/test-options.js';
import { createRandom } from '../base/random.js';
import { runTest, type RunOutcome } from '../run/phases.js';
import { createVirtualClock } from './virtual-clock.js';

export interface SimOptions {
  seed: number;
  /** --faults for this run (see nemesis/schedules.ts), instead of the options'. */
  faults?: string;
  config?: ReplicationConfig;
  timing?: Partial<ReplicatorTiming>;
  /** Node workload to run in-process (defaults to the test's workload). */
  nodeWorkload?: string;
  /** Nodes keep their stores on a simulated disk that survives kills (default); false: in memory. */
  durable?: boolean;
  /** Keep every journal event (to write the journal file, or compare runs); only tallies otherwise. */
  keepJournal?: boolean;
  logs?: Map<string, string[]>;
  /** Nodes of one's own instead of ygossip's (see InProcessHostOptions.program). */
  program?: InProcessHostOptions['program'];
}

export async function simulate(options: TestOptions, sim: SimOptions): Promise<RunOutcome> {
  const clock = createVirtualClock();
  const random = createRandom(sim.seed);
  // The disks draw their write delays from a stream of their own, so durability does not shift
  // every other random choice of the run.
  // Faults draw from a third stream, so turning them on moves neither delays nor the run's choices.
  const disks =
    sim.durable === false
      ? undefined
      : createMemoryDisks({
          clock,
          random: createRandom(sim.seed + 0x5eed),
          faults: diskFaults(options.diskFaults),
          faultRandom: createRandom(sim.seed + 0xfa17),
        });
  const hosts = createInProcessHostFactory({
    workload: sim.nodeWorkload ?? options.workload,
    storage: disks ? (id, nodeClock) => disks.forNode(id, nodeClock) : undefined,
    clock,
    random,
    config: sim.config,
    timing: sim.timing,
    program: sim.program,
    logger: sim.logs
      ? (id, incarnation) => {
          const lines: string[] = [];
          sim.logs!.set(incarnation > 1 ? `${id}.${incarnation}` : id, lines);
          return { log: (text) => lines.push(`${(clock.now() / 1000).toFixed(3)} ${text}`) };
        }
      : undefined,
  });
  const journal = createJournal({ keep: sim.keepJournal ?? true });
  const run = { ...options, seed: sim.seed, faults: sim.faults ?? options.faults };
  const outcome = await runTest(run, { clock, virtual: clock, hosts, random, journal });
  return disks && options.diskFaults?.length ? { ...outcome, disk: disks.faultCounts() } : outcome;
}

/**
 * A sync fails about once in 2,000 writes: a few times per node per run at the sweeps' rates,
 * so every sweep restarts nodes from their logs, yet most writes succeed.
 */
const fsyncFailureRate = 1 / 2000;

function diskFaults(kinds: readonly DiskFaultKind[] | undefined): DiskFaults | undefined {
  if (!kinds?.length) return undefined;
  return { tornWrites: kinds.includes('torn'), zeroedTails: kinds.includes('zeroed'), fsyncFailureRate: kinds.includes('fsync') ? fsyncFailureRate : 0 };
}
