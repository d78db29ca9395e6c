// `ygossip test`: the node binary as real processes on real time, as `maelstrom test` runs it.
// --test-count K runs K tests and stops at the first that is not valid, as Maelstrom does.
import { join } from 'node:path';
import { exitCodes } from './exit-codes.js';
import { checkBin, createProcessHostFactory } from '../hosts/process-host.js';
import { createJournal } from '../records/journal.js';
import { faultForSeed } from '../nemesis/index.js';
import { finishRun } from './finish-run.js';
import { createProgressPrinter } from '../output/progress.js';
import { createRunDir, journalFile } from '../output/results-folder.js';
import type { TestOptions } from './options.js';
import { createRandom } from '../base/random.js';
import { runTest } from '../run/phases.js';
import { createRealClock } from '../base/runner-clock.js';

export async function testCommand(options: TestOptions): Promise<number> {
  let code: number = exitCodes.valid;
  for (let k = 0; k < options.testCount && code === exitCodes.valid; k++) {
    const seed = (options.seed + k) >>> 0;
    code = await runOneTest({ ...options, seed, faults: faultForSeed(options.faults, seed) });
  }
  return code;
}

async function runOneTest(options: TestOptions): Promise<number> {
  let bin: string;
  try {
    bin = checkBin(options.bin);
  } catch (e) {
    process.stderr.write(`ygossip: ${(e as Error).message}\n`);
    return exitCodes.usage;
  }
  const runDir = createRunDir(options.storeDir, options.workload);
  const hosts = createProcessHostFactory({
    bin,
    args: options.args,
    // Each run's nodes keep their stores in its results folder, unless the user chose a place
    // (or set nothing: YGOSSIP_DATA_DIR= keeps ygossip's nodes in memory). Other nodes ignore it.
    env: process.env.YGOSSIP_DATA_DIR === undefined ? { YGOSSIP_DATA_DIR: join(runDir, 'data') } : {},
    logDir: join(runDir, 'node-logs'),
    onStderrLine: options.logStderr ? (id, line) => process.stderr.write(`${id} stderr: ${line}\n`) : undefined,
  });
  const interrupted = (signal: string): void => {
    process.stderr.write(`\nygossip: ${signal}: stopping every node\n`);
    void hosts.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const progress = createProgressPrinter();
  const journal = createJournal({ file: join(runDir, journalFile) });
  try {
    process.stderr.write(`ygossip test: ${options.workload}, ${options.nodes.length} nodes of ${bin}, seed ${options.seed}\n`);
    const describeNode = (id: string): string => {
      const { stderr } = hosts.tail(id);
      return stderr.length ? `last lines of ${id}'s stderr:\n  ${stderr.slice(-10).join('\n  ')}` : `${id} wrote nothing on stderr`;
    };
    const clock = createRealClock();
    const outcome = await runTest(options, { clock, hosts, random: createRandom(options.seed), journal, describeNode, onProgress: (p) => progress.update(p) });
    progress.clear();
    await journal.close();
    return await finishRun('test', options, outcome, runDir);
  } finally {
    progress.clear();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await hosts.stopAll();
  }
}
