// The update-log contract (src/storage/update-log.ts), one suite run against every
// implementation: files in a data directory and the simulation's disks. Each harness says how to
// get a fresh incarnation's storage for a node's store, how to wait for a promise-like (the
// simulated disk needs its virtual clock run), and how to damage the stored bytes.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createRandom } from '../../src/runner/base/random.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';
import { createFileStorage, createMemoryDisks, type NodeStorage, type UpdateLog } from '../../src/storage/index.js';

interface Harness {
  /** Storage for a new incarnation of the process that keeps `store`'s data. */
  storage(store: string): NodeStorage;
  /** Waits for `p`, running simulated time if there is any. */
  settle<T>(p: PromiseLike<T>): Promise<T>;
  /** Rewrites the bytes of `store`'s log. */
  damage(store: string, change: (bytes: Uint8Array) => Uint8Array): void;
  /** Puts a copy of `from`'s log where `to`'s belongs (an operator's mistake). */
  copy(from: string, to: string): void;
  /** How errors about `store` name it. */
  fileOf(store: string): RegExp;
  /** The files kept beside `store`'s log (torn tails), by the name a warning gives. */
  kept(store: string): Map<string, Uint8Array>;
  cleanup(): void;
}

function fileHarness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'ygossip-log-'));
  const path = (store: string): string => join(dir, store, 'updates.log');
  return {
    storage: () => createFileStorage(dir),
    settle: async (p) => p,
    damage(store, change) {
      writeFileSync(path(store), change(new Uint8Array(readFileSync(path(store)))));
    },
    copy(from, to) {
      mkdirSync(join(dir, to), { recursive: true });
      copyFileSync(path(from), path(to));
    },
    fileOf: (store) => new RegExp(path(store).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    kept: (store) =>
      new Map(
        readdirSync(join(dir, store))
          .filter((name) => name.startsWith('updates.log.torn-'))
          .map((name) => [join(dir, store, name), new Uint8Array(readFileSync(join(dir, store, name)))]),
      ),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function memoryHarness(): Harness {
  const clock = createVirtualClock();
  const disks = createMemoryDisks({ clock, random: createRandom(7) });
  const handles = new Map<string, ReturnType<typeof disks.forNode>>();
  return {
    storage(store) {
      // A new incarnation: the earlier one is gone (its writes finished or were lost).
      handles.get(store)?.crash();
      const handle = disks.forNode(store);
      handles.set(store, handle);
      return handle;
    },
    async settle(p) {
      let outcome: { ok: boolean; value?: unknown; error?: unknown } | undefined;
      p.then(
        (value) => void (outcome = { ok: true, value }),
        (error) => void (outcome = { ok: false, error }),
      );
      // Native promises built on completions settle a microtask later: let them, then run on.
      for (let spins = 0; !outcome && spins < 100; spins++) {
        clock.runWhile(() => outcome !== undefined);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (!outcome) throw new Error('never settled, even with every timer run');
      if (!outcome.ok) throw outcome.error;
      return outcome.value as Awaited<typeof p>;
    },
    damage(store, change) {
      disks.setBytes(store, change(disks.bytes(store)!));
    },
    copy(from, to) {
      disks.setBytes(to, disks.bytes(from)!);
    },
    fileOf: (store) => new RegExp(`memory disk ${store}\\b`),
    kept: (store) => new Map(disks.keptFiles(store)),
    cleanup: () => {},
  };
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const updates = Array.from({ length: 5 }, (_, i) => bytes(i, i + 1, i + 2, 200 + i));

describe.each([
  ['files', fileHarness],
  ['memory disk', memoryHarness],
])('update log on %s', (_name, makeHarness) => {
  let h: Harness;
  let opened: UpdateLog[] = [];
  afterEach(async () => {
    for (const log of opened) await h.settle(log.close());
    opened = [];
    h?.cleanup();
  });

  /** Opens `nodeId`'s store in a new incarnation of that node. */
  async function open(nodeId = 'n1', warnings: string[] = []): Promise<UpdateLog> {
    const log = await h.settle(h.storage(nodeId).open(nodeId, { warn: (l) => warnings.push(l) }));
    opened.push(log);
    return log;
  }

  async function filled(): Promise<void> {
    const log = await open();
    for (const u of updates) await h.settle(log.append(u));
    await h.settle(log.close());
  }

  test('a new store is empty; appends come back in order after a restart', async () => {
    h = makeHarness();
    const log = await open();
    expect(await h.settle(log.load())).toEqual([]);
    await filled();
    const again = await open();
    expect(await h.settle(again.load())).toEqual(updates);
  });

  test('appends made together all settle, in order, and are all durable', async () => {
    h = makeHarness();
    const log = await open();
    const order: number[] = [];
    const all = updates.map((u, i) => log.append(u).then(() => void order.push(i)));
    await h.settle(Promise.all(all));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(await h.settle((await open()).load())).toEqual(updates);
  });

  test('compaction replaces everything by one state; later appends follow it', async () => {
    h = makeHarness();
    const log = await open();
    for (const u of updates) await h.settle(log.append(u));
    const state = bytes(9, 9, 9);
    await h.settle(log.compact(state));
    await h.settle(log.append(bytes(1)));
    expect(await h.settle(log.load())).toEqual([state, bytes(1)]);
    await h.settle(log.close());
    expect(await h.settle((await open()).load())).toEqual([state, bytes(1)]);
  });

  test('close writes what was queued; appends after it are refused', async () => {
    h = makeHarness();
    const log = await open();
    const pending = updates.map((u) => log.append(u));
    await h.settle(log.close());
    await h.settle(Promise.all(pending));
    await expect(h.settle(log.append(bytes(1)))).rejects.toThrow(/closed|gone/);
    expect(await h.settle((await open()).load())).toEqual(updates);
  });

  test("another node's store is refused, naming the file", async () => {
    h = makeHarness();
    await filled();
    h.copy('n1', 'n2');
    await expect(open('n2')).rejects.toThrow(h.fileOf('n2'));
    await expect(open('n2')).rejects.toThrow(/belongs to node n1, not n2/);
  });

  test('a damaged record is refused, naming the file', async () => {
    h = makeHarness();
    await filled();
    h.damage('n1', (b) => {
      const copy = new Uint8Array(b);
      copy[copy.length - 20] ^= 0x40; // inside the second-to-last record
      return copy;
    });
    await expect(open()).rejects.toThrow(h.fileOf('n1'));
    await expect(open()).rejects.toThrow(/corrupt: record 4 .*checksum/);
  });

  test('a store cut inside its header, or empty, is refused, naming the file and the offset', async () => {
    h = makeHarness();
    await filled();
    h.damage('n1', (b) => b.subarray(0, 14));
    await expect(open()).rejects.toThrow(h.fileOf('n1'));
    await expect(open()).rejects.toThrow(/cut short at byte 14, inside its header/);
    h.damage('n1', (b) => b.subarray(0, 5));
    await expect(open()).rejects.toThrow(/cut short at byte 5, inside its header/);
    h.damage('n1', () => new Uint8Array(0));
    await expect(open()).rejects.toThrow(/empty/);
    h.damage('n1', () => new TextEncoder().encode('{"not":"a log"}'));
    await expect(open()).rejects.toThrow(/not a ygossip update log/);
  });

  test('a store cut at a record boundary, or right after its header, is refused: never a shorter set', async () => {
    h = makeHarness();
    await filled();
    let whole: Uint8Array = new Uint8Array(0);
    h.damage('n1', (b) => (whole = b));
    const headerEnd = whole.length - updates.length * 16;
    for (const cut of [headerEnd, headerEnd + 16, whole.length - 16]) {
      h.damage('n1', () => whole.subarray(0, cut));
      await expect(open()).rejects.toThrow(h.fileOf('n1'));
      await expect(open()).rejects.toThrow(new RegExp(`cut short at byte ${cut}: ${whole.length} bytes were committed`));
    }
    h.damage('n1', () => whole);
    expect(await h.settle((await open()).load())).toEqual(updates);
  });

  test('a cut inside an acknowledged record is refused, not called an unfinished write', async () => {
    h = makeHarness();
    await filled();
    h.damage('n1', (b) => b.subarray(0, b.length - 3));
    const warnings: string[] = [];
    await expect(open('n1', warnings)).rejects.toThrow(/cut short at byte \d+: .* so 3 acknowledged bytes are missing/);
    expect(warnings).toEqual([]);
  });

  test('a torn tail past the last commit is cut off with a warning naming file, offset and bytes; its bytes are kept beside the log', async () => {
    h = makeHarness();
    await filled();
    let end = 0;
    const torn = new Uint8Array([9, 0, 0, 0, 1, 2, 3]);
    h.damage('n1', (b) => {
      end = b.length;
      return new Uint8Array([...b, ...torn]);
    });
    const warnings: string[] = [];
    const log = await open('n1', warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(h.fileOf('n1'));
    expect(warnings[0]).toMatch(
      new RegExp(
        `recovered to byte ${end} \\(5 whole records; .*dropped the 7 bytes after it \\(cut short: .*never acknowledged\\), kept in .*\\.torn-${end}$`,
      ),
    );
    expect([...h.kept('n1').values()]).toEqual([torn]);
    expect([...h.kept('n1').keys()][0]).toMatch(new RegExp(`(updates\\.log|memory disk n1)\\.torn-${end}$`));
    expect(log.recovery.cut).toMatchObject({ offset: end, bytes: 7, kind: 'cut short' });
    expect(await h.settle(log.load())).toEqual(updates);
    await h.settle(log.append(bytes(7)));
    await h.settle(log.close());
    expect(await h.settle((await open()).load())).toEqual([...updates, bytes(7)]);
  });

  test('4 KiB of zeros after the last record (a crash that extended the file) keep every acknowledged value', async () => {
    h = makeHarness();
    await filled();
    let end = 0;
    h.damage('n1', (b) => {
      end = b.length;
      return new Uint8Array([...b, ...new Uint8Array(4096)]);
    });
    const warnings: string[] = [];
    const log = await open('n1', warnings);
    expect(warnings[0]).toMatch(new RegExp(`recovered to byte ${end} .*dropped the 4096 bytes after it \\(zeros:`));
    expect(await h.settle(log.load())).toEqual(updates);
    expect([...h.kept('n1').values()]).toEqual([new Uint8Array(4096)]);
    // A second torn tail at the same offset never overwrites the first one's bytes.
    await h.settle(log.close());
    h.damage('n1', (b) => new Uint8Array([...b, 1, 2]));
    await open('n1');
    expect([...h.kept('n1').values()].map((k) => k.length).sort()).toEqual([2, 4096]);
  });
});
