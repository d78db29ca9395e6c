// How protocol lines reach a node and leave it. A transport moves whole lines (no trailing
// newline); parsing and validation belong to the codec. The stdio transport is the only code
// in the node that touches process.stdin/stdout.
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';

export interface Transport {
  /** Starts delivering incoming lines to `onLine`; `onClose` runs once when input ends. */
  open(onLine: (line: string) => void, onClose?: () => void): void;
  /** Writes one complete line; lines are never interleaved or split. */
  write(line: string): void;
  close(): void;
}

/**
 * Lines over a pair of streams. Output is queued while the stream applies backpressure, so a
 * burst of gossip cannot split or reorder lines and memory is bounded by what the peer has not
 * yet read, not by what Node buffers internally.
 */
export function createStreamTransport(input: Readable, output: Writable): Transport {
  const pending: string[] = [];
  let draining = false;
  let closed = false;

  const flush = (): void => {
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
      const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
      lines.on('line', onLine);
      lines.on('close', () => onClose?.());
    },
    write(line) {
      if (closed) return;
      pending.push(`${line}\n`);
      if (!draining) flush();
    },
    close() {
      closed = true;
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
  let closeHandler: (() => void) | undefined;
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
      closeHandler?.();
    },
  };
}
