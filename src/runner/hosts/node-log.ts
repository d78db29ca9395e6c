// One node's stderr log: written asynchronously, and capped. A node that floods stderr must not
// slow the runner (one synchronous write per line did, by 50×) nor fill its memory or the disk:
// the first `headBytes` go to the file as they come, then only the last `tailBytes` are kept
// and written at the end after a line that says how much was left out.
import { createWriteStream, type WriteStream } from 'node:fs';

export interface NodeLogLimits {
  headBytes: number;
  tailBytes: number;
}

const defaultLogLimits: NodeLogLimits = { headBytes: 8 << 20, tailBytes: 1 << 20 };

export interface NodeLog {
  line(text: string): void;
  /** Writes the kept tail and closes the file. */
  close(): Promise<void>;
}

export function createNodeLog(path: string, limits: NodeLogLimits = defaultLogLimits): NodeLog {
  const out: WriteStream = createWriteStream(path, { flags: 'a' });
  out.on('error', () => {
    // A log that cannot be written must not end the test; the run folder says what it has.
  });
  let written = 0;
  let tail: string[] = [];
  let first = 0; // tail[first..] is kept; dropping from the front moves `first`, not the array
  let tailBytes = 0;
  let omittedLines = 0;
  let omittedBytes = 0;
  return {
    line(text) {
      const entry = `${text}\n`;
      if (written + entry.length <= limits.headBytes) {
        written += entry.length;
        out.write(entry);
        return;
      }
      tail.push(entry);
      tailBytes += entry.length;
      while (tailBytes > limits.tailBytes && tail.length - first > 1) {
        const dropped = tail[first++];
        tailBytes -= dropped.length;
        omittedLines++;
        omittedBytes += dropped.length;
      }
      if (first > 4096) {
        tail = tail.slice(first);
        first = 0;
      }
    },
    close() {
      if (omittedLines > 0) out.write(`… ygossip: ${omittedLines} lines (${omittedBytes} bytes) of stderr left out here …\n`);
      if (tail.length > first) out.write(tail.slice(first).join(''));
      return new Promise((resolve) => out.end(resolve));
    },
  };
}
