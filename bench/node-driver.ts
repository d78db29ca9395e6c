// One node process driven by hand over stdin, as a new user would try it: init (the node alone
// in its cluster, so nothing is gossiped), then `count` distinct integer broadcasts with
// `inFlight` of them outstanding at any time, then one read. Measures the process's own CPU time
// (from /proc, so the driver's work is not counted), its peak resident memory and the wall time,
// and checks the read holds every value (a node that drops adds must not look fast).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface DriveOptions {
  /** The node's command line: [executable, ...args]. */
  command: string[];
  count: number;
  inFlight?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface DriveResult {
  /** User + system CPU seconds of the node process up to its read_ok. */
  cpuS: number;
  /** The system part of cpuS (the kernel's work for its reads and writes). */
  systemS: number;
  /** Wall seconds from the first broadcast to the read_ok. */
  wallS: number;
  /** Peak resident memory (VmHWM), MiB. */
  peakMb: number;
  /** How many values the read returned. */
  read: number;
}

const clockTicks = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): { user: number; system: number } {
  // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / clockTicks, system: Number(fields[12]) / clockTicks };
}

function peakMb(pid: number): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return hwm ? Number(hwm[1]) / 1024 : NaN;
}

export function driveNode({ command, count, inFlight = 200, env, cwd }: DriveOptions): Promise<DriveResult> {
  const child = spawn(command[0], command.slice(1), { cwd, env: { ...process.env, YGOSSIP_DATA_DIR: '', ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
  const send = (lines: string[]): void => void child.stdin.write(lines.join(''));
  const broadcast = (i: number): string => `{"src":"c1","dest":"n0","body":{"type":"broadcast","message":${i},"msg_id":${i + 2}}}\n`;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let acked = 0;
    let started = 0;
    let rest = '';
    const fail = (why: string): void => {
      child.kill();
      reject(new Error(`${command.join(' ')}: ${why}`));
    };
    const topUp = (): void => {
      const lines: string[] = [];
      while (sent < count && sent - acked < inFlight) lines.push(broadcast(sent++));
      if (sent === count && acked === count) lines.push(`{"src":"c1","dest":"n0","body":{"type":"read","msg_id":1}}\n`);
      if (lines.length) send(lines);
    };
    const onLine = (line: string): void => {
      if (line.includes('"init_ok"')) {
        started = performance.now();
        return topUp();
      }
      if (line.includes('"broadcast_ok"')) {
        acked++;
        return topUp();
      }
      if (line.includes('"read_ok"')) {
        const wallS = (performance.now() - started) / 1000;
        const read = (JSON.parse(line).body.messages as unknown[]).length;
        const cpu = cpuSeconds(child.pid!);
        const result = { cpuS: cpu.user + cpu.system, systemS: cpu.system, wallS, peakMb: peakMb(child.pid!), read };
        child.stdin.end();
        if (read !== count) return fail(`read ${read} values after ${count} acknowledged broadcasts`);
        return resolve(result);
      }
      if (line.includes('"error"')) fail(`answered ${line.slice(0, 200)}`);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.once('error', (e) => reject(e));
    child.once('exit', (code) => {
      if (acked < count) reject(new Error(`${command.join(' ')} exited (${code}) after ${acked} of ${count} broadcasts`));
    });
    send([`{"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}}\n`]);
  });
}
