// Client operations per workload, as Maelstrom's generators make them (spec §5, §6): the mix,
// the values, the final reads. All randomness comes from the run's seeded source.
import type { Body } from '../maelstrom/message.js';
import type { WorkloadName } from './options.js';
import { randomInt, type Random } from './random.js';

export interface PlannedOp {
  f: string;
  value: unknown;
  /** The request body sent to the node (without msg_id). */
  body: Body;
}

export interface Generator {
  next(): PlannedOp;
  /** The final read, or undefined for workloads without a final phase. */
  finalRead(): PlannedOp | undefined;
  /** Whether final reads carry Maelstrom's `final?` flag (g-set's do not). */
  readonly finalFlag: boolean;
}

/** Workloads with a final phase (heal, quiet period, final reads): all but echo. */
export function hasFinalPhase(workload: WorkloadName): boolean {
  return workload !== 'echo';
}

const read = (): PlannedOp => ({ f: 'read', value: null, body: { type: 'read' } });

export function createGenerator(workload: WorkloadName, random: Random): Generator {
  let nextValue = 0;
  switch (workload) {
    case 'broadcast':
    case 'g-set': {
      // Values 0, 1, 2, … in generation order, half the ops; reads the other half.
      const [f, field] = workload === 'broadcast' ? ['broadcast', 'message'] : ['add', 'element'];
      return {
        next: () => {
          if (random() < 0.5) return read();
          const value = nextValue++;
          return { f, value, body: { type: f, [field]: value } };
        },
        finalRead: read,
        finalFlag: workload === 'broadcast',
      };
    }
    case 'g-counter':
    case 'pn-counter': {
      const grow = workload === 'g-counter';
      return {
        next: () => {
          // g-counter: Maelstrom draws the pn-counter mix and redraws negative adds.
          for (;;) {
            if (random() < 0.5) return read();
            const delta = randomInt(random, -5, 4);
            if (grow && delta < 0) continue;
            return { f: 'add', value: delta, body: { type: 'add', delta } };
          }
        },
        finalRead: read,
        finalFlag: true,
      };
    }
    case 'echo':
      return {
        next: () => {
          const text = `Please echo ${randomInt(random, 0, 127)}`;
          return { f: 'echo', value: text, body: { type: 'echo', echo: text } };
        },
        finalRead: () => undefined,
        finalFlag: false,
      };
  }
}
