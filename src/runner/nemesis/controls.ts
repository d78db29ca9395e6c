// What a fault schedule may do: wait, cut and heal its own partition, make the network lossy,
// and record nemesis operations in the history. Each schedule gets its own controls, so healing
// one fault never ends another (the nemesis composes them).
import type { NodeId } from '../../maelstrom/message.js';
import type { NetworkFaults } from '../net/network.js';
import type { Random } from '../base/random.js';
import type { Grudge } from './partition.js';

/** The nodes' processes, for kill and pause (the cluster implements them). */
export interface ProcessControls {
  /** SIGKILLs those of `targets` that are up; resolves once they are gone. Returns them. */
  kill(targets: readonly NodeId[]): Promise<NodeId[]>;
  /** Starts every node that is down; resolves once each has answered init again. */
  startAll(): Promise<NodeId[]>;
  /** SIGSTOPs those of `targets` that are running. Returns them. */
  pause(targets: readonly NodeId[]): NodeId[];
  /** SIGCONTs every paused node. Returns them. */
  resumeAll(): NodeId[];
}

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
  readonly processes: ProcessControls;
}
