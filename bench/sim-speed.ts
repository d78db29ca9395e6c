// `npm run bench -- sim-speed`: the 25-node, 20 s simulation (issue 19's bar: under 2 s of wall
// time) on this checkout, and with BASELINE_DIR set on an older built checkout too, the two
// alternating run by run so a busy machine slows both alike. Per run: the process's wall time,
// its CPU time, the run itself as `ygossip sim` prints it (simulation and checkers, without
// start-up and the results folder), the results folder's time, and the gossip cost (exact: the
// simulation replays, so a change that only speeds it up leaves these figures as they were).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = ['-w', 'broadcast', '--node-count', '25', '--time-limit', '20', '--rate', '100', '--latency', '100', '--nemesis', 'partition', '--json'];

interface SimRun {
  wallS: number;
  cpuS: number;
  runS: number;
  folderS: number;
  msgsPerOp: number;
  bytesPerOp: number;
}

function simOnce(checkout: string, seed: number): SimRun {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(checkout, 'bin/ygossip'), 'sim', ...args, '--seed', String(seed), '--store', mkdtempSync(join(tmpdir(), 'ygossip-sim-'))],
    { cwd: checkout, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const wallS = (performance.now() - started) / 1000;
  const results = JSON.parse(r.stdout);
  const run = /^Run: ([\d.]+) s \(simulation and checkers\)(?:; results folder: ([\d.]+) s)?/m.exec(r.stderr);
  return {
    wallS,
    cpuS: childCpuS(),
    runS: run ? Number(run[1]) : NaN,
    folderS: run?.[2] ? Number(run[2]) : NaN,
    msgsPerOp: results.net.servers['msgs-per-op'],
    bytesPerOp: results.net.servers['bytes-per-op'],
  };
}

let lastChildCpu = 0;
/** CPU seconds of the children reaped since the last call (/proc/self/stat: cutime + cstime). */
function childCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const total = (Number(fields[13]) + Number(fields[14])) / 100;
  const delta = total - lastChildCpu;
  lastChildCpu = total;
  return delta;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export function simSpeedSection(root: string, runs = 5): string {
  const checkouts: [string, string][] = [['this checkout', root]];
  if (process.env.BASELINE_DIR) checkouts.push([`BASELINE_DIR (${process.env.BASELINE_DIR})`, resolve(process.env.BASELINE_DIR)]);
  const results = new Map<string, SimRun[]>(checkouts.map(([name]) => [name, []]));
  childCpuS();
  for (let seed = 1; seed <= runs; seed++) {
    for (const [name, dir] of checkouts) {
      const r = simOnce(dir, seed);
      results.get(name)!.push(r);
      process.stderr.write(
        `sim-speed | ${name} | seed ${seed}: wall ${r.wallS.toFixed(2)} s, cpu ${r.cpuS.toFixed(2)} s, run ${r.runS.toFixed(2)} s, folder ${r.folderS.toFixed(2)} s, msgs/op ${r.msgsPerOp}, bytes/op ${r.bytesPerOp}\n`,
      );
    }
  }
  const rows = checkouts.map(([name]) => {
    const rs = results.get(name)!;
    const m = (pick: (r: SimRun) => number, d = 2): string => {
      const x = median(rs.map(pick));
      return Number.isNaN(x) ? '—' : x.toFixed(d);
    };
    return `| ${name} | ${m((r) => r.wallS)} | ${m((r) => r.cpuS)} | ${m((r) => r.runS)} | ${m((r) => r.folderS)} | ${rs.map((r) => r.msgsPerOp.toFixed(4)).join(', ')} | ${rs.map((r) => r.bytesPerOp.toFixed(0)).join(', ')} |`;
  });
  return [
    `Command: \`bin/ygossip sim ${args.join(' ')} --seed N\`, seeds 1–${runs}, the checkouts alternating; medians. Run and folder: the times \`ygossip sim\` prints for the run itself (simulation and checkers) and for writing its results folder ("—" for a checkout that does not print them).`,
    '',
    '| checkout | wall s | CPU s | run s | folder s | servers msgs-per-op, seeds in order | servers bytes-per-op |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
