// The benchmark scenarios: each is a `ygossip test` command line plus the environment the nodes
// get, grouped by the issue they measure. Figures are medians over `repeat` runs.

export interface Scenario {
  group: string;
  name: string;
  /** Arguments after `ygossip test`. */
  args: string[];
  /** The nodes' environment; without YGOSSIP_DATA_DIR they persist to a fresh directory inside
   *  the run's results folder (the runner's default). */
  env?: Record<string, string>;
  repeat: number;
  /** Also report how long the client waited for its ok (invoke to ok): what an ack costs. True
   *  for broadcast_ok, or the name of the operation (`echo`). */
  clientLatency?: boolean | string;
  /** What the scenario must show, for the table. */
  target?: { msgsPerOp?: number; median?: number; max?: number };
  /** A target in words, for what the three numbers cannot say (e.g. relative to another row). */
  note?: string;
  /** Run with the older checkout in BASELINE_DIR instead of this one (the 'baseline' group). */
  baseline?: boolean;
  /** A published figure to print beside ours. */
  published?: string;
  /** Give every run's msgs-per-op (and the largest over the smallest), not only the median. */
  listRuns?: boolean;
}

const challenge = ['--node-count', '25', '--time-limit', '20', '--rate', '100', '--latency', '100'];
const broadcast = (...rest: string[]): string[] => ['-w', 'broadcast', '--bin', 'bin/broadcast', ...rest];
const fixture = (name: string, ...rest: string[]): string[] => ['-w', 'broadcast', '--bin', `test/fixtures/${name}.mjs`, ...rest];

export const scenarios: Scenario[] = [
  // Issue 3: calibration against Maelstrom's published figures (doc/03-broadcast/02-performance.md).
  {
    group: 'calibration',
    name: 'B2 flood, 5 nodes, rate 100',
    args: fixture('flood-all', '--time-limit', '20', '--rate', '100'),
    repeat: 1,
    published: 'msgs-per-op 5.0125566',
  },
  {
    group: 'calibration',
    name: 'B3 skip sender, 5 nodes, rate 100',
    args: fixture('flood-skip-sender', '--time-limit', '20', '--rate', '100'),
    repeat: 1,
    published: 'msgs-per-op 2.94182',
  },
  {
    group: 'calibration',
    name: 'B3, 25 nodes grid',
    args: fixture('flood-skip-sender', '--node-count', '25', '--time-limit', '20', '--rate', '100'),
    repeat: 1,
    published: 'msgs-per-op 27.806324',
  },
  {
    group: 'calibration',
    name: 'B3, 25 nodes line',
    args: fixture('flood-skip-sender', '--node-count', '25', '--time-limit', '20', '--rate', '100', '--topology', 'line'),
    repeat: 1,
    published: 'msgs-per-op 12.005973',
  },
  {
    group: 'calibration',
    name: 'B3, 25 grid, latency 100',
    args: fixture('flood-skip-sender', ...challenge),
    repeat: 1,
    published: 'median 452 ms, max 791 ms',
  },
  {
    group: 'calibration',
    name: 'B3, 25 tree4, latency 100',
    args: fixture('flood-skip-sender', ...challenge, '--topology', 'tree4'),
    repeat: 1,
    published: 'median 386 ms, max 505 ms',
  },
  {
    group: 'calibration',
    name: 'B3, 25 total, latency 100',
    args: fixture('flood-skip-sender', ...challenge, '--topology', 'total'),
    repeat: 3,
    published: 'median 77 ms, max 97 ms, msgs-per-op 290.5638',
  },

  // Issue 9 / 10: the runner keeps to its schedule, and its memory stays bounded.
  {
    group: 'runner',
    name: 'echo, 25 nodes, rate 10000, concurrency 4n, 10 s',
    args: ['-w', 'echo', '--bin', 'test/fixtures/echo.mjs', '--node-count', '25', '--time-limit', '10', '--rate', '10000', '--concurrency', '4n'],
    repeat: 3,
    published: 'at least 5000 ops/s',
  },
  {
    group: 'runner',
    name: 'broadcast B0, 25 nodes, rate 2000, concurrency 4n, 10 s',
    args: fixture('ack-no-forward', '--node-count', '25', '--time-limit', '10', '--rate', '2000', '--concurrency', '4n'),
    repeat: 3,
    published: 'about 830 ops/s before issue 9',
  },
  { group: 'runner', name: 'memory: 25 nodes, 20 s, partitions', args: broadcast(...challenge, '--nemesis', 'partition'), repeat: 1 },
  {
    group: 'runner',
    name: 'memory: 3 nodes flooding 10k msgs/s each, 20 s',
    args: fixture('flood-peers', '--node-count', '3', '--time-limit', '20', '--rate', '10'),
    repeat: 1,
    published: '476 MB at 23 s before issue 10',
  },

  // The same runner scenarios on the runner before issues 9 and 10, for before/after figures:
  // BASELINE_DIR=<older checkout> npm run bench -- baseline
  {
    group: 'baseline',
    baseline: true,
    name: 'B3, 25 total, latency 100 (older runner)',
    args: fixture('flood-skip-sender', ...challenge, '--topology', 'total'),
    repeat: 3,
    published: 'median 77 ms, max 97 ms',
  },
  {
    group: 'baseline',
    baseline: true,
    name: 'broadcast B0, 25 nodes, rate 2000, concurrency 4n, 10 s (older runner)',
    args: fixture('ack-no-forward', '--node-count', '25', '--time-limit', '10', '--rate', '2000', '--concurrency', '4n'),
    repeat: 1,
  },
  {
    group: 'baseline',
    baseline: true,
    name: 'echo, 25 nodes, rate 10000, concurrency 4n, 10 s (older runner)',
    args: ['-w', 'echo', '--bin', 'test/fixtures/echo.mjs', '--node-count', '25', '--time-limit', '10', '--rate', '10000', '--concurrency', '4n'],
    repeat: 1,
  },
  {
    group: 'baseline',
    baseline: true,
    name: 'memory: 25 nodes, 20 s, partitions (older runner)',
    args: broadcast(...challenge, '--nemesis', 'partition'),
    repeat: 1,
  },
  {
    group: 'baseline',
    baseline: true,
    name: 'memory: 3 nodes flooding 10k msgs/s each, 20 s (older runner)',
    args: fixture('flood-peers', '--node-count', '3', '--time-limit', '20', '--rate', '10'),
    repeat: 1,
  },

  // Issue 20: services add no floor to the runner. A node answering each op through one lin-kv RPC
  // at rate 2000, beside the broadcast node that only acknowledges (B0), the echo node that
  // answers by itself and one that makes the same RPC to another node, with and without latency:
  // the rate is reached as theirs is, and an op takes the service round trip, 2 × latency. Last,
  // the lin-kv workload itself through the proxy (it forwards read, write and cas): 10 nodes, as
  // lin-kv runs each key on 2n threads and Jepsen allows at most 20 per key.
  ...['0', '10'].flatMap((latency) => {
    const load = ['--node-count', '25', '--time-limit', '10', '--rate', '2000', '--concurrency', '4n', '--latency', latency];
    return [
      {
        group: 'services',
        name: `broadcast B0, 25 nodes, rate 2000, concurrency 4n, latency ${latency}, 10 s`,
        args: fixture('ack-no-forward', ...load),
        repeat: 3,
        clientLatency: true,
      },
      {
        group: 'services',
        name: `echo answered by the node, latency ${latency}`,
        args: ['-w', 'echo', '--bin', 'test/fixtures/echo.mjs', ...load],
        repeat: 3,
        clientLatency: 'echo',
      },
      {
        group: 'services',
        name: `echo through another node (one RPC per op), latency ${latency}`,
        args: ['-w', 'echo', '--bin', 'test/fixtures/echo-via-peer.mjs', ...load],
        repeat: 3,
        clientLatency: 'echo',
      },
      {
        group: 'services',
        name: `echo through lin-kv (one RPC per op), latency ${latency}`,
        args: ['-w', 'echo', '--bin', 'test/fixtures/lin-kv-proxy.mjs', ...load],
        repeat: 3,
        clientLatency: 'echo',
        note: `ops/s and echo_ok as through another node, at most; p50 near ${2 * Number(latency)} ms on a quiet machine`,
      },
      {
        group: 'services',
        name: `lin-kv workload through lin-kv (one RPC per op), 10 nodes, latency ${latency}`,
        args: ['-w', 'lin-kv', '--bin', 'test/fixtures/lin-kv-proxy.mjs', ...load.slice(2), '--node-count', '10'],
        repeat: 3,
        clientLatency: 'read',
        note: `valid; read_ok p50 near ${2 * Number(latency)} ms; ops/s near 2000${latency === '0' ? '' : ', the most its 40 clients can ask for when each op waits a 20 ms round trip to lin-kv (client messages have no latency, as in Maelstrom)'}`,
      },
    ];
  }),

  // Issue 2 / 5: the challenge settings.
  { group: 'challenge', name: '3a: 1 node, rate 10', args: broadcast('--node-count', '1', '--time-limit', '20', '--rate', '10'), repeat: 1 },
  { group: 'challenge', name: '3b: 5 nodes, rate 10', args: broadcast('--node-count', '5', '--time-limit', '20', '--rate', '10'), repeat: 1 },
  {
    group: 'challenge',
    name: '3c: 5 nodes, rate 10, partitions',
    args: broadcast('--node-count', '5', '--time-limit', '20', '--rate', '10', '--nemesis', 'partition'),
    repeat: 1,
  },
  { group: 'challenge', name: '3c: 25 nodes, rate 100, latency 100, partitions', args: broadcast(...challenge, '--nemesis', 'partition'), repeat: 3 },

  // Issue 5: efficiency.
  { group: 'efficiency', name: 'default profile', args: broadcast(...challenge), repeat: 3, target: { msgsPerOp: 2.0, median: 200, max: 300 } },
  {
    group: 'efficiency',
    name: 'fast profile',
    args: broadcast(...challenge),
    env: { YGOSSIP_PROFILE: 'fast' },
    repeat: 3,
    target: { msgsPerOp: 12, median: 85, max: 110 },
  },
  {
    group: 'efficiency',
    name: 'fast profile, partitions',
    args: broadcast(...challenge, '--nemesis', 'partition'),
    env: { YGOSSIP_PROFILE: 'fast' },
    repeat: 1,
  },
  ...[40, 80, 160, 320, 640].map((batch) => ({
    group: 'curve',
    name: `default profile, YGOSSIP_BATCH_MS=${batch}`,
    args: broadcast(...challenge),
    env: { YGOSSIP_BATCH_MS: String(batch) },
    repeat: 1,
  })),
  {
    group: 'bytes',
    name: 'default profile, 60 s',
    args: broadcast('--node-count', '25', '--time-limit', '60', '--rate', '100', '--latency', '100'),
    repeat: 1,
  },
  ...[50, 100].flatMap((n) =>
    [100, 500].flatMap((rate) =>
      [false, true].map((partition) => ({
        group: 'scale',
        name: `${n} nodes, rate ${rate}${partition ? ', partitions' : ''}`,
        args: broadcast(
          '--node-count',
          String(n),
          '--time-limit',
          '20',
          '--rate',
          String(rate),
          '--latency',
          '100',
          ...(partition ? ['--nemesis', 'partition'] : []),
        ),
        repeat: 1,
      })),
    ),
  ),

  // Issue 11: no node the others cannot live without. One node cut off for the whole main phase
  // (`--faults isolated:NODE`); the figure that matters is the stable latency among the other
  // nodes ("outside"), against the default's fault-free median in 'efficiency'.
  ...['n0', 'n7', 'n24'].map((victim) => ({
    group: 'hubless',
    name: `default profile, ${victim} isolated${victim === 'n0' ? ' (the first hub)' : ''}`,
    args: broadcast(...challenge, '--faults', `isolated:${victim}`),
    repeat: 3,
    note: 'outside p50 ≤ 2 × the fault-free default median',
  })),
  { group: 'hubless', name: 'default profile, partitions', args: broadcast(...challenge, '--nemesis', 'partition'), repeat: 1 },
  // Issue 23: the gossip profile's frontier on the grid (its knob: how often the tree's centre
  // batches down; values climb in quarter batches), beside the seed's design (the whole set to k
  // random neighbours every R ms, test/fixtures/whole-set-gossip.mjs) over the same k × R grid
  // as the issue's table; then the profile's defaults under partitions on each topology.
  ...[100, 150, 200, 300, 400, 600, 1000, 2000, 4000].map((batch) => ({
    group: 'gossip-frontier',
    name: `gossip, grid, YGOSSIP_BATCH_MS=${batch}`,
    args: broadcast(...challenge, '--topology', 'grid'),
    env: { YGOSSIP_PROFILE: 'gossip', YGOSSIP_BATCH_MS: String(batch) },
    repeat: 1,
  })),
  ...[100, 200, 400].flatMap((round) =>
    [1, 2, 3].map((peers) => ({
      group: 'gossip-frontier',
      name: `seed's design, grid, whole set to ${peers} every ${round} ms`,
      args: fixture('whole-set-gossip', ...challenge, '--topology', 'grid'),
      env: { SEED_ROUND_MS: String(round), SEED_PEERS: String(peers) },
      repeat: 1,
    })),
  ),
  ...(['grid', 'line', 'tree4'] as const).map((topology) => ({
    group: 'gossip-frontier',
    name: `gossip (defaults), ${topology}, partitions`,
    args: broadcast(...challenge, '--topology', topology, '--nemesis', 'partition'),
    env: { YGOSSIP_PROFILE: 'gossip' },
    repeat: 1,
  })),
  // Issue 23: 100 nodes, five runs in a row: how much the cost varies from run to run.
  {
    group: 'stability',
    name: '100 nodes, rate 100, five runs in a row',
    args: broadcast('--node-count', '100', '--time-limit', '20', '--rate', '100', '--latency', '100'),
    repeat: 5,
    listRuns: true,
    note: 'within 1.5× of each other, none above 6',
  },
  ...[50, 100].map((n) => ({
    group: 'scale',
    name: `${n} nodes, rate 100, n0 isolated`,
    args: broadcast('--node-count', String(n), '--time-limit', '20', '--rate', '100', '--latency', '100', '--faults', 'isolated:n0'),
    repeat: 1,
  })),
  // Issue 12: the cost of durability (ack only once on disk), and what it buys under kills.
  ...[false, true].flatMap((durable) =>
    [[], ['--nemesis', 'partition'], ['--nemesis', 'kill,partition']].map((nemesis) => ({
      group: 'durability',
      name: `${durable ? 'durable (the default)' : 'in memory (YGOSSIP_DATA_DIR=)'}${nemesis.length ? `, ${nemesis[1]}` : ''}`,
      args: broadcast(...challenge, ...nemesis),
      env: durable ? undefined : { YGOSSIP_DATA_DIR: '' },
      repeat: nemesis.length ? 1 : 3,
      clientLatency: true,
    })),
  ),

  // Issue 6: the other workloads on the same store.
  ...(['g-set', 'g-counter', 'pn-counter'] as const).flatMap((w) =>
    [10, 100].flatMap((rate) =>
      [false, true].map((partition) => ({
        group: 'workloads',
        name: `${w}, 5 nodes, rate ${rate}${partition ? ', partitions' : ''}`,
        args: [
          '-w',
          w,
          '--bin',
          `bin/${w}`,
          '--node-count',
          '5',
          '--time-limit',
          '20',
          '--rate',
          String(rate),
          ...(partition ? ['--nemesis', 'partition'] : []),
        ],
        repeat: 1,
      })),
    ),
  ),
];
