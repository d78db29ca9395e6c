// bin/broadcast as Maelstrom runs it: JSON lines over stdin/stdout. Every bad input gets the
// right answer (or only a stderr line), the process keeps serving, and stdout never carries
// anything but valid protocol lines.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let child: ChildProcess;
const lines: string[] = [];
const waiters: (() => void)[] = [];

beforeAll(() => {
  if (!existsSync(join(root, 'dist/node.js'))) execFileSync(process.execPath, ['build.mjs'], { cwd: root });
  child = spawn(join(root, 'bin/broadcast'), [], { stdio: ['pipe', 'pipe', 'pipe'] });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    waiters.splice(0).forEach((w) => w());
  });
});
afterAll(() => child.kill('SIGKILL'));

const send = (src: string, body: object | string): void => {
  child.stdin!.write(typeof body === 'string' ? `${body}\n` : `${JSON.stringify({ src, dest: 'n0', body })}\n`);
};

/** The reply to `msgId` from client `src` (no sleeps: resolves when the line arrives). */
async function reply(src: string, msgId: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = lines.map((l) => JSON.parse(l)).find((m) => m.dest === src && m.body.in_reply_to === msgId);
    if (found) return found.body;
    if (Date.now() > deadline) throw new Error(`no reply to ${src} ${msgId}; got ${lines.join('\n')}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 200);
    });
  }
}

test('init, topology, broadcast, read; bad inputs are answered and the node keeps serving', async () => {
  send('c0', { type: 'init', node_id: 'n0', node_ids: ['n0', 'n1'], msg_id: 1 });
  expect(await reply('c0', 1)).toEqual({ type: 'init_ok', in_reply_to: 1 });
  send('c1', { type: 'topology', topology: { n0: ['n1'], n1: ['n0'] }, msg_id: 1 });
  expect(await reply('c1', 1)).toEqual({ type: 'topology_ok', in_reply_to: 1 });
  send('c2', { type: 'broadcast', message: 42, msg_id: 1 });
  expect(await reply('c2', 1)).toEqual({ type: 'broadcast_ok', in_reply_to: 1 });

  send('c2', 'this is not json');
  send('c2', { msg_id: 2 });
  expect((await reply('c2', 2)).code).toBe(12);
  send('c2', { type: 'frobnicate', msg_id: 3 });
  expect((await reply('c2', 3)).code).toBe(10);
  send('c2', { type: 'broadcast', msg_id: 4 });
  expect(await reply('c2', 4)).toMatchObject({ type: 'error', code: 12, text: expect.stringMatching(/"message"/) });
  send('c2', { type: 'topology', topology: { n0: 'n1' }, msg_id: 5 });
  expect((await reply('c2', 5)).code).toBe(12);
  send('n1', { type: 'gossip', sv: 'AA==', update: 'AQIDBA==' });
  send('n9', { type: 'gossip', sv: 'AA==', update: 'AQGMwpTzAQAIAQZ2YWx1ZXMBfQUA' });
  send('n1', { type: 'gossip', sv: 12, inc: 1, msg_id: 6 });
  expect((await reply('n1', 6)).code).toBe(12);
  send('c2', { type: 'broadcast', message: 7, msg_id: 7 });
  await reply('c2', 7);

  send('c2', { type: 'read', msg_id: 8 });
  const read = await reply('c2', 8);
  expect(Object.keys(read).sort()).toEqual(['in_reply_to', 'messages', 'type']);
  expect((read.messages as number[]).sort((a, b) => a - b)).toEqual([7, 42]);
  expect(child.exitCode).toBeNull();

  // Every line on stdout is a valid envelope; nothing was written to the stranger n9.
  for (const line of lines) {
    const m = JSON.parse(line);
    expect(Object.keys(m).sort()).toEqual(['body', 'dest', 'src']);
    expect(m.dest).not.toBe('n9');
  }
});
