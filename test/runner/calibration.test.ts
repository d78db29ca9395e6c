// Calibration: small fixture nodes that implement the algorithms of Maelstrom's guide run through
// our runner. Message counts are checked against a figure computed independently, from the
// topology and the history: a flood sends a fixed number of messages per broadcast (B2: every
// node to all its neighbours, 2E; B3: the origin to all its neighbours and every other node to
// all but the one it heard from, 2E - n + 1), so servers msgs-per-op must be that times the
// broadcasts over the invocations, exactly; and against the guide's published figures
// (doc/03-broadcast/02-performance.md). Latencies must land within 15% of the published ones.
// Short time limits keep CI quick; a fixed --seed fixes the operation mix; runs that only count
// share the machine. Full-length figures are in docs/BENCHMARKS.md (npm run bench -- calibration).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { NetResult } from '../../src/runner/checkers/net.js';
import { toFloat32 } from '../../src/runner/base/float32.js';
import { checkBin, createProcessHostFactory } from '../../src/runner/hosts/process-host.js';
import { createJournal } from '../../src/runner/records/journal.js';
import { buildTopology, type TopologyKind } from '../../src/runner/net/topology.js';
import { parseOptions, type TestOptions } from '../../src/runner/command-line/options.js';
import { createRandom } from '../../src/runner/base/random.js';
import { runTest, type RunOutcome } from '../../src/runner/run/phases.js';
import { createRealClock } from '../../src/runner/base/runner-clock.js';

async function run(fixture: string, ...args: string[]): Promise<{ outcome: RunOutcome; options: TestOptions }> {
  const options = parseOptions('test', ['-w', 'broadcast', '--bin', `test/fixtures/${fixture}.mjs`, ...args]) as TestOptions;
  const hosts = createProcessHostFactory({ bin: checkBin(options.bin), logDir: mkdtempSync(join(tmpdir(), 'ygossip-cal-')) });
  try {
    const outcome = await runTest(options, { clock: createRealClock(), hosts, random: createRandom(options.seed), journal: createJournal() });
    return { outcome, options };
  } finally {
    await hosts.stopAll();
  }
}

const servers = (o: RunOutcome): number => (o.results!.net as NetResult).servers['msgs-per-op']!;
const workload = (o: RunOutcome) => o.results!.workload as unknown as { 'valid?': unknown; 'lost-count': number; 'stable-latencies': Record<string, number> };

/** What a flood must cost: messages per broadcast from the topology, times broadcasts per op. */
function floodMsgsPerOp(o: RunOutcome, options: TestOptions, skipSender: boolean): number {
  const topology = buildTopology(options.topology as TopologyKind, options.nodes);
  const degrees = Object.values(topology).reduce((sum, neighbours) => sum + neighbours.length, 0); // 2E
  const perBroadcast = skipSender ? degrees - options.nodes.length + 1 : degrees;
  const invocations = o.history.filter((op) => op.type === 'invoke' && op.process !== 'nemesis');
  const broadcasts = invocations.filter((op) => op.f === 'broadcast').length;
  return toFloat32((perBroadcast * broadcasts) / invocations.length);
}

const within = (actual: number, published: number, fraction: number): void => {
  expect(Math.abs(actual - published) / published, `${actual} vs published ${published}`).toBeLessThanOrEqual(fraction);
};

// Counts do not depend on timing: these runs share the machine. Latencies are measured alone.
describe.concurrent('msgs-per-op: exactly what the topology and the history say, and near the published figures', () => {
  const cases = [
    { fixture: 'flood-all', skip: false, args: ['--time-limit', '5', '--rate', '100', '--seed', '3'], published: 5.0125566 },
    { fixture: 'flood-skip-sender', skip: true, args: ['--time-limit', '5', '--rate', '100', '--seed', '3'], published: 2.94182 },
    {
      fixture: 'flood-skip-sender',
      skip: true,
      args: ['--node-count', '25', '--topology', 'line', '--time-limit', '5', '--rate', '100', '--seed', '1'],
      published: 12.005973,
    },
    { fixture: 'flood-skip-sender', skip: true, args: ['--node-count', '25', '--time-limit', '5', '--rate', '100', '--seed', '1'], published: 27.806324 },
  ];
  for (const c of cases) {
    test(`${c.fixture} ${c.args.slice(0, -2).join(' ')}: published ${c.published}`, async () => {
      const { outcome, options } = await run(c.fixture, ...c.args);
      expect(outcome.results!['valid?']).toBe(true);
      expect(servers(outcome)).toBe(floodMsgsPerOp(outcome, options, c.skip));
      within(servers(outcome), c.published, 0.06);
    });
  }
});

describe('latency against the published figures (B3, 25 nodes, rate 100, latency 100)', () => {
  // The two ends of the published range; tree4 (386 / 505 ms) is measured by the bench's
  // calibration group, which keeps this file's time within the suite's budget.
  const cases = [
    { topology: 'grid', median: 452, max: 791 },
    { topology: 'total', median: 77, max: 97 },
  ];
  for (const c of cases) {
    test(`--topology ${c.topology}: median ≈ ${c.median} ms, max ≈ ${c.max} ms`, async () => {
      const { outcome, options } = await run(
        'flood-skip-sender',
        '--node-count',
        '25',
        '--topology',
        c.topology,
        ...'--time-limit 5 --rate 100 --latency 100 --seed 1'.split(' '),
      );
      const latencies = workload(outcome)['stable-latencies'];
      within(latencies['0.5'], c.median, 0.15);
      within(latencies['1'], c.max, 0.15);
      expect(servers(outcome)).toBe(floodMsgsPerOp(outcome, options, true));
    });
  }
});

describe.concurrent('verdicts under partitions', () => {
  test('a flood without retries loses values once partitions drop its messages', async () => {
    // Valid without faults (above); invalid here only because the network honours the grudge.
    const { outcome } = await run('flood-skip-sender', '--time-limit', '5', '--rate', '20', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '5');
    expect(workload(outcome)['valid?']).toBe(false);
    expect(workload(outcome)['lost-count']).toBeGreaterThan(0);
    expect((outcome.results!.net as NetResult).servers['recv-count']).toBeLessThan((outcome.results!.net as NetResult).servers['send-count']);
  });

  test('a node that acknowledges but never forwards loses messages', async () => {
    const { outcome } = await run('ack-no-forward', '--time-limit', '5', '--rate', '20', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '5');
    expect(outcome.results!['valid?']).toBe(false);
    expect(workload(outcome)['lost-count']).toBeGreaterThan(0);
  });

  test('a forward-and-retry node is valid with nothing lost', async () => {
    const { outcome } = await run('forward-retry', '--time-limit', '5', '--rate', '20', '--nemesis', 'partition', '--nemesis-interval', '1', '--seed', '5');
    expect(outcome.results!['valid?']).toBe(true);
    expect(workload(outcome)['lost-count']).toBe(0);
  });
});
