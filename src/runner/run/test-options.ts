// What shapes one test: the plain options a run takes (`ygossip test` and `ygossip sim` parse
// them from their flags, command-line/options.ts; a benchmark or a test of the runner may build
// them itself), Maelstrom's workload flags among them.
import type { NodeId } from '../../maelstrom/message.js';
import type { NemesisFault } from '../nemesis/index.js';
import type { LatencyDist } from '../net/network.js';
import type { TopologyKind } from '../net/topology.js';
import type { WorkloadName, WorkloadOptions } from '../workloads/index.js';

export interface TestOptions extends WorkloadOptions {
  workload: WorkloadName;
  bin: string;
  /** Positional arguments, passed to every node. */
  args: string[];
  nodes: NodeId[];
  /** Seconds. */
  timeLimit: number;
  /** Client ops per second, all threads together; 0 = none. */
  rate: number;
  /** Resolved thread count (`2n` already multiplied by the node count). */
  concurrency: number;
  latency: number;
  latencyDist: LatencyDist;
  nemesis: NemesisFault[];
  /** Seconds (may be fractional). */
  nemesisInterval: number;
  topology: TopologyKind;
  availability?: 'total' | number;
  logStderr: boolean;
  testCount: number;
  seed: number;
  json: boolean;
  storeDir: string;
  /** sim: seeds to sweep, inclusive (a single run when absent). */
  seeds?: [number, number];
  /** Fault schedules beyond Maelstrom's (names, `isolated:<node>`, or all). */
  faults?: string;
  /** sim: the simulated disk's faults (none when absent). */
  diskFaults?: DiskFaultKind[];
}

/** torn: a kill tears the write in flight; zeroed: a kill leaves zeros where it was; fsync: a sync fails. */
export type DiskFaultKind = 'torn' | 'zeroed' | 'fsync';
export const diskFaultKinds: readonly DiskFaultKind[] = ['torn', 'zeroed', 'fsync'];
