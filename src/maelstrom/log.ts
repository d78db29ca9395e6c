// Diagnostics go to stderr (Maelstrom keeps them per node); stdout carries protocol lines only.
// A logger whose stream has failed goes quiet: logging the failure to the failed stream is how
// a node whose runner died used to spin at full CPU (EPIPE → uncaught exception → a log line →
// EPIPE …). Losing stderr alone does not stop a node; losing stdout does (see transport.ts).
import type { Writable } from 'node:stream';

export interface Logger {
  log(text: string): void;
}

/** Lines to a stream, fetched on first use so importing this module touches no stream. */
export function createStreamLogger(stream: () => Writable): Logger {
  let target: Writable | undefined;
  let failed = false;
  return {
    log(text) {
      if (failed) return;
      if (!target) {
        target = stream();
        target.on('error', () => {
          failed = true;
        });
      }
      if (target.destroyed) {
        failed = true;
        return;
      }
      target.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

export const stderrLogger: Logger = createStreamLogger(() => process.stderr);

export const silentLogger: Logger = { log: () => {} };
