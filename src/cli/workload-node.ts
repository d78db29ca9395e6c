// Entry point of the node bundle: bin/<workload> calls main(name). The only place that wires
// the node to stdio, wall-clock time and the environment (YGOSSIP_DATA_DIR: where the node's
// store persists; unset, the node keeps everything in memory), and the one way the process ends
// once running: when the node closes (its input ended, its output is gone, init failed, a
// signal), the process exits once every close listener finished (a durable store's last writes).
import { randomBytes } from 'node:crypto';
import { systemClock } from '../maelstrom/clock.js';
import { stderrLogger } from '../maelstrom/log.js';
import { createStdioTransport } from '../maelstrom/transport.js';
import { createFileStorage } from '../storage/index.js';
import { configFromEnv, createWorkloadNode } from '../workloads/index.js';

export function main(workload: string): void {
  // Yjs prints warnings with console.log; stdout carries protocol lines only.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  let config: ReturnType<typeof configFromEnv>;
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
  const dataDir = process.env.YGOSSIP_DATA_DIR;
  let exitCode = 0;
  const node = createWorkloadNode(workload, {
    transport: createStdioTransport(),
    clock: systemClock,
    logger: stderrLogger,
    random,
    config,
    storage: dataDir ? createFileStorage(dataDir) : undefined,
    // A store that cannot be recovered: the runtime said why on stderr and closes; a node that
    // serves nothing must not look alive.
    onFatal: () => void (exitCode = 1),
  });
  node.onClose((reason) => {
    stderrLogger.log(`exiting: ${reason}`);
    // close() resolves once every close listener finished, the store's flush included.
    void node.close().then(() => process.exit(exitCode));
  });
  process.once('SIGTERM', () => void node.close('SIGTERM'));
  process.once('SIGINT', () => void node.close('SIGINT'));
}
