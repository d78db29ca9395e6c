// Entry point of the node bundle: bin/<workload> calls main(name). The only place that wires
// the node to stdio, wall-clock time and the environment (YGOSSIP_DATA_DIR: where the node's
// store persists; unset, the node keeps everything in memory).
import { randomBytes } from 'node:crypto';
import { systemClock } from '../maelstrom/clock.js';
import type { NodeRuntime } from '../maelstrom/node.js';
import { stderrLogger } from '../maelstrom/log.js';
import { createStdioTransport } from '../maelstrom/transport.js';
import { createFileStorage } from '../storage/index.js';
import { configFromEnv, createWorkloadNode } from '../workloads/index.js';

let running: NodeRuntime | undefined;

/**
 * The clean way out: the node stops answering, its store writes what is still queued and
 * closes, then the process exits. Every exit path of a running node goes through here.
 */
export async function closeAndExit(code: number): Promise<never> {
  try {
    await running?.close();
  } catch (e) {
    stderrLogger.log(`ygossip: close failed: ${(e as Error).message}`);
  }
  process.exit(code);
}

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
  process.once('SIGTERM', () => void closeAndExit(143));
  process.once('SIGINT', () => void closeAndExit(130));
  const dataDir = process.env.YGOSSIP_DATA_DIR;
  running = createWorkloadNode(workload, {
    transport: createStdioTransport(),
    clock: systemClock,
    logger: stderrLogger,
    random,
    config,
    storage: dataDir ? createFileStorage(dataDir) : undefined,
    // A store that cannot be recovered: the runtime said why on stderr; a node that serves
    // nothing must not look alive.
    onFatal: () => void closeAndExit(1),
  });
}
