// Maelstrom's broadcast workload on the runner side (Maelstrom's workload/broadcast.clj): a topology RPC to
// every node after init, then broadcasts of 0, 1, 2, … and reads, judged by set-full.
import { broadcastRpcs } from '../../workloads/rpc.js';
import { buildTopology } from '../net/topology.js';
import type { SetFullResult } from '../checkers/set-full.js';
import type { PlannedOp } from './outcome.js';
import { setWorkload } from './set.js';
import type { Workload } from './workload.js';

export const broadcast: Workload<SetFullResult, PlannedOp> = {
  ...setWorkload({
    name: 'broadcast',
    add: broadcastRpcs.broadcast,
    read: broadcastRpcs.read,
    addF: 'broadcast',
    // with-errors with read idempotent: a failed read is :fail, a failed broadcast :info.
    style: { wraps: true, idempotent: new Set(['read']) },
    finalFlag: true,
  }),
  setupRpc: ({ nodes, topology }) => ({ rpc: broadcastRpcs.topology, fields: { topology: buildTopology(topology, nodes) } }),
};
