// One measurement of the linearizability checker in a process of its own (dist/bench-linearizability.js),
// so its peak memory is its own: `etcd ROUNDS FILE...` checks Jepsen's etcd logs with Porcupine's
// semantics and with Knossos's; `synthetic NAME` checks one generated lin-kv history. Prints JSON.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { casRegister, checkLinearizability, type IndependentResult } from '../../src/runner/checkers/linearizability/index.js';
import type { Op } from '../../src/runner/records/history.js';
import { etcdModel } from './etcd-model.js';
import { parseJepsenLog } from './jepsen-log.js';
import { syntheticHistory } from './scenarios.js';

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

function peakKb(): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

function timed(check: () => IndependentResult): { result: IndependentResult; wallMs: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = cpuMs();
  const result = check();
  return { result, wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
}

function etcd(rounds: number, files: string[]): unknown {
  const histories = files.map((f) => ({ file: basename(f), ops: parseJepsenLog(readFileSync(f, 'utf8')) }));
  const runs = histories.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  const verdicts: unknown[] = [];
  const explored: number[] = [];
  for (let round = 0; round < rounds; round++) {
    histories.forEach((h, i) => {
      const t = timed(() => checkLinearizability(h.ops, { model: etcdModel, keyed: false }));
      runs[i].wall.push(t.wallMs);
      runs[i].cpu.push(t.cpuMs);
      verdicts[i] = t.result['valid?'];
      explored[i] = Object.values(t.result.results).reduce((s, k) => s + k.linearizable.explored, 0);
    });
  }
  const results = histories.map((h, i) => ({
    file: h.file,
    valid: verdicts[i],
    knossos: checkLinearizability(h.ops, { model: casRegister, keyed: false })['valid?'],
    explored: explored[i],
    firstWallMs: runs[i].wall[0],
    wallMs: median(runs[i].wall),
    cpuMs: median(runs[i].cpu),
  }));
  return { results, peakKb: peakKb() };
}

/** Most client ops open at once (invoked, not yet completed). */
function concurrency(history: readonly Op[]): number {
  let open = 0;
  let most = 0;
  for (const op of history) {
    open += op.type === 'invoke' ? 1 : -1;
    most = Math.max(most, open);
  }
  return most;
}

function synthetic(name: string): unknown {
  const { history, description } = syntheticHistory(name);
  const t = timed(() => checkLinearizability(history));
  const keys = Object.values(t.result.results);
  const failed = t.result.failures[0];
  return {
    description,
    ops: history.filter((o) => o.type === 'invoke').length,
    keys: keys.length,
    concurrency: concurrency(history),
    valid: t.result['valid?'],
    wallMs: t.wallMs,
    cpuMs: t.cpuMs,
    explored: keys.reduce((s, k) => s + k.linearizable.explored, 0),
    causes: [...new Set(keys.map((k) => k.linearizable.cause).filter(Boolean))],
    blocking: failed === undefined ? undefined : t.result.results[String(failed)].linearizable.counterexample?.finalPaths[0]?.refused.reason,
    peakKb: peakKb(),
  };
}

const [task, ...args] = process.argv.slice(2);
const out =
  task === 'etcd' ? etcd(Number(args[0]), args.slice(1)) : task === 'synthetic' ? synthetic(args[0]) : task === 'baseline' ? { peakKb: peakKb() } : undefined;
if (out === undefined) throw new Error(`unknown task ${task}: etcd ROUNDS FILE... | synthetic NAME | baseline`);
process.stdout.write(`${JSON.stringify(out)}\n`);
