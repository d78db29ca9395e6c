// Calibration: small fixture nodes that implement the algorithms of Maelstrom's guide run through
// our runner and must land on the guide's published figures (doc/03-broadcast/02-performance.md):
// msgs-per-op within 5% (normalised to the broadcast share, see `servers`), stable latencies within 15%. Short time limits keep CI quick; a fixed
// --seed fixes the operation mix, so the bar measures the runner and not the dice. Full-length
// figures are in docs/BENCHMARKS.md (npm run bench -- calibration).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkBin, createProcessHostFactory } from '../../src/runner/node-process.js';
import { parseTestOptions, type TestOptions } from '../../src/runner/options.js';
import { createRandom } from '../../src/runner/random.js';
import { runTest, type RunOutcome } from '../../src/runner/run.js';
import { createRealClock } from '../../src/runner/scheduler.js';

async function run(fixture: string, ...args: string[]): Promise<RunOutcome> {
  const options = parseTestOptions(['-w', 'broadcast', '--bin', `test/fixtures/${fixture}.mjs`, ...args]) as TestOptions;
  const hosts = createProcessHostFactory({ bin: checkBin(options.bin), logDir: mkdtempSync(join(tmpdir(), 'ygossip-cal-')) });
  try {
    return await runTest(options, { clock: createRealClock(), hosts, random: createRandom(options.seed) });
  } finally {
    await hosts.stopAll();
  }
}

/**
 * Servers msgs-per-op as if exactly half the ops were broadcasts. These algorithms send a fixed
 * number of messages per broadcast, so msgs-per-op moves with the run's share of broadcasts
 * (±2-3% in a short run, more when an overloaded runner issues fewer ops); the published runs
 * were single draws near one half. Normalising keeps the bar on the runner's counting.
 */
const servers = (o: RunOutcome): number => {
  const perOp = (o.results!.net as { servers: { 'msgs-per-op': number } }).servers['msgs-per-op'];
  const invocations = o.history.filter((op) => op.type === 'invoke' && op.process !== 'nemesis');
  const broadcasts = invocations.filter((op) => op.f === 'broadcast').length;
  return perOp * (invocations.length / 2 / broadcasts);
};
const workload = (o: RunOutcome) => o.results!.workload as { 'lost-count': number; 'stable-latencies': Record<string, number> };
const within = (actual: number, published: number, fraction: number): void => {
  expect(Math.abs(actual - published) / published, `${actual} vs published ${published}`).toBeLessThanOrEqual(fraction);
};

describe('msgs-per-op against the published figures', () => {
  test('B2 flood to every grid neighbour, 5 nodes, rate 100: ≈ 5.0125566', async () => {
    const o = await run('flood-all', '--time-limit', '5', '--rate', '100', '--seed', '3');
    expect(o.results!['valid?']).toBe(true);
    within(servers(o), 5.0125566, 0.05);
  });

  test('B3 skipping the sender, 5 nodes, rate 100: ≈ 2.94182', async () => {
    const o = await run('flood-skip-sender', '--time-limit', '5', '--rate', '100', '--seed', '3');
    within(servers(o), 2.94182, 0.05);
  });

  test('B3 at 25 nodes with --topology line: ≈ 12.005973', async () => {
    const o = await run('flood-skip-sender', '--node-count', '25', '--topology', 'line', '--time-limit', '5', '--rate', '100', '--seed', '1');
    within(servers(o), 12.005973, 0.05);
  });
});

describe('latency against the published figures (B3, 25 nodes, rate 100, latency 100)', () => {
  const cases = [
    { topology: 'grid', msgs: 27.806324, median: 452, max: 791 },
    { topology: 'tree4', msgs: 11.994184, median: 386, max: 505 },
    { topology: 'total', msgs: 290.5638, median: 77, max: 97 },
  ];
  for (const c of cases) {
    test(`--topology ${c.topology}: median ≈ ${c.median} ms, max ≈ ${c.max} ms, msgs-per-op ≈ ${c.msgs}`, async () => {
      const o = await run('flood-skip-sender', '--node-count', '25', '--topology', c.topology, '--time-limit', '5', '--rate', '100', '--latency', '100', '--seed', '1');
      const latencies = workload(o)['stable-latencies'];
      within(latencies['0.5'], c.median, 0.15);
      within(latencies['1'], c.max, 0.15);
      within(servers(o), c.msgs, 0.05);
    });
  }
});

describe('verdicts under partitions', () => {
  test('a node that acknowledges but never forwards loses messages', async () => {
    const o = await run('ack-no-forward', '--time-limit', '5', '--rate', '20', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '5');
    expect(o.results!['valid?']).toBe(false);
    expect(workload(o)['lost-count']).toBeGreaterThan(0);
  });

  test('a forward-and-retry node is valid with nothing lost', async () => {
    const o = await run('forward-retry', '--time-limit', '5', '--rate', '20', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '5');
    expect(o.results!['valid?']).toBe(true);
    expect(workload(o)['lost-count']).toBe(0);
  });
});
