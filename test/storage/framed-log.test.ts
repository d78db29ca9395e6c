// Group commit and failure handling of the log over a medium, with a medium whose writes finish
// only when the test says so.
import { expect, test } from 'vitest';
import { Completion } from '../../src/storage/completion.js';
import { openFramedLog, type LogMedium } from '../../src/storage/framed-log.js';
import type { UpdateLog } from '../../src/storage/update-log.js';

interface Write {
  kind: 'append' | 'replace';
  bytes: Uint8Array;
  done: Completion<void>;
}

function scriptedMedium(): { medium: LogMedium; writes: Write[] } {
  const writes: Write[] = [];
  const write = (kind: Write['kind'], bytes: Uint8Array): Completion<void> => {
    const done = new Completion<void>();
    writes.push({ kind, bytes, done });
    return done;
  };
  const medium: LogMedium = {
    name: 'scripted',
    read: () => Completion.resolved<Uint8Array | undefined>(undefined),
    append: (bytes) => write('append', bytes),
    replace: (bytes) => write('replace', bytes),
    close: () => Completion.resolved<void>(undefined),
  };
  return { medium, writes };
}

function openLog(): { log: UpdateLog; writes: Write[] } {
  const { medium, writes } = scriptedMedium();
  let log: UpdateLog | undefined;
  openFramedLog(medium, 'n1').then((l) => void (log = l));
  writes.shift()!.done.resolve(); // the new log's header
  return { log: log!, writes };
}

test('appends made while a write is under way go out together in the next one', () => {
  const { log, writes } = openLog();
  const settled: number[] = [];
  log.append(new Uint8Array([0])).then(() => void settled.push(0));
  expect(writes).toHaveLength(1);
  for (let i = 1; i <= 100; i++) log.append(new Uint8Array([i])).then(() => void settled.push(i));
  expect(writes).toHaveLength(1);
  writes[0].done.resolve();
  expect(settled).toEqual([0]);
  expect(writes).toHaveLength(2);
  expect(writes[1].bytes.length).toBe(100 * (12 + 1));
  writes[1].done.resolve();
  expect(settled).toEqual(Array.from({ length: 101 }, (_, i) => i));
});

test('a failed write fails its appends, the queued ones and every later one', () => {
  const { log, writes } = openLog();
  const outcomes: string[] = [];
  const track = (p: PromiseLike<void>, name: string): void => void p.then(() => outcomes.push(`${name} ok`), (e) => outcomes.push(`${name} ${(e as Error).message}`));
  track(log.append(new Uint8Array([1])), 'a');
  track(log.append(new Uint8Array([2])), 'b');
  writes[0].done.reject(new Error('ENOSPC'));
  track(log.append(new Uint8Array([3])), 'c');
  expect(outcomes).toEqual(['a ENOSPC', 'b ENOSPC', 'c ENOSPC']);
  expect(writes).toHaveLength(1);
});
