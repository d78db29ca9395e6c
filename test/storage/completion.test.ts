// Completions run their callbacks synchronously, so a chain finishes inside the call that
// settles it (what the virtual clock needs), and they follow thenables like promises do.
import { expect, test } from 'vitest';
import { Completion } from '../../src/storage/completion.js';

test('callbacks run in the call that settles, in order, through chains', () => {
  const seen: string[] = [];
  const c = new Completion<number>();
  c.then((v) => v + 1)
    .then((v) => Completion.resolved(v * 10))
    .then((v) => void seen.push(`a${v}`));
  c.then(() => {
    throw new Error('boom');
  }).then(undefined, (e) => void seen.push(`b ${(e as Error).message}`));
  expect(seen).toEqual([]);
  c.resolve(1);
  expect(seen).toEqual(['a20', 'b boom']);
  c.resolve(5);
  c.then((v) => void seen.push(`late ${v}`));
  expect(seen).toEqual(['a20', 'b boom', 'late 1']);
});

test('all settles with every value, or at the first rejection', () => {
  const a = new Completion<number>();
  const b = new Completion<number>();
  let out: unknown;
  Completion.all([a, b]).then((v) => void (out = v));
  b.resolve(2);
  expect(out).toBeUndefined();
  a.resolve(1);
  expect(out).toEqual([1, 2]);
  Completion.all([Completion.rejected(new Error('x')), new Completion()]).then(undefined, (e) => void (out = (e as Error).message));
  expect(out).toBe('x');
});

test('it follows a native promise and can be awaited', async () => {
  const c = Completion.resolved(Promise.resolve(7));
  expect(c.settled).toBe(false);
  expect(await c).toBe(7);
  await expect(Completion.rejected(new Error('no'))).rejects.toThrow('no');
});
