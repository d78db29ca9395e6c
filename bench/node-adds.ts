// `npm run bench -- node-adds`: one bin/broadcast process driven over stdin (node-driver.ts) at
// 50k, 100k, 200k and 1M adds, beside a node that keeps a plain JavaScript Set
// (test/fixtures/plain-set.mjs) under the same driver, in one run, sizes in turn and the two
// nodes alternating; medians of `repeats` runs (one at 1M). The bars (19): 200k adds
// take at most 2.2× the time of 100k, ygossip at 200k within 1.5× the Set node, 1M completes.
import { join } from 'node:path';
import { GrowOnlySet } from '../src/crdt/g-set.js';
import { driveNode, type DriveResult } from './node-driver.js';

const sizes = [50_000, 100_000, 200_000, 1_000_000];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The bytes of the store's full state after `n` distinct integer adds by one writer. */
function encodedState(n: number): number {
  const set = new GrowOnlySet<number>({ clientId: 1 });
  for (let i = 0; i < n; i += 1000) set.add(...Array.from({ length: Math.min(1000, n - i) }, (_, k) => i + k));
  return set.diff().length;
}

interface Row {
  cpuS: number;
  systemS: number;
  wallS: number;
  peakMb: number;
}

function summarize(runs: DriveResult[]): Row {
  return {
    cpuS: median(runs.map((r) => r.cpuS)),
    systemS: median(runs.map((r) => r.systemS)),
    wallS: median(runs.map((r) => r.wallS)),
    peakMb: median(runs.map((r) => r.peakMb)),
  };
}

export async function nodeAddsSection(root: string, repeats = 5): Promise<string> {
  const nodes = { ygossip: [process.execPath, join(root, 'bin/broadcast')], 'plain Set': [process.execPath, join(root, 'test/fixtures/plain-set.mjs')] };
  const results = new Map<string, Row>();
  for (const count of sizes) {
    const runs: Record<string, DriveResult[]> = { ygossip: [], 'plain Set': [] };
    for (let i = 0; i < (count >= 1_000_000 ? 1 : repeats); i++) {
      for (const [name, command] of Object.entries(nodes)) {
        const r = await driveNode({ command, count, cwd: root });
        runs[name].push(r);
        process.stderr.write(`node-adds | ${name} | ${count}: cpu ${r.cpuS.toFixed(2)} s, wall ${r.wallS.toFixed(2)} s, peak ${r.peakMb.toFixed(0)} MB\n`);
      }
    }
    for (const name of Object.keys(nodes)) results.set(`${name} ${count}`, summarize(runs[name]));
  }
  const f = (x: number, d = 2): string => x.toFixed(d);
  const rows = sizes.flatMap((count) =>
    Object.keys(nodes).map((name) => {
      const r = results.get(`${name} ${count}`)!;
      const state = name === 'ygossip' ? encodedState(count).toLocaleString('en-US') : '—';
      return `| ${count.toLocaleString('en-US')} | ${name} | ${f(r.cpuS)} (${f(r.systemS)}) | ${f(r.wallS)} | ${f(r.peakMb, 0)} | ${state} |`;
    }),
  );
  const at = (name: string, count: number): Row => results.get(`${name} ${count}`)!;
  const ratio = (a: Row, b: Row): string => `${f(a.cpuS / b.cpuS)}× CPU, ${f(a.wallS / b.wallS)}× wall`;
  return [
    `Driver: bench/node-driver.ts (init with the node alone, then distinct integer broadcasts with 200 in flight, no data directory, then one read that must return every value). CPU is the node process's own (user + system, from /proc), up to its read_ok; wall from the first broadcast to the read_ok. Medians of ${repeats} runs per size (1 at 1M), the two nodes alternating. Encoded state: the store's full state after the same adds (GrowOnlySet.diff(), computed in-process).`,
    '',
    '| adds | node | CPU s (system) | wall s | peak RSS MB | encoded state, bytes |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `ygossip, 200k against 100k: ${ratio(at('ygossip', 200_000), at('ygossip', 100_000))} (bar: ≤ 2.2×). ygossip against the plain Set at 200k: ${ratio(at('ygossip', 200_000), at('plain Set', 200_000))} (bar: ≤ 1.5×). 1M adds: ${f(at('ygossip', 1_000_000).cpuS)} s CPU, ${f(at('ygossip', 1_000_000).wallS)} s wall.`,
  ].join('\n');
}
