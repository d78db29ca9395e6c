// The shipped bins over real stdio: init, add, read, and the exact lines they write.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // `npm test` builds first; build here only when the bundle is missing or older than src/.
  const bundle = join(root, 'dist', 'node.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(join(root, 'src'))) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'inherit' });
  }
}, 120_000);

/** Feeds `requests` one at a time, each after the previous reply, and returns every reply body. */
async function converse(bin: string, requests: object[]): Promise<{ lines: string[]; bodies: Record<string, unknown>[] }> {
  const child = spawn(process.execPath, [join(root, 'bin', bin)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    waiting.shift()?.(line);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    for (const body of requests) {
      const src = (body as { type: string }).type === 'init' ? 'c0' : 'c5';
      const reply = new Promise<string>((resolve, reject) => {
        waiting.push(resolve);
        child.once('exit', () => reject(new Error(`${bin} exited; stderr:\n${stderr}`)));
      });
      child.stdin.write(`${JSON.stringify({ src, dest: 'n1', body })}\n`);
      await reply;
    }
  } finally {
    clearTimeout(timer);
    child.stdin.end();
    child.kill();
  }
  return { lines, bodies: lines.map((l) => (JSON.parse(l) as { body: Record<string, unknown> }).body) };
}

const init = { type: 'init', node_id: 'n1', node_ids: ['n1'], msg_id: 1 };

describe('bins over stdio', () => {
  test('g-set', async () => {
    const { bodies, lines } = await converse('g-set', [
      init,
      { type: 'add', element: 3, msg_id: 2 },
      { type: 'add', element: 1, msg_id: 3 },
      { type: 'add', msg_id: 4 },
      { type: 'read', msg_id: 5 },
    ]);
    expect(bodies[0]).toEqual({ type: 'init_ok', in_reply_to: 1 });
    expect(bodies[1]).toEqual({ type: 'add_ok', in_reply_to: 2 });
    expect(bodies[2]).toEqual({ type: 'add_ok', in_reply_to: 3 });
    expect(bodies[3]).toMatchObject({ type: 'error', code: 12, in_reply_to: 4 });
    expect(bodies[4]).toEqual({ type: 'read_ok', in_reply_to: 5, value: [3, 1] });
    expect(JSON.parse(lines[4])).toMatchObject({ src: 'n1', dest: 'c5' });
  });

  test('g-counter', async () => {
    const { bodies } = await converse('g-counter', [
      init,
      { type: 'add', delta: 4, msg_id: 2 },
      { type: 'add', delta: -1, msg_id: 3 },
      { type: 'add', delta: 0, msg_id: 4 },
      { type: 'read', msg_id: 5 },
    ]);
    expect(bodies[0]).toEqual({ type: 'init_ok', in_reply_to: 1 });
    expect(bodies[1]).toEqual({ type: 'add_ok', in_reply_to: 2 });
    expect(bodies[2]).toMatchObject({ type: 'error', code: 12, in_reply_to: 3 });
    expect(String(bodies[2].text)).toContain('"delta"');
    expect(bodies[3]).toEqual({ type: 'add_ok', in_reply_to: 4 });
    expect(bodies[4]).toEqual({ type: 'read_ok', in_reply_to: 5, value: 4 });
  });

  test('pn-counter, exact past 2^53', async () => {
    const { bodies, lines } = await converse('pn-counter', [
      init,
      { type: 'add', delta: -5, msg_id: 2 },
      { type: 'add', delta: Number.MAX_SAFE_INTEGER, msg_id: 3 },
      { type: 'add', delta: Number.MAX_SAFE_INTEGER, msg_id: 4 },
      { type: 'add', delta: 1.5, msg_id: 5 },
      { type: 'read', msg_id: 6 },
    ]);
    expect(bodies.slice(1, 4)).toEqual([2, 3, 4].map((id) => ({ type: 'add_ok', in_reply_to: id })));
    expect(bodies[4]).toMatchObject({ type: 'error', code: 12, in_reply_to: 5 });
    expect(lines[5]).toBe(`{"src":"n1","dest":"c5","body":{"type":"read_ok","value":${2n * BigInt(Number.MAX_SAFE_INTEGER) - 5n},"in_reply_to":6}}`);
  });

  test('unique-ids: the node id, a number of this process start, a counter', async () => {
    const requests = [init, ...[2, 3, 4].map((msg_id) => ({ type: 'generate', msg_id }))];
    const first = await converse('unique-ids', requests);
    const second = await converse('unique-ids', requests);
    const ids = [...first.bodies.slice(1), ...second.bodies.slice(1)].map((b) => b.id);
    expect(first.bodies[1]).toMatchObject({ type: 'generate_ok', in_reply_to: 2 });
    expect(Object.keys(first.bodies[1]).sort()).toEqual(['id', 'in_reply_to', 'type']);
    expect(ids.every((id) => typeof id === 'string' && id.startsWith('n1-'))).toBe(true);
    // A restarted process never repeats its predecessor's ids.
    expect(new Set(ids).size).toBe(6);
  });

  test('txn-rw-register: a transaction answered with its reads filled in, own writes seen; a bad one refused', async () => {
    const { lines, bodies } = await converse('txn-rw-register', [
      init,
      {
        type: 'txn',
        msg_id: 2,
        txn: [
          ['r', 1, null],
          ['w', 1, 6],
          ['r', 1, null],
          ['w', 2, 9],
        ],
      },
      {
        type: 'txn',
        msg_id: 3,
        txn: [
          ['r', 1, null],
          ['r', 2, null],
          ['r', 3, null],
        ],
      },
      { type: 'txn', msg_id: 4, txn: [['append', 1, 1]] },
    ]);
    expect(lines[1]).toBe('{"src":"n1","dest":"c5","body":{"type":"txn_ok","txn":[["r",1,null],["w",1,6],["r",1,6],["w",2,9]],"in_reply_to":2}}');
    expect(bodies[2]).toEqual({
      type: 'txn_ok',
      txn: [
        ['r', 1, 6],
        ['r', 2, 9],
        ['r', 3, null],
      ],
      in_reply_to: 3,
    });
    expect(bodies[3]).toMatchObject({ type: 'error', code: 12, in_reply_to: 4 });
  });

  test('kafka: offsets 0, 1, … per key, polls from an offset, committed offsets by maximum, replies in the closed schemas', async () => {
    const { lines, bodies } = await converse('kafka', [
      init,
      { type: 'send', key: 'a', msg: 10, msg_id: 2 },
      { type: 'send', key: 'a', msg: 11, msg_id: 3 },
      { type: 'send', key: 'b', msg: 'x', msg_id: 4 },
      { type: 'poll', offsets: { a: 1, b: 0, c: 0 }, msg_id: 5 },
      { type: 'commit_offsets', offsets: { a: 1 }, msg_id: 6 },
      { type: 'commit_offsets', offsets: { a: 0 }, msg_id: 7 },
      { type: 'list_committed_offsets', keys: ['a', 'b'], msg_id: 8 },
      { type: 'send', key: 3, msg: 1, msg_id: 9 },
    ]);
    expect(bodies.slice(1, 4)).toEqual([
      { type: 'send_ok', offset: 0, in_reply_to: 2 },
      { type: 'send_ok', offset: 1, in_reply_to: 3 },
      { type: 'send_ok', offset: 0, in_reply_to: 4 },
    ]);
    expect(lines[4]).toBe('{"src":"n1","dest":"c5","body":{"type":"poll_ok","msgs":{"a":[[1,11]],"b":[[0,"x"]]},"in_reply_to":5}}');
    expect(bodies.slice(5, 8)).toEqual([
      { type: 'commit_offsets_ok', in_reply_to: 6 },
      { type: 'commit_offsets_ok', in_reply_to: 7 },
      { type: 'list_committed_offsets_ok', offsets: { a: 1 }, in_reply_to: 8 },
    ]);
    expect(bodies[8]).toMatchObject({ type: 'error', code: 12, in_reply_to: 9 });
  });
});
