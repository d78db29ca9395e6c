// The real file storage, watched through its file-system layer: no append settles before the
// fdatasync of its frames and then of its commit slot have both returned, each begun after the
// bytes it covers were written (so skipping a sync, or not awaiting it, fails here); a failed
// sync rejects the append and every later one and is never retried; the log reopens from what
// the file holds.
import * as fsp from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createFileStorage, type LogFileHandle, type LogFileSystem, type UpdateLog } from '../../src/storage/index.js';

type Event = { kind: 'write'; path: string; position: number; length: number } | { kind: 'sync begun' | 'sync done' | 'sync failed'; path: string; id: number };

/** node:fs/promises with every write and datasync recorded; each datasync waits until `release`d (or `fail`ed). */
function spyFileSystem() {
  const events: Event[] = [];
  const held: { id: number; path: string; go: () => void; fail: (e: Error) => void }[] = [];
  let waiter: (() => void) | undefined;
  let nextId = 0;
  const wrap = (path: string, handle: fsp.FileHandle): LogFileHandle => ({
    async write(buffer, offset, length, position) {
      const r = await handle.write(buffer, offset, length, position);
      events.push({ kind: 'write', path, position, length: r.bytesWritten });
      return r;
    },
    async datasync() {
      const id = nextId++;
      events.push({ kind: 'sync begun', path, id });
      await new Promise<void>((go, fail) => {
        held.push({ id, path, go, fail });
        waiter?.();
      });
      await handle.datasync();
      events.push({ kind: 'sync done', path, id });
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  });
  const fs: LogFileSystem = {
    open: async (path, flags) => wrap(path, await fsp.open(path, flags)),
    readFile: (path) => fsp.readFile(path),
    rename: (from, to) => fsp.rename(from, to),
    mkdir: async (path) => void (await fsp.mkdir(path, { recursive: true })),
  };
  /**
   * Resolves once some datasync is waiting (an event, not a sleep); rejects if `unsettled`
   * settles first, for an append that settles with no sync waiting is one that skipped it.
   */
  const nextSync = async (unsettled?: PromiseLike<unknown>): Promise<(typeof held)[number]> => {
    let settled = false;
    const settle = () => {
      settled = true;
      waiter?.();
    };
    void unsettled?.then(settle, settle);
    while (held.length === 0) {
      if (settled) throw new Error('the append settled with no sync under way');
      await new Promise<void>((resolve) => (waiter = resolve));
    }
    waiter = undefined;
    return held.shift()!;
  };
  return { fs, events, nextSync };
}

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function openWithSpy() {
  dir = mkdtempSync(join(tmpdir(), 'ygossip-fsync-'));
  const spy = spyFileSystem();
  const opening = createFileStorage(dir, { fs: spy.fs }).open('n1');
  // A new log: the file, then the directory (whose sync is not a datasync) are synced.
  (await spy.nextSync()).go();
  const log = (await opening) as UpdateLog;
  return { ...spy, log, file: join(dir, 'n1', 'updates.log') };
}

test('an append settles only after its frames and then its commit slot were synced, each sync begun after its write', async () => {
  const { log, events, nextSync, file } = await openWithSpy();
  for (let round = 0; round < 3; round++) {
    let settled = false;
    const append = log.append(new Uint8Array([round, 1, 2, 3])).then(() => void (settled = true));
    const dataSync = await nextSync(append);
    await Promise.resolve();
    expect(settled).toBe(false);
    dataSync.go();
    const commitSync = await nextSync(append);
    expect(settled).toBe(false);
    commitSync.go();
    await append;
    // In the file's event order: frames written, their sync begun and done, slot written, its sync begun and done.
    const mine = events.filter((e) => e.path === file).slice(-6);
    expect(mine.map((e) => e.kind)).toEqual(['write', 'sync begun', 'sync done', 'write', 'sync begun', 'sync done']);
    expect(mine[0]).toMatchObject({ length: 16 });
    expect(mine[3]).toMatchObject({ length: 16, position: round % 2 === 0 ? 8 : 24 });
  }
});

test('a failed sync rejects the append and every later one, is never retried, and the log reopens', async () => {
  const { log, events, nextSync, file } = await openWithSpy();
  const first = log.append(new Uint8Array([1]));
  (await nextSync(first)).go();
  (await nextSync(first)).go();
  await first;
  const second = log.append(new Uint8Array([2]));
  const third = log.append(new Uint8Array([3]));
  const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
  (await nextSync(second)).fail(eio);
  await expect(second).rejects.toThrow(/updates\.log: fsync failed \(EIO\)/);
  await expect(third).rejects.toThrow(/fsync failed/);
  await expect(log.append(new Uint8Array([4]))).rejects.toThrow(/fsync failed/);
  const syncsAfter = events.filter((e) => e.path === file && e.kind === 'sync begun').length;
  await log.close();
  expect(events.filter((e) => e.path === file && e.kind === 'sync begun').length).toBe(syncsAfter);
  // Reopened without the spy: the acknowledged record, and at most the one whose sync failed.
  const again = await createFileStorage(dir).open('n1');
  const records = await again.load();
  expect(records[0]).toEqual(new Uint8Array([1]));
  expect(records.length).toBeLessThanOrEqual(2);
  await again.close();
});
