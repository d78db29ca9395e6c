// A node's stderr log keeps its head and its tail, and says what it left out between.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createNodeLog } from '../../../src/runner/hosts/node-log.js';

test('a flood of lines is capped: the first bytes, a note, the last bytes', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ygossip-log-')), 'n0.log');
  const log = createNodeLog(path, { headBytes: 1000, tailBytes: 500 });
  for (let k = 0; k < 10_000; k++) log.line(`line ${k}`);
  await log.close();
  const text = readFileSync(path, 'utf8');
  expect(text.length).toBeLessThan(1000 + 500 + 200);
  expect(text.startsWith('line 0\nline 1\n')).toBe(true);
  expect(text).toMatch(/… ygossip: \d+ lines \(\d+ bytes\) of stderr left out here …\n/);
  expect(text.endsWith('line 9998\nline 9999\n')).toBe(true);
  const omitted = Number(/(\d+) lines/.exec(text)![1]);
  const kept = text.split('\n').filter((l) => l.startsWith('line ')).length;
  expect(kept + omitted).toBe(10_000); // nothing lost without saying so
});

test('a log under the cap is written whole', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ygossip-log-')), 'n0.log');
  const log = createNodeLog(path, { headBytes: 1000, tailBytes: 500 });
  for (let k = 0; k < 10; k++) log.line(`line ${k}`);
  await log.close();
  expect(readFileSync(path, 'utf8')).toBe(Array.from({ length: 10 }, (_, k) => `line ${k}\n`).join(''));
});
