// A node process ends when no one can talk to it any more: its output gone (EPIPE on stdout) or
// its input ended. Losing stderr alone only silences it. Each wait is bounded: the test fails if
// the process is still running when the deadline passes, and kills it.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { ensureBuilt, exited, spawnBin } from './bin-harness.js';

const started: ChildProcess[] = [];
beforeAll(ensureBuilt);
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A broadcast node past init, with one value written (so it has replication work pending). */
async function startNode(): Promise<{ child: ChildProcess; send: (body: object) => void; next: () => Promise<Record<string, unknown>> }> {
  const child = spawnBin('broadcast');
  started.push(child);
  child.stderr!.resume();
  const queue: Record<string, unknown>[] = [];
  let wake: (() => void) | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    queue.push(JSON.parse(line).body);
    wake?.();
  });
  let msgId = 1;
  const send = (body: object): void => {
    child.stdin!.write(`${JSON.stringify({ src: 'c1', dest: 'n1', body: { ...body, msg_id: msgId++ } })}\n`);
  };
  /** The next line the node writes to a client (gossip to n2 is skipped). */
  const next = async (): Promise<Record<string, unknown>> => {
    for (;;) {
      const body = queue.shift();
      if (body && body.in_reply_to !== undefined) return body;
      if (!body) await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  send({ type: 'init', node_id: 'n1', node_ids: ['n1', 'n2'] });
  expect((await next()).type).toBe('init_ok');
  send({ type: 'broadcast', message: 1 });
  expect((await next()).type).toBe('broadcast_ok');
  return { child, send, next };
}

test('stdout and stderr closed: the next write fails and the node exits', async () => {
  const { child, send } = await startNode();
  child.stdout!.destroy();
  child.stderr!.destroy();
  send({ type: 'read' });
  expect(await exited(child, 10_000)).toBe(0);
});

test('every pipe closed, as when the runner is SIGKILLed: the node exits', async () => {
  const { child } = await startNode();
  child.stdout!.destroy();
  child.stderr!.destroy();
  child.stdin!.destroy();
  expect(await exited(child, 10_000)).toBe(0);
});

test('input ended: the node exits even with replication work pending', async () => {
  const { child } = await startNode();
  child.stdin!.end();
  expect(await exited(child, 10_000)).toBe(0);
});

test('stderr closed alone: the node stays quiet and keeps serving', async () => {
  const { child, send, next } = await startNode();
  child.stderr!.destroy();
  send({ type: 'frobnicate' }); // logs a line to the closed stderr
  expect((await next()).code).toBe(10);
  send({ type: 'read' });
  expect(await next()).toMatchObject({ type: 'read_ok', messages: [1] });
  expect(child.exitCode).toBeNull();
  child.stdin!.end();
  expect(await exited(child, 10_000)).toBe(0);
});
