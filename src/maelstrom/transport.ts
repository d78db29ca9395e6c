// How protocol lines reach a node and leave it. A transport moves whole lines (no trailing
// newline); parsing and validation belong to the codec. The stdio transport is the only code
// in the node that touches process.stdin/stdout.
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';

export interface Transport {
  /**
   * Starts delivering incoming lines to `onLine`. `onClose` runs once, with the reason, when the
   * transport can carry no more: its input ended, its output failed, or close() was called.
   */
  open(onLine: (line: string) => void, onClose?: (reason: string) => void): void;
  /** Writes one complete line; lines are never interleaved or split. */
  write(line: string): void;
  close(): void;
}

/**
 * Lines over a pair of streams. The lines written while one batch of input is handled leave in
 * one write at the end of it (a microtask): a write per reply cost a node driven over stdin more
 * than its store did. Output is queued while the stream applies backpressure, so a burst of
 * gossip cannot split or reorder lines and memory is bounded by what the peer has not yet read,
 * not by what Node buffers internally. An output error (EPIPE once the reader is
 * gone) ends the transport like the end of input does: a node with no one to talk to stops.
 */
export function createStreamTransport(input: Readable, output: Writable): Transport {
  const pending: string[] = [];
  let draining = false;
  let flushQueued = false;
  let endedBy: string | undefined;
  let closeHandler: ((reason: string) => void) | undefined;

  /** Lines already queued still go out (unless the output failed); no new ones are taken. */
  const end = (reason: string): void => {
    if (endedBy !== undefined) return;
    endedBy = reason;
    closeHandler?.(reason);
  };
  // Without a listener an EPIPE would be an uncaught exception, every write another one.
  output.on('error', (e: NodeJS.ErrnoException) => {
    pending.length = 0;
    end(`output failed (${e.code ?? e.message})`);
  });

  const flush = (): void => {
    flushQueued = false;
    while (pending.length > 0 && !draining) {
      // Join what is queued into one write: far fewer syscalls under load.
      const chunk = pending.join('');
      pending.length = 0;
      if (!output.write(chunk)) {
        draining = true;
        output.once('drain', () => {
          draining = false;
          flush();
        });
      }
    }
  };

  return {
    open(onLine, onClose) {
      closeHandler = onClose;
      if (endedBy !== undefined) {
        onClose?.(endedBy);
        return;
      }
      const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
      lines.on('line', (line) => {
        if (endedBy === undefined) onLine(line);
      });
      lines.on('close', () => end('input ended'));
    },
    write(line) {
      if (endedBy !== undefined) return;
      pending.push(`${line}\n`);
      if (draining || flushQueued) return;
      flushQueued = true;
      queueMicrotask(flush);
    },
    close() {
      end('closed');
    },
  };
}

export function createStdioTransport(): Transport {
  return createStreamTransport(process.stdin, process.stdout);
}

/**
 * An in-memory transport: `deliver` feeds the node a line, `onWrite` sees what it writes.
 * Used by tests and by the simulation, where a network model sits between nodes.
 */
export interface MemoryTransport extends Transport {
  deliver(line: string): void;
  readonly written: string[];
}

export function createMemoryTransport(onWrite?: (line: string) => void): MemoryTransport {
  let receiver: ((line: string) => void) | undefined;
  let closeHandler: ((reason: string) => void) | undefined;
  let closed = false;
  const written: string[] = [];
  return {
    written,
    open(onLine, onClose) {
      receiver = onLine;
      closeHandler = onClose;
    },
    write(line) {
      if (closed) return;
      if (onWrite) onWrite(line);
      else written.push(line);
    },
    deliver(line) {
      if (!closed) receiver?.(line);
    },
    close() {
      if (closed) return;
      closed = true;
      closeHandler?.('closed');
    },
  };
}
