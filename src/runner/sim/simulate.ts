// The deterministic simulation: ygossip's nodes in-process on a virtual clock, driven by the
// same network model, generator, nemesis and checkers as `ygossip test`. Everything random
// comes from the seed, so a seed replays a run exactly.
import type { ReplicatorTiming } from '../../gossip/replicator.js';
import type { ReplicationConfig } from '../../workloads/index.js';
import type { TestOptions } from '../options.js';
import { createRandom } from '../random.js';
import { runTest, type RunOutcome } from '../run.js';
import { createVirtualClock } from '../scheduler.js';
import { checkStableOutside } from '../checkers/stable-outside.js';
import { faultSchedule, isolatedNodes, type FaultSpec } from './faults.js';
import { createInProcessHostFactory } from './in-process-host.js';

export interface SimOptions {
  seed: number;
  faults?: FaultSpec;
  config?: ReplicationConfig;
  timing?: Partial<ReplicatorTiming>;
  /** Node workload to run in-process (defaults to the test's workload). */
  nodeWorkload?: string;
  logs?: Map<string, string[]>;
}

export async function simulate(options: TestOptions, sim: SimOptions): Promise<RunOutcome> {
  const clock = createVirtualClock();
  const random = createRandom(sim.seed);
  const hosts = createInProcessHostFactory({
    workload: sim.nodeWorkload ?? options.workload,
    clock,
    random,
    config: sim.config,
    timing: sim.timing,
    logger: sim.logs
      ? (id) => {
          const lines: string[] = [];
          sim.logs!.set(id, lines);
          return { log: (text) => lines.push(`${(clock.now() / 1000).toFixed(3)} ${text}`) };
        }
      : undefined,
  });
  const outcome = await runTest(options, { clock, virtual: clock, hosts, random, faults: sim.faults ? faultSchedule(sim.faults, options.nodes) : undefined });
  return withStableOutside(outcome, options);
}

/** When a fault isolated nodes, adds the stable latency among the others to the results. */
export function withStableOutside(outcome: RunOutcome, options: TestOptions): RunOutcome {
  const excluded = isolatedNodes(outcome.history);
  if (!outcome.results || excluded.length === 0 || !['broadcast', 'g-set'].includes(options.workload)) return outcome;
  const stableOutside = checkStableOutside({ history: outcome.history, nodes: options.nodes, concurrency: options.concurrency, excluded });
  return { ...outcome, results: { ...outcome.results, 'stable-outside': stableOutside } };
}
