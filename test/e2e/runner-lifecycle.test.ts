// The runner leaves nothing running, however it ends: SIGKILLed mid-test, its nodes (ygossip's
// own bin, which exits when its input ends) are gone shortly after. Each wait is bounded.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { ensureBuilt } from './bin-harness.js';

const root = join(import.meta.dirname, '..', '..');
beforeAll(ensureBuilt);

/** Pids of node processes (not the runner) whose command line holds `marker`. */
function withMarker(marker: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return !/State:\s+Z/.test(status) && cmdline.includes(marker) && cmdline.includes('bin/broadcast') && !cmdline.includes('bin/ygossip');
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(condition: () => boolean, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

test('a runner SIGKILLed mid-test leaves no node running', async () => {
  const marker = `e2e-lifecycle-${process.pid}-${Date.now()}`;
  const store = mkdtempSync(join(tmpdir(), 'ygossip-kill-'));
  // Positional arguments reach every node: the marker finds them in /proc.
  const runner = spawn(
    join(root, 'bin/ygossip'),
    ['test', '-w', 'broadcast', '--bin', 'bin/broadcast', '--node-count', '3', '--time-limit', '60', '--rate', '20', '--store', store, '--', marker],
    { cwd: root, stdio: 'ignore' },
  );
  try {
    expect(await until(() => withMarker(marker).length === 3, 20_000)).toBe(true);
    runner.kill('SIGKILL');
    expect(await until(() => withMarker(marker).length === 0, 10_000), `still running: ${withMarker(marker).join(', ')}`).toBe(true);
  } finally {
    runner.kill('SIGKILL');
    for (const pid of withMarker(marker)) process.kill(pid, 'SIGKILL');
  }
});
