// The 'gossip-sim' bench group (issue 23), in the simulation (exact, replayable, and free of the
// machine's contention): the gossip profile's frontier on the grid, seeds 1–3 per batch interval;
// and the default at 100 nodes, seeds 1–5, for how much its cost varies from run to run.

/** Runs `ygossip sim` with these arguments and environment; its stdout. */
type Sim = (args: string[], env?: NodeJS.ProcessEnv) => string;

interface Figures {
  msgs: number;
  p50: number;
  max: number;
  bytes: number;
  valid: unknown;
}

const challenge = ['-w', 'broadcast', '--time-limit', '20', '--rate', '100', '--latency', '100', '--json'];

function figures(sim: Sim, args: string[], env: NodeJS.ProcessEnv): Figures {
  const r = JSON.parse(sim(args, env));
  const latencies = r.workload?.['stable-latencies'] ?? {};
  return { msgs: r.net?.servers?.['msgs-per-op'], p50: latencies['0.5'], max: latencies['1'], bytes: r.net?.servers?.['bytes-per-op'], valid: r['valid?'] };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function frontier(sim: Sim): string[] {
  const rows = [100, 150, 200, 300, 400, 600, 1000, 2000, 4000].map((batch) => {
    const env = { ...process.env, YGOSSIP_PROFILE: 'gossip', YGOSSIP_BATCH_MS: String(batch) };
    const runs = [1, 2, 3].map((seed) => figures(sim, [...challenge, '--node-count', '25', '--topology', 'grid', '--seed', String(seed)], env));
    const m = (pick: (f: Figures) => number, digits = 0) => median(runs.map(pick)).toFixed(digits);
    return `| ${batch} | ${runs.map((r) => r.valid).join(', ')} | ${m((f) => f.msgs, 2)} | ${m((f) => f.p50)} | ${m((f) => f.max)} | ${m((f) => f.bytes)} |`;
  });
  return [
    `The gossip profile on the grid: \`YGOSSIP_PROFILE=gossip YGOSSIP_BATCH_MS=B bin/ygossip sim ${challenge.join(' ')} --node-count 25 --topology grid --seed N\` (medians of seeds 1–3; announcements to one lazy neighbour every 1000 ms or every batch, if longer: the defaults):`,
    '',
    '| YGOSSIP_BATCH_MS | valid? | servers msgs-per-op | stable p50 ms | stable max ms | server bytes/op |',
    '|---|---|---|---|---|---|',
    ...rows,
  ];
}

function hundredNodes(sim: Sim): string[] {
  const runs = [1, 2, 3, 4, 5].map((seed) => figures(sim, [...challenge, '--node-count', '100', '--seed', String(seed)], process.env));
  const msgs = runs.map((r) => r.msgs);
  return [
    `The default at 100 nodes: \`bin/ygossip sim ${challenge.join(' ')} --node-count 100 --seed N\`, seeds 1–5: valid ${runs.map((r) => r.valid).join(', ')}; msgs-per-op ${msgs.map((m) => m.toFixed(2)).join(', ')} (largest / smallest ${(Math.max(...msgs) / Math.min(...msgs)).toFixed(2)}); stable p50 ${runs.map((r) => r.p50).join(', ')} ms, max ${runs.map((r) => r.max).join(', ')} ms.`,
  ];
}

export function gossipSim(sim: Sim): string {
  return [...frontier(sim), '', ...hundredNodes(sim), ''].join('\n');
}
