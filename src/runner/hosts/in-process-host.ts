// ygossip's own node code as a NodeHost: no process, no pipes, the simulation's virtual clock.
// Lines still go through the node's codec and Maelstrom's envelope rules both ways, so the
// simulated node parses and writes exactly what a spawned one would. A kill discards the node
// (its memory is gone); a pause stops its clock and holds its input, as SIGSTOP would.
import type { Clock } from '../../maelstrom/clock.js';
import type { Logger } from '../../maelstrom/log.js';
import { createMemoryTransport, type Transport } from '../../maelstrom/transport.js';
import type { ReplicatorTiming } from '../../gossip/replicator.js';
import type { DiskHandle } from '../../storage/index.js';
import { createWorkloadNode, type ReplicationConfig } from '../../workloads/index.js';
import { formatExactJson } from '../base/exact-json.js';
import { parseEnvelope } from '../net/envelope.js';
import { createRandom, type Random } from '../base/random.js';
import type { RunnerClock } from '../base/runner-clock.js';
import type { NodeHost, NodeHostFactory } from './host.js';
import { createPausableClock } from './pausable-clock.js';

export interface InProcessHostOptions {
  workload: string;
  clock: RunnerClock;
  /** Draws each node's seed, so node randomness (Yjs client ids included) follows the run's seed. */
  random: Random;
  config?: ReplicationConfig;
  timing?: Partial<ReplicatorTiming>;
  /** Where each node's log lines go (the simulation keeps them per node). */
  logger?: (id: string, incarnation: number) => Logger;
  /**
   * Each incarnation's disk, `(id, clock) => disks.forNode(id, clock)` over one
   * createMemoryDisks() per run; without it nodes keep everything in memory. Its writes finish
   * on the node's own clock, so a paused node acknowledges nothing until it resumes.
   */
  storage?: (id: string, clock: Clock) => DiskHandle;
  /** A node of one's own in place of ygossip's node for `workload`: one written against the
   *  NodeRuntime (an example, a test's node), given what ygossip's node would get. */
  program?: (deps: { transport: Transport; clock: Clock; logger: Logger; random: Random }) => { close(reason: string): Promise<void> };
}

export function createInProcessHostFactory(options: InProcessHostOptions): NodeHostFactory {
  return (id, events, incarnation = 1): NodeHost => {
    const seed = Math.floor(options.random() * 0x7fff_ffff);
    let dead = false;
    let held: string[] | undefined; // input while paused
    const clock = createPausableClock(options.clock);
    const transport = createMemoryTransport((line) => {
      if (dead) return;
      const parsed = parseEnvelope(line);
      if (parsed.ok) events.onMessage(parsed.message);
      else events.onGarbage(line, parsed.reason);
    });
    const disk = options.storage?.(id, clock);
    const deps = { transport, clock, logger: options.logger?.(id, incarnation) ?? { log: () => {} }, random: createRandom(seed) };
    const node = options.program
      ? options.program(deps)
      : createWorkloadNode(options.workload, { ...deps, config: options.config, timing: options.timing, storage: disk });
    // A kill loses the disk's writes in flight (crash first: closing would flush them); a stop
    // is a clean exit that lets the store finish its writes.
    const end = async (kill: boolean): Promise<void> => {
      if (dead) return;
      dead = true;
      if (kill) disk?.crash();
      await node.close(kill ? 'killed' : 'stopped');
    };
    return {
      id,
      deliver(message, line = formatExactJson(message)) {
        if (dead) return;
        if (held) held.push(line);
        else transport.deliver(line);
      },
      stop: () => end(false),
      kill: () => end(true),
      pause() {
        held ??= [];
        clock.pause();
      },
      resume() {
        const lines = held ?? [];
        held = undefined;
        clock.resume(options.clock.soon);
        if (lines.length > 0) options.clock.soon(() => lines.forEach((line) => !dead && transport.deliver(line)));
      },
    };
  };
}
