// What durability costs per node: a durable append (one at a time, as a lone client waits for
// its ack, and many at once, as group commit batches them) and recovery (open, read, replay
// into the store) for 1k and 10k updates, on the update-log files and on the simulated disk
// (CPU only: its delays are virtual). With YLEVELDB_MODULE=<path to y-leveldb's entry> it also
// measures y-leveldb, the alternative the file log was measured against. Wall-clock figures:
// run it on a quiet machine.
//
//   npx esbuild bench/storage-cost.ts --bundle --platform=node --format=esm \
//     --outfile=/tmp/storage-cost.mjs && node /tmp/storage-cost.mjs
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { GrowOnlySet } from '../src/crdt/g-set.js';
import { createRandom } from '../src/runner/base/random.js';
import { createVirtualClock } from '../src/runner/sim/virtual-clock.js';
import { createFileStorage, createMemoryDisks, type NodeStorage, type UpdateLog } from '../src/storage/index.js';

/** n incremental updates, each one broadcast value added to a grow-only set. */
function updates(n: number): Uint8Array[] {
  const set = new GrowOnlySet<number>();
  const out: Uint8Array[] = [];
  set.doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) set.add(i);
  return out;
}

function replay(records: Uint8Array[]): GrowOnlySet<number> {
  const set = new GrowOnlySet<number>();
  for (const r of records) set.apply(r, 'disk');
  return set;
}

const ms = (t: number): string => `${(performance.now() - t).toFixed(0)} ms`;

async function measureLog(
  name: string,
  storage: () => NodeStorage,
  settle: <T>(p: PromiseLike<T>) => Promise<T>,
  size: (store: string) => string,
): Promise<void> {
  for (const n of [1000, 10000]) {
    const us = updates(n);
    const log: UpdateLog = await settle(storage().open(`seq${n}`));
    const sequentialN = Math.min(n, 1000);
    let t = performance.now();
    for (const u of us.slice(0, sequentialN)) await settle(log.append(u));
    const sequential = performance.now() - t;
    const batch: UpdateLog = await settle(storage().open(`all${n}`));
    t = performance.now();
    await settle(Promise.all(us.map((u) => batch.append(u))));
    const together = ms(t);
    await settle(batch.close());
    await settle(log.close());
    const stored = size(`all${n}`);
    t = performance.now();
    const reopened = await settle(storage().open(`all${n}`));
    const records = await settle(reopened.load());
    const set = replay(records);
    const recovery = ms(t);
    await settle(reopened.compact(Y.encodeStateAsUpdate(set.doc)));
    await settle(reopened.close());
    t = performance.now();
    const compacted = replay(await settle((await settle(storage().open(`all${n}`))).load()));
    const afterCompaction = ms(t);
    if (compacted.size !== n) throw new Error(`recovered ${compacted.size} of ${n}`);
    console.log(
      `${name} n=${n}: one at a time ${((sequential / sequentialN) * 1000).toFixed(0)} µs/append (over ${sequentialN}); ` +
        `all at once ${together}; recovery ${recovery} (${records.length} records, ${stored}), after compaction ${afterCompaction}`,
    );
  }
}

async function measureLevelDb(modulePath: string): Promise<void> {
  const { LeveldbPersistence } = await import(modulePath);
  for (const n of [1000, 10000]) {
    const dir = mkdtempSync(join(tmpdir(), 'ygossip-ldb-'));
    const us = updates(n);
    const seq = new LeveldbPersistence(join(dir, 'seq'));
    let t = performance.now();
    for (const u of us.slice(0, 1000)) await seq.storeUpdate('doc', u);
    const sequential = performance.now() - t;
    await seq.destroy();
    const all = new LeveldbPersistence(join(dir, 'all'));
    t = performance.now();
    await Promise.all(us.map((u) => all.storeUpdate('doc', u)));
    const together = ms(t);
    await all.destroy();
    const again = new LeveldbPersistence(join(dir, 'all'));
    t = performance.now();
    const doc = await again.getYDoc('doc');
    const recovery = ms(t);
    const length = doc.getArray('values').length;
    await again.destroy();
    rmSync(dir, { recursive: true, force: true });
    console.log(
      `y-leveldb n=${n}: one at a time ${((sequential / 1000) * 1000).toFixed(0)} µs/append (over 1000); all at once ${together}; recovery ${recovery} (${length} values)`,
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ygossip-cost-'));
  try {
    const bytes = (store: string): string => `${statSync(join(dir, store, 'updates.log')).size / 1000} kB`;
    await measureLog(
      'file log',
      () => createFileStorage(dir),
      async (p) => p,
      bytes,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const clock = createVirtualClock();
  const disks = createMemoryDisks({ clock, random: createRandom(1) });
  const settle = async <T>(p: PromiseLike<T>): Promise<T> => {
    let done = false;
    const out = Promise.resolve(p).finally(() => void (done = true));
    while (!done) {
      clock.runWhile(() => done);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  };
  await measureLog(
    'memory disk (CPU only)',
    () => ({ open: (id) => disks.forNode(id).open(id) }),
    settle,
    (store) => `${(disks.bytes(store)?.length ?? 0) / 1000} kB`,
  );
  if (process.env.YLEVELDB_MODULE) await measureLevelDb(process.env.YLEVELDB_MODULE);
}

await main();
