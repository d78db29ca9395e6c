// Spawned bin/<workload> nodes spoken to by hand: JSON lines in, replies collected, lines between
// nodes relayed by the test (it is the network). Waits are event-driven with a deadline, never
// sleeps: a wait ends when the line it needs arrives, or fails when the deadline passes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const root = join(import.meta.dirname, '..', '..');

export function ensureBuilt(): void {
  if (!existsSync(join(root, 'dist/node.js'))) execFileSync(process.execPath, ['build.mjs'], { cwd: root });
}

export type Body = Record<string, unknown>;

export interface BinCluster {
  children: Map<string, ChildProcess>;
  /** Sends a request from `client` and resolves with the reply body. */
  request(node: string, body: Body, client?: string): Promise<Body>;
  /** Sends a request whose body is given as JSON text (for values JSON.stringify cannot write). */
  requestText(node: string, type: string, fields: string, client?: string): Promise<Body>;
  /**
   * Resolves once `check` holds, re-checking each time a line passes between nodes (or, with
   * `on: 'reply'`, each time a node answers a client).
   */
  until(check: () => Promise<boolean> | boolean, what: string, options?: { on?: 'relay' | 'reply'; deadlineMs?: number }): Promise<void>;
  /** While true, lines between nodes are dropped, as a partition drops them. */
  partitioned: boolean;
  kill(): void;
}

export function spawnBin(workload: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(join(root, 'bin', workload), [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

/** Resolves with the exit code, or rejects once `ms` pass without an exit. */
export function exited(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${ms} ms`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export function startBinCluster(workload: string, ids: string[]): BinCluster {
  const children = new Map<string, ChildProcess>();
  const replies = new Map<string, Body>();
  const wake = { relay: [] as (() => void)[], reply: [] as (() => void)[] };
  let nextMsgId = 1;

  const onLine = (line: string): void => {
    const message = JSON.parse(line) as { dest: string; body: Body };
    const peer = children.get(message.dest);
    if (peer && !cluster.partitioned) peer.stdin!.write(`${line}\n`);
    else replies.set(`${message.dest}/${message.body.in_reply_to}`, message.body);
    for (const w of wake[peer ? 'relay' : 'reply'].splice(0)) w();
  };
  for (const id of ids) {
    const child = spawnBin(workload);
    children.set(id, child);
    createInterface({ input: child.stdout! }).on('line', onLine);
    child.stderr!.resume();
  }

  const until: BinCluster['until'] = async (check, what, { on = 'relay', deadlineMs = 15_000 } = {}) => {
    let expired = false;
    let stop = (): void => {};
    const timer = setTimeout(() => {
      expired = true;
      stop();
    }, deadlineMs);
    try {
      for (;;) {
        // Armed before checking, so no line slips between the check and the wait.
        const next = new Promise<void>((resolve) => {
          stop = resolve;
          wake[on].push(resolve);
        });
        if (await check()) return;
        await next;
        if (expired) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
      }
    } finally {
      clearTimeout(timer);
    }
  };

  const send = async (node: string, client: string, line: (msgId: number) => string): Promise<Body> => {
    const msgId = nextMsgId++;
    children.get(node)!.stdin!.write(`${line(msgId)}\n`);
    const key = `${client}/${msgId}`;
    await until(() => replies.has(key), `the reply to ${client} ${msgId}`, { on: 'reply' });
    return replies.get(key)!;
  };

  const cluster: BinCluster = {
    children,
    request: (node, body, client = 'c1') => send(node, client, (msgId) => JSON.stringify({ src: client, dest: node, body: { ...body, msg_id: msgId } })),
    requestText: (node, type, fields, client = 'c1') =>
      send(node, client, (msgId) => `{"src":"${client}","dest":"${node}","body":{"type":"${type}","msg_id":${msgId},${fields}}}`),
    until,
    partitioned: false,
    kill() {
      for (const child of children.values()) child.kill('SIGKILL');
    },
  };
  return cluster;
}

export async function initAll(cluster: BinCluster): Promise<void> {
  const ids = [...cluster.children.keys()];
  for (const id of ids) await cluster.request(id, { type: 'init', node_id: id, node_ids: ids }, 'c0');
}
