// What a fault schedule may do: wait, cut and heal its own partition, make the network lossy,
// and record nemesis operations in the history. Each schedule gets its own controls, so healing
// one fault never ends another (the nemesis composes them).
import type { NodeId } from '../../maelstrom/message.js';
import type { NetworkFaults } from '../net/network.js';
import type { Random } from '../random.js';
import type { Grudge } from './partition.js';

export interface FaultControls {
  readonly nodes: readonly NodeId[];
  readonly random: Random;
  /** Length of the main phase, ms. */
  readonly mainMs: number;
  /** Runs `fn` after `ms` if the main phase is still on then (nemesis ops stop at its end). */
  after(ms: number, fn: () => void): void;
  /** This schedule's partition, replacing its previous one. */
  partition(grudge: Grudge): void;
  /** Ends this schedule's partition. */
  heal(): void;
  /** This schedule's random loss and duplication between nodes. */
  lossy(faults: NetworkFaults): void;
  /** A nemesis operation in the history (type info, process nemesis). */
  record(f: string, value: unknown): void;
}
