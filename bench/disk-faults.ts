// The 'disk-faults' bench group: `ygossip sim` with kills, pauses and partitions and every fault
// of the simulated disk (torn and zeroed writes on a kill, failed syncs) over 200 seeds per
// workload. What must hold: 0 lost in every workload, every failing seed named with why, and
// each kind of disk fault injected (and recovered from) at least once per sweep.

/** The crash sweep: kills, pauses and partitions over 200 seeds (bench/run.ts runs it without
 *  disk faults, with the simulated disk and in memory). */
export const crashSweepArgs = '--node-count 5 --time-limit 30 --rate 50 --latency 50 --nemesis kill,pause,partition --nemesis-interval 3 --seeds 1..200'.split(
  ' ',
);
export const diskFaultArgs = [...crashSweepArgs, '--disk-faults', 'all'];

/** `sim(args)` runs `ygossip sim` and returns its stdout. */
export function diskFaultSweeps(sim: (args: string[]) => string): string {
  const rows = ['broadcast', 'g-set', 'g-counter', 'pn-counter'].map((workload) => {
    const started = performance.now();
    const out = sim(['-w', workload, ...diskFaultArgs]);
    const wallS = (performance.now() - started) / 1000;
    const lines = out.trim().split('\n');
    const failed = lines.filter((l) => /^seed \d+ .* failed: /.test(l));
    const unnamed = failed.filter((l) => /failed: $/.test(l)).length;
    const lost = failed.filter((l) => / lost [1-9]/.test(l)).length;
    const disk = lines.find((l) => l.startsWith('disk faults injected:')) ?? 'no disk line';
    const why = [...new Set(failed.map((l) => l.replace(/^seed \d+ \(.*?\) failed: /, '')))].join('; ') || '—';
    process.stderr.write(`disk-faults | ${workload}: ${lines.at(-1)} (${wallS.toFixed(0)} s)\n`);
    return `| ${workload} | ${lines.at(-1)} | ${lost} | ${why}${unnamed ? ` (${unnamed} without a reason)` : ''} | ${disk.replace(/^disk faults injected: /, '')} |`;
  });
  return [
    `Command: \`bin/ygossip sim -w WORKLOAD ${diskFaultArgs.join(' ')}\` (a kill tears or zeroes the write it catches in flight, about one write in 2,000 fails its sync and the node restarts from its log; a seed failed only by the stats checker is one whose nemesis kept every node down or paused until some kind of operation never succeeded):`,
    '',
    '| workload | result | seeds with lost elements | why the failing seeds failed | disk faults injected; recovered |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
