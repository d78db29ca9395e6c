// Node binaries as child processes: JSON lines on stdin/stdout, stderr to a capped log per node,
// Maelstrom's envelope rules on everything a node writes, and every child ended on every exit
// path, with its whole process group (a shell-script bin's children die too, even after the
// bin itself has exited).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Message, NodeId } from '../../maelstrom/message.js';
import { formatExactJson } from '../base/exact-json.js';
import { parseEnvelope } from '../net/envelope.js';
import type { NodeHost, NodeHostEvents, NodeHostFactory } from './host.js';
import { createNodeLog, type NodeLog } from './node-log.js';

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

/** SIGKILL to the whole group: its leader may have exited and left children running. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is gone already.
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
  const factory = ((id, events, incarnation = 1) => {
    const tail = { stdout: [] as string[], stderr: [] as string[] };
    tails.set(id, tail);
    // One log per incarnation: n0.log, then n0.2.log after a restart.
    const log = createNodeLog(join(options.logDir, incarnation > 1 ? `${id}.${incarnation}.log` : `${id}.log`));
    const host = spawnHost(id, events, options, tail, log);
    hosts.set(id, host);
    return host;
  }) as ProcessHostFactory;
  factory.stopAll = async () => {
    await Promise.all([...hosts.values()].map((h) => h.stop()));
  };
  factory.tail = (id) => tails.get(id) ?? { stdout: [], stderr: [] };
  return factory;
}

function keep(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > tailLines) lines.shift();
}

function spawnHost(id: NodeId, events: NodeHostEvents, options: ProcessHostOptions, tail: { stdout: string[]; stderr: string[] }, log: NodeLog): NodeHost {
  const child = spawn(options.bin, options.args ?? [], {
    cwd: tmpdir(),
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  let stopping = false;
  let exited = false;
  const ended = (code: number | null, signal: string | null): void => {
    if (exited) return;
    exited = true;
    live.delete(child);
    killGroup(child); // whatever it started goes with it
    if (!stopping) events.onExit(code, signal);
  };
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      ended(code, signal);
      resolve();
    });
    child.once('error', (e) => {
      log.line(`ygossip: could not start ${options.bin}: ${e.message}`);
      keep(tail.stderr, e.message);
      ended(null, null);
      resolve();
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
    log.line(line);
    options.onStderrLine?.(id, line);
  });
  const stdin = createLineWriter(child);
  const end = async (): Promise<void> => {
    stopping = true;
    killGroup(child);
    await exitedPromise;
    await log.close();
  };
  const signal = (name: NodeJS.Signals): void => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      // Gone meanwhile: its exit is reported through onExit.
    }
  };
  return {
    id,
    deliver(message: Message, line?: string) {
      if (!exited && !stopping) stdin.write(`${line ?? formatExactJson(message)}\n`);
    },
    stop: end,
    kill: end,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
  };
}

/**
 * Lines to a child's stdin, gathered per tick into one write: far fewer syscalls under load.
 * Lines queue while the pipe is full, so they stay whole and in order.
 */
function createLineWriter(child: ChildProcess): { write(line: string): void } {
  const queue: string[] = [];
  let scheduled = false;
  let blocked = false;
  const flush = (): void => {
    scheduled = false;
    if (blocked || queue.length === 0) return;
    const chunk = queue.join('');
    queue.length = 0;
    if (!child.stdin!.write(chunk)) {
      blocked = true;
      child.stdin!.once('drain', () => {
        blocked = false;
        flush();
      });
    }
  };
  child.stdin!.on('error', () => {
    // EPIPE after the node died: its exit is reported through onExit.
  });
  return {
    write(line) {
      queue.push(line);
      if (!scheduled && !blocked) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
  };
}
