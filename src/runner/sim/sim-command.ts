// `ygossip sim`: ygossip's own node for the workload, in-process on a virtual clock. One seed
// writes a results folder like `ygossip test`; --seeds A..B sweeps seeds and prints the replay
// command of every seed that is not valid, with why. --faults all cycles the extra schedules by
// seed; with --disk-faults a sweep ends with the disk faults injected over all its seeds.
import { configFromEnv, workloadNames as nodeWorkloads, type ReplicationConfig } from '../../workloads/index.js';
import { isCheckerFailure } from '../run/analysis.js';
import { quantiles } from '../checkers/quantiles.js';
import { exitCodes } from '../command-line/exit-codes.js';
import { faultForSeed } from '../nemesis/index.js';
import { formatDiskFaults, sumDiskFaults } from '../output/disk-faults.js';
import { finishRun } from '../command-line/finish-run.js';
import { createRunDir } from '../output/results-folder.js';
import { replayCommand, UsageError, type TestOptions } from '../command-line/options.js';
import type { RunOutcome } from '../run/phases.js';
import type { DiskFaultCounts } from '../../storage/index.js';
import { simulate } from './simulate.js';

export async function simCommand(options: TestOptions): Promise<number> {
  if (!(nodeWorkloads() as string[]).includes(options.workload)) {
    throw new UsageError(
      `ygossip has no node of its own for ${options.workload} (it serves ${nodeWorkloads().join(', ')}): test yours with ygossip test --bin`,
    );
  }
  let config: ReplicationConfig;
  try {
    config = configFromEnv(process.env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // As for the bins, YGOSSIP_DATA_DIR set to nothing means nodes that keep only memory.
  const durable = process.env.YGOSSIP_DATA_DIR !== '';
  if (options.seeds === undefined) {
    const run = { ...options, faults: faultForSeed(options.faults, options.seed) };
    const started = performance.now();
    const outcome = await simulate(run, { seed: run.seed, faults: run.faults, config, durable });
    const simulated = performance.now();
    const code = await finishRun('sim', run, outcome, createRunDir(options.storeDir, options.workload));
    // What the simulation costs, apart from writing its results folder (history, journal, reports).
    const seconds = (ms: number): string => (ms / 1000).toFixed(2);
    (options.json ? process.stderr : process.stdout).write(
      `Run: ${seconds(simulated - started)} s (simulation and checkers); results folder: ${seconds(performance.now() - simulated)} s\n`,
    );
    return code;
  }
  return sweep(options, { config, durable }, options.seeds);
}

async function sweep(options: TestOptions, nodes: { config: ReplicationConfig; durable: boolean }, [from, to]: [number, number]): Promise<number> {
  let failures = 0;
  let workloadFailures = 0;
  const outside: OutsideSample[] = [];
  const disk: DiskFaultCounts[] = [];
  const started = performance.now();
  for (let seed = from; seed <= to; seed++) {
    const run = { ...options, seed, faults: faultForSeed(options.faults, seed) };
    const outcome = await simulate(run, { seed, faults: run.faults, ...nodes, keepJournal: false });
    const sample = outsideSample(outcome);
    if (sample) outside.push(sample);
    if (outcome.disk) disk.push(outcome.disk);
    if (outcome.results?.['valid?'] === true) continue;
    failures++;
    const workload = outcome.results?.workload as { 'valid?'?: unknown; 'lost-count'?: number } | undefined;
    if (workload?.['valid?'] === false) workloadFailures++;
    process.stdout.write(`seed ${seed} (${run.faults}) failed: ${outcome.error ?? failedParts(outcome)}\n  replay: ${replayCommand('sim', run)}\n`);
  }
  const total = to - from + 1;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // The workload checker is the one that sees lost values and counts out of bounds; a seed
  // failed only by others (stats: no operation of some kind ever succeeded) lost nothing.
  if (outside.length) process.stdout.write(outsideLine(outside));
  if (disk.length) process.stdout.write(`${formatDiskFaults(sumDiskFaults(disk))} (${disk.length} seeds)\n`);
  process.stdout.write(`${total - failures} of ${total} seeds valid, ${failures} failed, ${workloadFailures} of them by the workload checker (${seconds} s)\n`);
  return failures > 0 ? exitCodes.invalid : exitCodes.valid;
}

/** The checkers that did not say valid, and the lost count when there is one. */
function failedParts(outcome: RunOutcome): string {
  const parts = Object.entries(outcome.results ?? {})
    .filter(([key, part]) => key !== 'valid?' && typeof part === 'object' && part !== null && (part as { 'valid?': unknown })['valid?'] !== true)
    .map(([key, part]) => `${key} ${String((part as { 'valid?': unknown })['valid?'])}`);
  const lost = (outcome.results?.workload as { 'lost-count'?: number } | undefined)?.['lost-count'];
  return `${parts.join(', ')}${lost ? `, lost ${lost}` : ''}`;
}

/** One seed's stable latency among the nodes outside an isolation fault (`--faults isolated:NODE`). */
interface OutsideSample {
  excluded: string;
  p50?: number;
  max?: number;
  unstable: number;
}

function outsideSample(outcome: RunOutcome): OutsideSample | undefined {
  const part = outcome.results?.['stable-outside'];
  if (part === undefined || isCheckerFailure(part)) return undefined;
  const q = part['stable-latencies'];
  return { excluded: part.excluded.join(','), p50: q?.['0.5'], max: q?.['1'], unstable: part['unstable-count'] };
}

/** Across seeds, since a sweep is how "the others keep spreading" is claimed: the median and the
 *  worst of the per-seed medians, the worst max, and how many values never settled outside. */
function outsideLine(samples: OutsideSample[]): string {
  const known = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => x !== undefined);
  const p50s = quantiles(known(samples.map((s) => s.p50)), [0.5, 1]);
  const maxes = quantiles(known(samples.map((s) => s.max)), [1]);
  const unstable = samples.reduce((n, s) => n + s.unstable, 0);
  const excluded = [...new Set(samples.map((s) => s.excluded))].join(' / ');
  return `outside ${excluded}: stable p50 per seed median ${p50s?.['0.5'] ?? '—'} ms, worst ${p50s?.['1'] ?? '—'} ms; worst max ${maxes?.['1'] ?? '—'} ms; unstable values ${unstable} (${samples.length} seeds)\n`;
}
