// `npm run bench -- kafka-checker`: the kafka checker on synthetic 5c-like histories (2 nodes,
// concurrency 4, Maelstrom's op mix and key rules, a correct log; test/helpers/kafka-history.ts).
// Each history is written as history.jsonl, as a results folder keeps it, and checked in a
// child process of its own that reads it back, so the child's peak resident memory (VmHWM) is
// the whole cost of checking a stored history: Node itself, the parsed history and the checker.
// A child that only reads the history gives the baseline the checker's share is measured against.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkKafka } from '../src/runner/checkers/kafka/index.js';
import { parseExactJson } from '../src/runner/base/exact-json.js';
import type { Op } from '../src/runner/records/history.js';
import { kafkaHistory } from '../test/helpers/kafka-history.js';

const childFlag = '--kafka-checker-child';

interface ChildReport {
  ops: number;
  readMs: number;
  checkMs: number[];
  peakMb: number;
  valid: unknown;
  errorTypes: unknown;
}

const peakMb = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

/** In the child: read the history, check it `repeats` times (or not at all), report on stdout. */
export function kafkaCheckerChild(argv: readonly string[]): boolean {
  const at = argv.indexOf(childFlag);
  if (at < 0) return false;
  const [file, repeatsText] = argv.slice(at + 1);
  let t = performance.now();
  const history = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => parseExactJson(l) as Op);
  const readMs = performance.now() - t;
  const checkMs: number[] = [];
  let result: ReturnType<typeof checkKafka> | undefined;
  for (let i = 0; i < Number(repeatsText); i++) {
    t = performance.now();
    result = checkKafka(history);
    checkMs.push(performance.now() - t);
  }
  const report: ChildReport = {
    ops: history.length,
    readMs,
    checkMs,
    peakMb: peakMb(),
    valid: result?.['valid?'],
    errorTypes: result && 'error-types' in result ? result['error-types'] : undefined,
  };
  process.stdout.write(JSON.stringify(report));
  return true;
}

function child(entry: string, file: string, repeats: number): ChildReport {
  const r = spawnSync(process.execPath, [entry, childFlag, file, String(repeats)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`kafka checker child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The markdown section: one row per history size, the target row first. */
export function kafkaCheckerSection(entry: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ygossip-kafka-checker-'));
  const rows: string[] = [];
  let perOpAt40k = 0;
  const runs: [number, 'none' | 'drop-acked'][] = [
    [40_000, 'none'],
    [10_000, 'none'],
    [20_000, 'none'],
    [80_000, 'none'],
    [40_000, 'drop-acked'],
  ];
  for (const [operations, fault] of runs) {
    const history = kafkaHistory({ seed: 1, operations, nodes: 2, concurrency: 4, fault });
    const file = join(dir, `history-${operations}-${fault}.jsonl`);
    writeFileSync(file, `${history.map((op) => JSON.stringify(op)).join('\n')}\n`);
    const checked = child(entry, file, 5);
    const readOnly = child(entry, file, 0);
    const ms = median(checked.checkMs);
    if (operations === 40_000 && fault === 'none') perOpAt40k = ms / checked.ops;
    process.stderr.write(
      `kafka-checker | ${operations} operations, fault ${fault}: check median ${ms.toFixed(0)} ms, peak ${checked.peakMb.toFixed(0)} MB (read only ${readOnly.peakMb.toFixed(0)} MB)\n`,
    );
    const counts = opCounts(history);
    rows.push(
      `| ${operations}${fault === 'none' ? '' : ` (${fault})`} | ${checked.ops} | ${counts} | ${String(checked.valid)} ${JSON.stringify(checked.errorTypes)} | ${checked.readMs.toFixed(0)} | ${checked.checkMs[0].toFixed(0)} | ${ms.toFixed(0)} (${checked.checkMs.map((x) => x.toFixed(0)).join(', ')}) | ${((ms / checked.ops) * 1000).toFixed(1)}${perOpAt40k > 0 ? ` (×${(ms / checked.ops / perOpAt40k).toFixed(2)})` : ''} | ${checked.peakMb.toFixed(0)} | ${readOnly.peakMb.toFixed(0)} |`,
    );
  }
  return [
    "Command: `npm run bench -- kafka-checker`. Histories from `kafkaHistory({seed: 1, operations, nodes: 2, concurrency: 4})` (test/helpers/kafka-history.ts: rate 1000, Maelstrom's op mix, keys and client, crashes, 0.2 % timeouts and send failures, the final phase), written as history.jsonl and checked in a fresh `node` child: read and parse every line (exact JSON), then `checkKafka` 5 times (the first is what a one-off check costs, before the JIT warms up).",
    '',
    "Target (issue 21): a 5c history of 40,000 operations checked in under 10 s using under 500 MB. The last row is a broken log (`fault: 'drop-acked'`: every 50th acknowledged send is never stored), so the cost of finding and reporting anomalies shows too.",
    '',
    '| operations (invocations) | history ops | completions by f | verdict | read ms | first check ms | check ms, median (runs) | µs per history op, median (vs 40k) | peak RSS MB, read + check | peak RSS MB, read only |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function opCounts(history: readonly Op[]): string {
  const counts = new Map<string, number>();
  for (const op of history) if (op.type !== 'invoke') counts.set(op.f, (counts.get(op.f) ?? 0) + 1);
  return [...counts].map(([f, n]) => `${f} ${n}`).join(', ');
}
