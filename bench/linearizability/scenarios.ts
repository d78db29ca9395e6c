// The generated histories the linearizability bench checks, by name, so the checker's child
// process and the Porcupine side build exactly the same ones.
import type { Op } from '../../src/runner/records/history.js';
import { hopelessHistory, plantViolation, syntheticLinKv, type SyntheticOptions } from './synthetic.js';

export const linKv: SyntheticOptions = { ops: 10_000, threads: 10, nodes: 3, seed: 7, infoRate: 0.02, latency: [1, 20] };
/** No timeouts: no process ever changes, so every op lands on key 0 (Jepsen retires a key only
 *  after 20 processes): the hardest shape, one key of 10,000 ops. */
export const oneKey: SyntheticOptions = { ...linKv, infoRate: 0 };
export const hopelessWrites = 40;

export const syntheticNames = ['lin-kv', 'lin-kv-violation', 'one-key', 'one-key-violation', 'hopeless'] as const;

export function syntheticHistory(name: string): { history: Op[]; description: string } {
  const shape = (o: SyntheticOptions): string =>
    `${o.ops} ops, ${o.threads} threads (${o.nodes} nodes), ${o.infoRate * 100}% of writes/cas time out, latency ${o.latency[0]}–${o.latency[1]} ms`;
  switch (name) {
    case 'lin-kv':
      return { history: syntheticLinKv(linKv), description: shape(linKv) };
    case 'lin-kv-violation':
      return { history: plantViolation(syntheticLinKv(linKv)).history, description: `${shape(linKv)}; one read of the busiest key says 5, never written` };
    case 'one-key':
      return { history: syntheticLinKv(oneKey), description: shape(oneKey) };
    case 'one-key-violation':
      return { history: plantViolation(syntheticLinKv(oneKey)).history, description: `${shape(oneKey)}; one read in the middle says 5, never written` };
    case 'hopeless':
      return {
        history: hopelessHistory(hopelessWrites),
        description: `${hopelessWrites} concurrent writes of distinct values, all timed out, then a read of a value none wrote`,
      };
    default:
      throw new Error(`unknown synthetic history ${name}; one of ${syntheticNames.join(', ')}`);
  }
}
