// A progress line while a test runs: rewritten in place on a terminal, a plain line every 5 s
// when stderr is piped (CI logs stay readable).
import type { Progress } from '../run/phases.js';

function formatProgress(p: Progress): string {
  const elapsed = Math.min(p.elapsedS, p.totalS).toFixed(0).padStart(3);
  return `${elapsed}/${p.totalS}s  ${p.phase.padEnd(8)}  ops ${String(p.ops).padStart(6)}  msgs ${String(p.messages).padStart(8)}  faults ${p.faults}`;
}

export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; clear(): void } {
  let lastPlain = -Infinity;
  let drawn = false;
  return {
    update(p) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${formatProgress(p)}`);
        drawn = true;
      } else if (p.elapsedS - lastPlain >= 5) {
        lastPlain = p.elapsedS;
        stream.write(`${formatProgress(p)}\n`);
      }
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
