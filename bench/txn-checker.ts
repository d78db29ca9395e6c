// `npm run bench -- txn-checker`: the transactional checker on histories of 20,000
// transactions (Elle's generator defaults: 10 keys, up to 4 micro-ops, 16 writes per key; 5 %
// fail, 5 % info), in process, under the default model (strict-serializable, so real-time
// edges too): a correct serial execution, the same with anomalies planted on fresh keys, with
// 1 % of reads made stale, and a database of two replicas that sync every 50 transactions
// (one huge component). Medians of three checks in this one run.
import { analyzeListAppend, analyzeRwRegister, checkListAppend, checkTxnRwRegister, type TxnResult } from '../src/runner/checkers/txn/index.js';
import { createRandom } from '../src/runner/base/random.js';
import { serialTxnHistory, type TxnWorkload } from '../test/helpers/serial-txn-history.js';
import { txnHistory, type MopArray, type TxnSpec } from '../test/helpers/txn-history.js';
import { appendPlants, planted, registerPlants } from '../test/helpers/txn-plants.js';

const txns = 20_000;
const repeat = 3;

type Scenario = [name: string, make: (w: TxnWorkload) => TxnSpec[]];

const scenarios: Scenario[] = [
  ['serial execution (valid)', (workload) => serialTxnHistory({ seed: 1, txns, workload })],
  ['60 anomalies planted (each kind, cycles included)', (workload) => withPlants(serialTxnHistory({ seed: 1, txns, workload }), workload, 60)],
  ['1 % of reads stale', (workload) => staleReads(serialTxnHistory({ seed: 1, txns, workload }), 0.01)],
  ['two replicas, synced every 50 txns', (workload) => twoReplicas(workload)],
];

export function txnCheckerBench(): string {
  const rows: string[] = [];
  for (const [name, make] of scenarios) {
    for (const workload of ['list-append', 'rw-register'] as const) {
      const ops = txnHistory(make(workload));
      const times: number[] = [];
      let result: TxnResult | undefined;
      for (let i = 0; i < repeat; i++) {
        const t = performance.now();
        result = workload === 'list-append' ? checkListAppend(ops) : checkTxnRwRegister(ops);
        times.push(performance.now() - t);
      }
      const g = (workload === 'list-append' ? analyzeListAppend(ops) : analyzeRwRegister(ops)).graph;
      const median = times.sort((a, b) => a - b)[Math.floor(repeat / 2)];
      const types = result!['anomaly-types'] ?? [];
      const shown = types.length > 6 ? `${types.slice(0, 6).join(', ')} … (${types.length})` : types.join(', ') || '—';
      rows.push(
        `| ${name} | txn-${workload} | ${ops.length / 2} | ${String(result!['valid?'])} | ${shown} | ${g.vertices} | ${g.edges} | ${g.sccs.length} (${g.sccs.length ? Math.max(...g.sccs) : 0}) | ${(median / 1000).toFixed(2)} | ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} |`,
      );
      process.stderr.write(`txn-checker | ${name} | ${workload}: ${(median / 1000).toFixed(2)} s, valid ${String(result!['valid?'])}\n`);
    }
  }
  return [
    'Command: `npm run bench -- txn-checker` (in process: bench/txn-checker.ts builds each history, then times the checker alone; target < 10 s per history).',
    '',
    '| history | workload | txns | valid? | anomaly types | vertices | edges | SCCs (largest) | check s (median) | runs s |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function withPlants(specs: TxnSpec[], workload: TxnWorkload, count: number): TxnSpec[] {
  const plants = workload === 'list-append' ? appendPlants : registerPlants;
  let out = specs;
  for (let i = 0; i < count; i++) out = planted(out, plants[i % plants.length], (i + 0.5) / count, i);
  return out;
}

/** Reads that miss the latest write: a list loses its last element, a register reads nil. */
function staleReads(specs: TxnSpec[], rate: number): TxnSpec[] {
  const random = createRandom(7);
  return specs.map((s) => {
    if (s.type !== undefined && s.type !== 'ok') return s;
    const txn = s.txn.map(([f, k, v]): MopArray => {
      if (f !== 'r' || v === null || random() >= rate) return [f, k, v];
      return ['r', k, Array.isArray(v) ? v.slice(0, -1) : null];
    });
    return { ...s, txn };
  });
}

/** Transactions alternate between two replicas that merge, last writer wins, every 50. */
function twoReplicas(workload: TxnWorkload): TxnSpec[] {
  const specs = serialTxnHistory({ seed: 3, txns, workload, failRate: 0, infoRate: 0 }).sort((a, b) => a.start - b.start);
  type Entry = { v: unknown; at: number };
  const replicas = [new Map<unknown, Entry>(), new Map<unknown, Entry>()];
  const sync = (): void => {
    const [a, b] = replicas;
    for (const k of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(k);
      const y = b.get(k);
      const newer = !x || (y && y.at > x.at) ? y! : x;
      a.set(k, newer);
      b.set(k, newer);
    }
  };
  return specs.map((s, i) => {
    const db = replicas[i % 2];
    const txn = s.txn.map(([f, k, v]): MopArray => {
      const current = db.get(k)?.v;
      if (f === 'r') return ['r', k, current === undefined ? null : Array.isArray(current) ? [...current] : current];
      db.set(k, { v: f === 'append' ? [...((current as unknown[]) ?? []), v] : v, at: i });
      return [f, k, v];
    });
    if (i % 50 === 49) sync();
    return { ...s, txn };
  });
}
