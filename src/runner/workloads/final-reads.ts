// The usual final phase (Maelstrom's final generator for broadcast, g-set and the counters): one
// read on every client thread, all due at the same moment.
import type { OpPlan } from './outcome.js';
import type { FinalPhase } from './workload.js';

/** One `read` per thread. */
export function finalReads<O extends OpPlan>(read: O): FinalPhase<O> {
  return { run: async (thread) => void (await thread.invoke(read)) };
}
