// Reads a JSON-lines file one value at a time, so a journal of hundreds of thousands of events
// never sits in memory as a whole.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface JsonLinesRead {
  present: boolean;
  /** Lines that did not parse (a run cut off mid-write leaves a partial last line): skipped. */
  badLines: number;
}

/** Calls `onValue` for each non-blank line's value, in file order. */
export async function readJsonLines(path: string, onValue: (value: unknown) => void): Promise<JsonLinesRead> {
  try {
    await access(path);
  } catch {
    return { present: false, badLines: 0 };
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let badLines = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      badLines++;
      continue;
    }
    onValue(value);
  }
  return { present: true, badLines };
}
