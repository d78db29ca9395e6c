// Group commit, commits and failures of the log over a medium, with a medium whose writes finish
// only when the test says so; and recovery's order: the torn tail is kept before the log is
// rewritten without it.
import { expect, test } from 'vitest';
import { Completion } from '../../src/storage/completion.js';
import { openFramedLog, type LogMedium } from '../../src/storage/framed-log.js';
import { commitOffset, concatBytes, decodeLog, encodeCommit, encodeFrame, encodeLog } from '../../src/storage/log-format.js';
import type { UpdateLog } from '../../src/storage/update-log.js';

interface Write {
  kind: 'write' | 'replace' | 'keep';
  offset?: number;
  name?: string;
  bytes: Uint8Array;
  done: Completion<unknown>;
}

function scriptedMedium(stored?: Uint8Array): { medium: LogMedium; writes: Write[] } {
  const writes: Write[] = [];
  const record = <T>(w: Omit<Write, 'done'>): Completion<T> => {
    const done = new Completion<T>();
    writes.push({ ...w, done: done as Completion<unknown> });
    return done;
  };
  const medium: LogMedium = {
    name: 'scripted',
    read: () => Completion.resolved<Uint8Array | undefined>(stored),
    write: (offset, bytes) => record<void>({ kind: 'write', offset, bytes }),
    replace: (bytes) => record<void>({ kind: 'replace', bytes }),
    keep: (suffix, bytes) => record<string>({ kind: 'keep', name: `scripted.${suffix}`, bytes }),
    close: () => Completion.resolved<void>(undefined),
  };
  return { medium, writes };
}

function openLog(): { log: UpdateLog; writes: Write[] } {
  const { medium, writes } = scriptedMedium();
  let log: UpdateLog | undefined;
  openFramedLog(medium, 'n1').then((l) => void (log = l));
  writes.shift()!.done.resolve(undefined); // the new log
  return { log: log!, writes };
}

test('an append is its frames, then its commit slot; appends made meanwhile go out together next', () => {
  const { log, writes } = openLog();
  const start = encodeLog({ node: 'n1' }).length;
  const settled: number[] = [];
  log.append(new Uint8Array([0])).then(() => void settled.push(0));
  for (let i = 1; i <= 100; i++) log.append(new Uint8Array([i])).then(() => void settled.push(i));
  expect(writes.map((w) => [w.kind, w.offset])).toEqual([['write', start]]);
  writes[0].done.resolve(undefined);
  expect(settled).toEqual([]); // durable, but not yet committed: no acknowledgement
  expect(writes[1]).toMatchObject({ kind: 'write', offset: commitOffset(2), bytes: encodeCommit(2, start + 13) });
  writes[1].done.resolve(undefined);
  expect(settled).toEqual([0]);
  expect(writes[2]).toMatchObject({ kind: 'write', offset: start + 13 });
  expect(writes[2].bytes.length).toBe(100 * 13);
  writes[2].done.resolve(undefined);
  writes[3].done.resolve(undefined);
  expect(writes[3]).toMatchObject({ offset: commitOffset(3), bytes: encodeCommit(3, start + 101 * 13) });
  expect(settled).toEqual(Array.from({ length: 101 }, (_, i) => i));
});

test('a failed data or commit sync fails its appends, the queued ones and every later one, and is never retried', () => {
  for (const failing of [0, 1]) {
    const { log, writes } = openLog();
    const outcomes: string[] = [];
    const track = (p: PromiseLike<void>, name: string): void =>
      void p.then(
        () => outcomes.push(`${name} ok`),
        (e) => outcomes.push(`${name} ${(e as Error).message}`),
      );
    track(log.append(new Uint8Array([1])), 'a');
    track(log.append(new Uint8Array([2])), 'b');
    if (failing === 1) writes[0].done.resolve(undefined);
    writes[failing].done.reject(new Error('EIO'));
    track(log.append(new Uint8Array([3])), 'c');
    expect(outcomes).toEqual(['a EIO', 'b EIO', 'c EIO']);
    expect(writes).toHaveLength(failing + 1);
    log.close();
    expect(writes).toHaveLength(failing + 1);
  }
});

test('recovery keeps the torn tail first, then rewrites the log without it, and warns with file, offset and bytes', () => {
  const committed = encodeLog({ node: 'n1' }, [new Uint8Array([1])]);
  const torn = encodeFrame(new Uint8Array([2, 2, 2, 2])).subarray(0, 9);
  const { medium, writes } = scriptedMedium(concatBytes([committed, torn]));
  const warnings: string[] = [];
  let log: UpdateLog | undefined;
  openFramedLog(medium, 'n1', { warn: (w) => warnings.push(w) }).then((l) => void (log = l));
  expect(writes.map((w) => w.kind)).toEqual(['keep']);
  expect(writes[0]).toMatchObject({ name: `scripted.torn-${committed.length}`, bytes: torn });
  writes[0].done.resolve(`scripted.torn-${committed.length}`);
  expect(writes[1]).toMatchObject({ kind: 'replace', bytes: committed });
  expect(log).toBeUndefined();
  writes[1].done.resolve(undefined);
  expect(log!.recovery).toEqual({
    records: 1,
    uncommitted: 0,
    cut: { offset: committed.length, bytes: 9, kind: 'cut short', keptIn: `scripted.torn-${committed.length}` },
  });
  expect(warnings).toEqual([
    expect.stringMatching(
      new RegExp(
        `^scripted: recovered to byte ${committed.length} .* dropped the 9 bytes after it \\(cut short: .*\\), kept in scripted\\.torn-${committed.length}$`,
      ),
    ),
  ]);
  // Appends go on after the recovered end, with the next commit.
  log!.append(new Uint8Array([3]));
  expect(writes[2]).toMatchObject({ kind: 'write', offset: committed.length });
});

test('if the torn tail cannot be kept, the log is not touched and the open fails', () => {
  const committed = encodeLog({ node: 'n1' }, [new Uint8Array([1])]);
  const { medium, writes } = scriptedMedium(concatBytes([committed, new Uint8Array(4096)]));
  let failure: unknown;
  openFramedLog(medium, 'n1').then(undefined, (e) => void (failure = e));
  writes[0].done.reject(new Error('ENOSPC'));
  expect(String(failure)).toMatch(/ENOSPC/);
  expect(writes.map((w) => w.kind)).toEqual(['keep']);
});

test('whole records written past the committed length are kept and committed by the rewrite', () => {
  const committed = encodeLog({ node: 'n1' }, [new Uint8Array([1])]);
  const { medium, writes } = scriptedMedium(concatBytes([committed, encodeFrame(new Uint8Array([2]))]));
  const warnings: string[] = [];
  let log: UpdateLog | undefined;
  openFramedLog(medium, 'n1', { warn: (w) => warnings.push(w) }).then((l) => void (log = l));
  expect(writes.map((w) => w.kind)).toEqual(['replace']);
  expect(decodeLog(writes[0].bytes, 'f')).toMatchObject({ records: [new Uint8Array([1]), new Uint8Array([2])], uncommittedRecords: 0 });
  writes[0].done.resolve(undefined);
  expect(log!.recovery).toEqual({ records: 2, uncommitted: 1 });
  expect(warnings).toEqual([expect.stringMatching(/kept 1 whole records written past the committed length/)]);
});
