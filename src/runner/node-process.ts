// Node binaries as child processes for the runner: JSON lines on stdin/stdout, stderr to a log
// per node, Maelstrom's envelope rules on everything a node writes, and every child ended on
// every exit path (its whole process group, so a shell-script bin's children die too).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, appendFileSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Message } from '../maelstrom/message.js';
import type { NodeHost, NodeHostFactory } from './node-host.js';

const tailLines = 32;
const live = new Set<ChildProcess>();
let safetyNet = false;

/** The canonical path of an executable bin, or an Error that says what to fix. */
export function checkBin(bin: string): string {
  if (!bin) throw new Error('--bin is required: the node executable to test, e.g. --bin bin/broadcast');
  let path: string;
  try {
    path = realpathSync(bin);
  } catch {
    throw new Error(`--bin ${bin}: no such file (paths are relative to ${process.cwd()})`);
  }
  if (!statSync(path).isFile()) throw new Error(`--bin ${bin}: not a file`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`--bin ${bin}: not executable (chmod +x ${bin}, and give it a #! line)`);
  }
  return path;
}

/** Maelstrom's rules for a line a node writes (spec §2.3). */
export function parseEnvelope(line: string): { ok: true; message: Message } | { ok: false; reason: string } {
  if (line.trim() === '') return { ok: false, reason: 'blank line' };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' };
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['src', 'dest', 'body', 'id'].includes(key)) return { ok: false, reason: `top-level key "${key}" is not allowed` };
  }
  if (typeof record.src !== 'string') return { ok: false, reason: '"src" must be a string' };
  if (typeof record.dest !== 'string') return { ok: false, reason: '"dest" must be a string' };
  if (record.id !== undefined && !Number.isInteger(record.id)) return { ok: false, reason: '"id" must be an integer' };
  const body = record.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: '"body" must be an object' };
  return { ok: true, message: { src: record.src, dest: record.dest, body: body as Message['body'] } };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export interface ProcessHostOptions {
  bin: string;
  args?: string[];
  logDir: string;
  env?: NodeJS.ProcessEnv;
  onStderrLine?: (id: string, line: string) => void;
}

export type ProcessHostFactory = NodeHostFactory & {
  stopAll(): Promise<void>;
  tail(id: string): { stdout: string[]; stderr: string[] };
};

export function createProcessHostFactory(options: ProcessHostOptions): ProcessHostFactory {
  mkdirSync(options.logDir, { recursive: true });
  const hosts = new Map<string, NodeHost>();
  const tails = new Map<string, { stdout: string[]; stderr: string[] }>();
  if (!safetyNet) {
    safetyNet = true;
    process.on('exit', () => {
      for (const child of live) killGroup(child);
    });
  }

  const factory = ((id, events): NodeHost => {
    const tail = { stdout: [] as string[], stderr: [] as string[] };
    tails.set(id, tail);
    const keep = (lines: string[], line: string): void => {
      lines.push(line);
      if (lines.length > tailLines) lines.shift();
    };
    const logPath = join(options.logDir, `${id}.log`);
    const child = spawn(options.bin, options.args ?? [], {
      cwd: tmpdir(),
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    live.add(child);
    let stopping = false;
    let exited = false;
    const exitedPromise = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exited = true;
        live.delete(child);
        if (!stopping) events.onExit(code, signal);
        resolve();
      });
      child.once('error', (e) => {
        appendFileSync(logPath, `ygossip: could not start ${options.bin}: ${e.message}\n`);
        keep(tail.stderr, e.message);
        if (!exited) {
          exited = true;
          live.delete(child);
          if (!stopping) events.onExit(null, null);
          resolve();
        }
      });
    });

    createInterface({ input: child.stdout!, crlfDelay: Infinity }).on('line', (line) => {
      keep(tail.stdout, line);
      const parsed = parseEnvelope(line);
      if (parsed.ok) events.onMessage(parsed.message);
      else events.onGarbage(line, parsed.reason);
    });
    createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => {
      keep(tail.stderr, line);
      appendFileSync(logPath, `${line}\n`);
      options.onStderrLine?.(id, line);
    });

    // Lines queue while the pipe is full; one write per drain keeps lines whole and ordered.
    const queue: string[] = [];
    let blocked = false;
    const flush = (): void => {
      while (!blocked && queue.length > 0) {
        const chunk = queue.join('');
        queue.length = 0;
        if (!child.stdin!.write(chunk)) {
          blocked = true;
          child.stdin!.once('drain', () => {
            blocked = false;
            flush();
          });
        }
      }
    };
    child.stdin!.on('error', () => {
      // EPIPE after the node died: its exit is reported through onExit.
    });

    const host: NodeHost = {
      id,
      deliver(message) {
        if (exited || stopping) return;
        queue.push(`${JSON.stringify(message)}\n`);
        flush();
      },
      async stop() {
        stopping = true;
        killGroup(child);
        await exitedPromise;
      },
    };
    hosts.set(id, host);
    return host;
  }) as ProcessHostFactory;

  factory.stopAll = async () => {
    await Promise.all([...hosts.values()].map((h) => h.stop()));
  };
  factory.tail = (id) => tails.get(id) ?? { stdout: [], stderr: [] };
  return factory;
}
