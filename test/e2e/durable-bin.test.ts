// bin/broadcast with YGOSSIP_DATA_DIR, as Maelstrom (or ygossip test) runs it: killed with
// SIGKILL right after broadcast_ok, started again on the same directory, it answers the next
// read with the value. A damaged store or another node's store stops the node at init with
// stderr naming the file, never an empty set. The log cut by hand after five acknowledged
// broadcasts (at the end of its header, at a record boundary, inside a record, inside its
// header) stops the node with the file and the offset; 4 KiB of zeros after it keep all five,
// with a warning, and the zeros kept beside the log.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decodeLog, encodeLog } from '../../src/storage/log-format.js';

const root = join(import.meta.dirname, '..', '..');
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(join(root, 'dist/node.js'))) execFileSync(process.execPath, ['build.mjs'], { cwd: root });
  dataDir = mkdtempSync(join(tmpdir(), 'ygossip-durable-'));
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Node {
  child: ChildProcess;
  call(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  stderr(): string;
  exited: Promise<number | null>;
}

function startNode(): Node {
  const child = spawn(join(root, 'bin/broadcast'), [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, YGOSSIP_DATA_DIR: dataDir } });
  children.push(child);
  const replies = new Map<number, (body: Record<string, unknown>) => void>();
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => void (stderr += c.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const { body } = JSON.parse(line);
    replies.get(body.in_reply_to)?.(body);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let msgId = 1;
  return {
    child,
    call(body) {
      const id = msgId++;
      const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
        replies.set(id, resolve);
        // Ends the wait if the process dies instead of answering (no sleep: an exit event).
        void exited.then(() => reject(new Error(`node exited before answering ${JSON.stringify(body)}: ${stderr}`)));
      });
      child.stdin!.write(`${JSON.stringify({ src: 'c1', dest: 'n1', body: { ...body, msg_id: id } })}\n`);
      return reply;
    },
    stderr: () => stderr,
    exited,
  };
}

const init = { type: 'init', node_id: 'n1', node_ids: ['n1', 'n2'] };

test('killed with SIGKILL right after broadcast_ok, the restarted node reads the value', async () => {
  const first = startNode();
  expect(await first.call(init)).toMatchObject({ type: 'init_ok' });
  expect(await first.call({ type: 'broadcast', message: 41 })).toMatchObject({ type: 'broadcast_ok' });
  expect(await first.call({ type: 'broadcast', message: 42 })).toMatchObject({ type: 'broadcast_ok' });
  first.child.kill('SIGKILL');
  await first.exited;

  const second = startNode();
  expect(await second.call(init)).toMatchObject({ type: 'init_ok' });
  const read = await second.call({ type: 'read' });
  expect((read.messages as number[]).sort()).toEqual([41, 42]);
  expect(second.stderr()).toMatch(/recovered 2 records from .*n1\/updates\.log/);
  second.child.kill('SIGKILL');
  await second.exited;
});

test("a damaged store or another node's store stops the node at init, naming the file", async () => {
  const log = join(dataDir, 'n1', 'updates.log');
  const bytes = readFileSync(log);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(log, bytes);
  const damaged = startNode();
  expect(await damaged.call(init)).toMatchObject({ type: 'error', code: 13, text: expect.stringContaining(log) });
  expect(await damaged.exited).toBe(1);
  expect(damaged.stderr()).toContain(`init failed: ${log}: corrupt`);

  cpSync(join(dataDir, 'n1'), join(dataDir, 'n2'), { recursive: true });
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(join(dataDir, 'n2', 'updates.log'), bytes);
  const child = spawn(join(root, 'bin/broadcast'), [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, YGOSSIP_DATA_DIR: dataDir } });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => void (stderr += c.toString()));
  const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin!.write(`${JSON.stringify({ src: 'c1', dest: 'n2', body: { type: 'init', node_id: 'n2', node_ids: ['n1', 'n2'], msg_id: 1 } })}\n`);
  expect(await code).toBe(1);
  expect(stderr).toContain(`${join(dataDir, 'n2', 'updates.log')}: belongs to node n1, not n2`);
});

test('five acknowledged broadcasts, the log cut by hand: refused with file and offset, never served short; zeros after it are recovered', async () => {
  rmSync(join(dataDir, 'n1'), { recursive: true, force: true });
  const first = startNode();
  expect(await first.call(init)).toMatchObject({ type: 'init_ok' });
  for (let v = 1; v <= 5; v++) expect(await first.call({ type: 'broadcast', message: v })).toMatchObject({ type: 'broadcast_ok' });
  first.child.kill('SIGKILL');
  await first.exited;
  const log = join(dataDir, 'n1', 'updates.log');
  const whole = readFileSync(log);
  const records = decodeLog(whole, log).records;
  expect(records).toHaveLength(5);
  const headerEnd = encodeLog({ node: 'n1' }).length;
  const afterThree = headerEnd + records.slice(0, 3).reduce((n, r) => n + 12 + r.length, 0);
  const refused = async (cut: number, why: RegExp): Promise<void> => {
    writeFileSync(log, whole.subarray(0, cut));
    const node = startNode();
    expect(await node.call(init)).toMatchObject({ type: 'error', code: 13 });
    expect(await node.exited).toBe(1);
    expect(node.stderr()).toContain(`init failed: ${log}: cut short at byte ${cut}`);
    expect(node.stderr()).toMatch(why);
  };
  await refused(headerEnd, new RegExp(`${whole.length} bytes were committed`));
  await refused(afterThree, new RegExp(`${whole.length - afterThree} acknowledged bytes are missing`));
  await refused(whole.length - 3, /3 acknowledged bytes are missing/);
  await refused(20, /inside its header/);
  writeFileSync(log, Buffer.concat([whole, Buffer.alloc(4096)]));
  const zeroed = startNode();
  expect(await zeroed.call(init)).toMatchObject({ type: 'init_ok' });
  expect(((await zeroed.call({ type: 'read' })).messages as number[]).sort()).toEqual([1, 2, 3, 4, 5]);
  expect(zeroed.stderr()).toContain(`${log}: recovered to byte ${whole.length}`);
  expect(zeroed.stderr()).toContain('dropped the 4096 bytes after it (zeros:');
  expect(readdirSync(join(dataDir, 'n1'))).toContain(`updates.log.torn-${whole.length}`);
  expect(readFileSync(`${log}.torn-${whole.length}`)).toEqual(Buffer.alloc(4096));
  zeroed.child.kill('SIGKILL');
  await zeroed.exited;
  // Recovery cut the log, so this start did not compact it: the five records are as they were.
  expect(readFileSync(log).subarray(headerEnd)).toEqual(whole.subarray(headerEnd));
});
