// Entry point of the node bundle: bin/<workload> calls main(name). The only place that wires
// the node to stdio, wall-clock time and the environment, and the one way the process ends once
// running: when the node closes (its input ended or its output is gone), the process exits.
import { randomBytes } from 'node:crypto';
import { systemClock } from '../maelstrom/clock.js';
import { stderrLogger } from '../maelstrom/log.js';
import { createStdioTransport } from '../maelstrom/transport.js';
import { configFromEnv, createWorkloadNode } from '../workloads/index.js';

export function main(workload: string): void {
  // Yjs prints warnings with console.log; stdout carries protocol lines only.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  let config;
  try {
    config = configFromEnv(process.env);
  } catch (e) {
    stderrLogger.log(`ygossip: ${(e as Error).message}`);
    process.exit(2);
  }
  // Every process start is a fresh Yjs writer: a crypto-random client id never repeats one
  // written with before.
  const seed = randomBytes(4).readUInt32LE(0);
  let state = seed || 1;
  const random = (): number => {
    // xorshift32 over a crypto seed: fast, and good enough for jitter and peer choice.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  process.on('uncaughtException', (e) => stderrLogger.log(`uncaught: ${e.stack ?? e}`));
  const node = createWorkloadNode(workload, {
    transport: createStdioTransport(),
    clock: systemClock,
    logger: stderrLogger,
    random,
    config,
  });
  // The runtime has closed by now (timers, RPCs, transport). Anything that must be saved before
  // the process ends (a durable store) registers its own onClose before this one.
  node.onClose((reason) => {
    stderrLogger.log(`exiting: ${reason}`);
    process.exit(0);
  });
}
