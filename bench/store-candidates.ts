// `npm run bench -- store`: the representations a grow-only store could take in Yjs, measured
// against each other (issue 19): one writer adding distinct integers one transaction at a time,
// as a node does, at 50k, 100k, 200k and 1M values; the encoded state; a diff of the 10 values
// added last (its size, and the time to compute it and to apply it to a replica of that size);
// the heap; and the state of 25 writers that exchange diffs as they go. Every measurement runs
// in a process of its own (this bundle, re-run with --store-candidate), so heaps and JIT state
// do not leak from one candidate into the next; a candidate that needs more than `budgetS` for a
// size is not run at the larger ones.
import { spawnSync } from 'node:child_process';
import * as Y from 'yjs';
import { defaultChunkSize } from '../src/crdt/chunked-log.js';
import { GrowOnlySet } from '../src/crdt/g-set.js';

/** A representation: how one value is added to a document. */
interface Candidate {
  name: string;
  /** Returns the add function for `doc` (state such as a current chunk lives in the closure). */
  writer(doc: Y.Doc): (value: number) => void;
}

const sizes = [50_000, 100_000, 200_000, 1_000_000];
const budgetS = 5;

function chunks(size: number): Candidate {
  return {
    name: `Y.Array of per-writer chunks of ${size} (this store's layout)`,
    writer(doc) {
      const root = doc.getArray<Y.Array<number>>('v');
      let chunk: Y.Array<number> | undefined;
      let fill = size;
      return (value) => {
        if (fill < size) {
          chunk!.push([value]);
          fill++;
          return;
        }
        doc.transact(() => {
          chunk = new Y.Array<number>();
          root.push([chunk]);
          chunk.push([value]);
        });
        fill = 1;
      };
    },
  };
}

const candidates: Candidate[] = [
  { name: 'Y.Array, a push per value (before)', writer: (doc) => (value) => doc.getArray<number>('v').push([value]) },
  {
    name: 'Y.Array, a push per 200 values (a flush of adds in one insertion)',
    writer(doc) {
      const pending: number[] = [];
      return (value) => {
        pending.push(value);
        if (pending.length === 200) doc.getArray<number>('v').push(pending.splice(0));
      };
    },
  },
  { name: 'Y.Map, a key per value', writer: (doc) => (value) => doc.getMap<number>('v').set(`n${value}`, value) },
  { name: 'Y.Array, insert at 0 (never merge-adjacent)', writer: (doc) => (value) => doc.getArray<number>('v').insert(0, [value]) },
  {
    name: 'Y.Array of ContentBinary (never merged)',
    writer: (doc) => (value) => doc.getArray<Uint8Array>('v').push([new TextEncoder().encode(String(value))]),
  },
  chunks(64),
  chunks(256),
  chunks(1024),
  {
    name: `GrowOnlySet itself (chunks of ${defaultChunkSize}, materialized set, checks)`,
    writer(doc) {
      const set = (doc as Y.Doc & { set?: GrowOnlySet<number> }).set!;
      return (value) => void set.add(value);
    },
  },
];

interface Measured {
  addMs: number;
  heapMb: number;
  stateBytes: number;
  diffBytes: number;
  diffUs: number;
  applyUs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function newDoc(candidate: Candidate, clientId: number): Y.Doc {
  if (!candidate.name.startsWith('GrowOnlySet')) {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = clientId;
    return doc;
  }
  const set = new GrowOnlySet<number>({ clientId });
  return Object.assign(set.doc, { set });
}

/** One candidate at one size, in this process. */
function measure(candidate: Candidate, n: number): Measured {
  const doc = newDoc(candidate, 1);
  const add = candidate.writer(doc);
  const started = performance.now();
  for (let i = 0; i < n; i++) add(i);
  const addMs = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const state = Y.encodeStateAsUpdate(doc);
  const replica = new Y.Doc({ gc: false });
  Y.applyUpdate(replica, state);
  const diffUs: number[] = [];
  const applyUs: number[] = [];
  let diff: Uint8Array = new Uint8Array();
  for (let round = 0; round < 20; round++) {
    const sv = Y.encodeStateVector(doc);
    // 10 new values, and whatever a batching candidate still holds: flushed by a full batch.
    for (let i = 0; i < (candidate.name.includes('per 200') ? 200 : 10); i++) add(n + round * 1000 + i);
    let t = performance.now();
    diff = Y.encodeStateAsUpdate(doc, sv);
    diffUs.push((performance.now() - t) * 1000);
    t = performance.now();
    Y.applyUpdate(replica, diff);
    applyUs.push((performance.now() - t) * 1000);
  }
  return { addMs, heapMb, stateBytes: state.length, diffBytes: diff.length, diffUs: median(diffUs), applyUs: median(applyUs) };
}

/** 25 writers adding in turn, each sending every other its diff after every 200 adds of its own. */
function manyWriters(candidate: Candidate, n: number): number {
  const docs = Array.from({ length: 25 }, (_, i) => newDoc(candidate, i + 1));
  const adds = docs.map((doc) => candidate.writer(doc));
  const known = docs.map(() => docs.map((): Uint8Array => new Uint8Array([0])));
  for (let i = 0; i < n; i++) {
    const w = i % 25;
    adds[w](i);
    if ((i + 1) % 5000 !== 0) continue;
    for (let from = 0; from < 25; from++) {
      for (let to = 0; to < 25; to++) {
        if (from === to) continue;
        Y.applyUpdate(docs[to], Y.encodeStateAsUpdate(docs[from], known[from][to]));
        known[from][to] = Y.encodeStateVector(docs[to]);
      }
    }
  }
  for (const doc of docs.slice(1)) Y.applyUpdate(docs[0], Y.encodeStateAsUpdate(doc));
  return Y.encodeStateAsUpdate(docs[0]).length;
}

/** Entry point of the child process: prints one JSON result. */
export function runCandidateChild(args: string[]): void {
  const [index, n, what] = args.map((a, i) => (i < 2 ? Number(a) : a));
  const candidate = candidates[index as number];
  const result = what === 'writers' ? { stateBytes: manyWriters(candidate, n as number) } : measure(candidate, n as number);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Longest a 25-writer run may take: inserting at the front makes concurrent inserts quadratic. */
const writersTimeoutS = 180;

function inChild(bundle: string, index: number, n: number, what: 'one' | 'writers'): Record<string, number> | 'timeout' | undefined {
  const timeoutS = what === 'writers' ? writersTimeoutS : 15 * 60;
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', bundle, '--store-candidate', String(index), String(n), what], {
    encoding: 'utf8',
    timeout: timeoutS * 1000,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return 'timeout';
  if (r.status !== 0) {
    process.stderr.write(`store candidate ${candidates[index].name} at ${n}: failed (${r.stderr.trim().split('\n').slice(-1)[0] ?? r.signal})\n`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const fmt = (x: number | undefined, digits = 0): string =>
  x === undefined ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The section for docs/BENCHMARKS.md. */
export function storeCandidatesSection(bundle: string): string {
  const rows: string[] = [];
  const writerRows: string[] = [];
  candidates.forEach((candidate, index) => {
    let skip = false;
    for (const n of sizes) {
      if (skip) {
        rows.push(`| ${candidate.name} | ${fmt(n)} | not run (the size before took more than ${budgetS} s) | | | | | |`);
        continue;
      }
      const m = inChild(bundle, index, n, 'one') as Measured | 'timeout' | undefined;
      process.stderr.write(`store | ${candidate.name} | ${n}: ${m && m !== 'timeout' ? `${fmt(m.addMs)} ms` : 'failed'}\n`);
      if (!m || m === 'timeout') {
        rows.push(`| ${candidate.name} | ${fmt(n)} | failed | | | | | |`);
        skip = true;
        continue;
      }
      rows.push(
        `| ${candidate.name} | ${fmt(n)} | ${fmt(m.addMs / 1000, 2)} | ${fmt(m.heapMb)} | ${fmt(m.stateBytes)} | ${fmt(m.diffBytes)} | ${fmt(m.diffUs)} | ${fmt(m.applyUs)} |`,
      );
      skip = m.addMs > budgetS * 1000;
    }
    // Only where one writer got to 100k within the budget: the others take minutes here too.
    const ran = rows.filter((row) => row.startsWith(`| ${candidate.name} | 100,000 | `) && !row.includes('not run') && !row.includes('failed'));
    const w = ran.length > 0 ? inChild(bundle, index, 100_000, 'writers') : undefined;
    const cell = w === 'timeout' ? `over ${writersTimeoutS} s: stopped` : w ? fmt(w.stateBytes) : 'not run';
    writerRows.push(`| ${candidate.name} | ${cell} |`);
  });
  return [
    'One writer, distinct integers, one add per transaction (a node without batching); yjs 13.6. Each row runs in a fresh process; heap is `heapUsed` after the adds. The diff is of the 10 values added last (the 200-value batch candidate: of its last batch), computed against the state vector before them and applied to a replica that holds the rest; times are medians of 20.',
    '',
    '| candidate | values | adds, s | heap MB | full state, bytes | diff, bytes | diff, µs | apply diff, µs |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '25 writers, 100,000 values added in turn, every writer sending every other its diff after every 200 adds of its own; the full state of the merged document:',
    '',
    '| candidate | full state, bytes |',
    '|---|---|',
    ...writerRows,
  ].join('\n');
}
