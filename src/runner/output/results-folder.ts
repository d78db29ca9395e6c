// The results folder, laid out like Maelstrom's store (Jepsen's store.clj): one directory per
// test with results.json, the history, the message journal (streamed there during the run),
// node logs, warnings and a human report, and `latest` links to the newest run.
import { createWriteStream, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { formatExactJson } from '../base/exact-json.js';
import type { Op } from '../records/history.js';
import { formatJournalEvent, type JournalEvent } from '../records/journal.js';

export const journalFile = 'net-journal.jsonl';

/** Local time in ISO basic form, as Maelstrom names its runs: 20210223T103056.123-0500. */
function runTimestamp(date: Date): string {
  const pad = (v: number, w = 2): string => String(Math.abs(v)).padStart(w, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}T` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`
  );
}

export function createRunDir(storeDir: string, workload: string, date = new Date()): string {
  let dir = join(storeDir, workload, runTimestamp(date));
  // Two runs in the same millisecond (seed sweeps) get a suffix rather than share a folder.
  for (let k = 1; ; k++) {
    try {
      mkdirSync(dir, { recursive: false });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') mkdirSync(dirname(dir), { recursive: true });
      else if ((e as NodeJS.ErrnoException).code === 'EEXIST') dir = join(storeDir, workload, `${runTimestamp(date)}-${k}`);
      else throw e;
    }
  }
  mkdirSync(join(dir, 'node-logs'), { recursive: true });
  return dir;
}

function formatHistoryLine(op: Op): string {
  const value = op.value === undefined ? 'nil' : formatExactJson(op.value);
  const fields = [String(op.process), op.type, op.f, value];
  if (op.error !== undefined) fields.push(formatExactJson(op.error));
  return fields.join('\t');
}

export interface RunFiles {
  results?: unknown;
  history: readonly Op[];
  /** Events to write to the journal file; absent when the run streamed it there already. */
  journal?: readonly JournalEvent[];
  /** Each journal event's message as formatExactJson writes it (Journal.messageLines), so
   *  the file is written without writing every message again. */
  journalMessageLines?: readonly string[];
  report: string;
  test: unknown;
  warnings: readonly string[];
}

/** What the report needs from the files just written, so it need not read them back. */
export interface WrittenRun {
  /** history.jsonl's lines. */
  historyLines: string[];
}

export async function writeRunFiles(dir: string, files: RunFiles): Promise<WrittenRun> {
  if (files.results !== undefined) writeFileSync(join(dir, 'results.json'), `${formatExactJson(files.results, 2)}\n`);
  const historyLines = files.history.map((op) => formatExactJson(op));
  // The three line files at once: one is written out while the next chunk of another is formatted.
  const written = [
    writeLines(join(dir, 'history.jsonl'), historyLines, (line) => line),
    writeLines(join(dir, 'history.txt'), files.history, formatHistoryLine),
  ];
  writeFileSync(join(dir, 'report.txt'), files.report);
  writeFileSync(join(dir, 'test.json'), `${JSON.stringify(files.test, null, 2)}\n`);
  if (files.warnings.length > 0) writeFileSync(join(dir, 'warnings.txt'), `${files.warnings.join('\n')}\n`);
  const lines = files.journalMessageLines;
  const formatEvent =
    lines?.length === files.journal?.length ? (e: JournalEvent, i: number) => formatJournalEvent(e, lines![i]) : (e: JournalEvent) => formatExactJson(e);
  if (files.journal) written.push(writeLines(join(dir, journalFile), files.journal, formatEvent));
  await Promise.all(written);
  return { historyLines };
}

/** Lines written this many characters at a time: a write per line cost more than the lines. */
const chunkChars = 1 << 20;

/** One line per item, streamed: histories and journals can hold hundreds of thousands. */
function writeLines<T>(path: string, items: readonly T[], format: (item: T, index: number) => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    let i = 0;
    const write = (): void => {
      while (i < items.length) {
        let chunk = '';
        while (i < items.length && chunk.length < chunkChars) chunk += `${format(items[i], i++)}\n`;
        if (!out.write(chunk)) return void out.once('drain', write);
      }
      out.end(resolve);
    };
    write();
  });
}

/** Points `<store>/latest` and `<store>/<workload>/latest` at `dir`, replacing atomically. */
export function linkLatest(storeDir: string, workload: string, dir: string): void {
  for (const link of [join(storeDir, 'latest'), join(storeDir, workload, 'latest')]) {
    const tmp = `${link}.${process.pid}.tmp`;
    try {
      symlinkSync(relative(dirname(link), dir), tmp);
      renameSync(tmp, link);
    } catch {
      // A filesystem without symlinks still has the run folder itself.
    }
  }
}
