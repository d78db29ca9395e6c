// How a node ends: the stream transport reports the end of input and a failed output once, the
// runtime closes on it and tells its onClose listeners once, and a logger whose stream failed
// goes quiet instead of raising an error per line.
import { PassThrough, Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createStreamLogger } from '../../src/maelstrom/log.js';
import { NodeRuntime, type RpcResult } from '../../src/maelstrom/node.js';
import { createMemoryTransport, createStreamTransport } from '../../src/maelstrom/transport.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';

/** A writable that fails every write the way a pipe without a reader does. */
function brokenPipe(): Writable & { attempts: number } {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      stream.attempts++;
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  }) as Writable & { attempts: number };
  stream.attempts = 0;
  return stream;
}

/** Resolves on the next turns of the event loop (stream errors are emitted asynchronously). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('stream transport: an output error ends it once, with the reason; later writes are dropped', async () => {
  const output = brokenPipe();
  const transport = createStreamTransport(new PassThrough(), output);
  const ends: string[] = [];
  transport.open(
    () => {},
    (reason) => ends.push(reason),
  );
  transport.write('one');
  await settle();
  transport.write('two');
  transport.write('three');
  await settle();
  expect(ends).toEqual(['output failed (EPIPE)']);
  expect(output.attempts).toBe(1);
});

test('stream transport: the end of input ends it once', async () => {
  const input = new PassThrough();
  const transport = createStreamTransport(input, new PassThrough());
  const ends: string[] = [];
  const lines: string[] = [];
  transport.open(
    (line) => lines.push(line),
    (reason) => ends.push(reason),
  );
  input.end('last line\n');
  await new Promise<void>((resolve) => input.once('end', resolve));
  await settle();
  transport.close();
  expect(lines).toEqual(['last line']);
  expect(ends).toEqual(['input ended']);
});

test('runtime: a transport that ends closes the node (timers, RPCs) and tells onClose once', () => {
  const clock = createVirtualClock();
  const transport = createMemoryTransport();
  const node = new NodeRuntime({ transport, clock, logger: { log: () => {} } });
  const reasons: string[] = [];
  node.onClose((reason) => reasons.push(reason));
  node.start();
  transport.deliver(JSON.stringify({ src: 'c0', dest: 'n1', body: { type: 'init', node_id: 'n1', node_ids: ['n1', 'n2'], msg_id: 1 } }));
  const results: RpcResult[] = [];
  node.rpc('n2', { type: 'sync' }, 1000, (r) => results.push(r));
  let ticks = 0;
  node.every(10, () => ticks++);
  transport.close(); // the memory transport's end, as input ending is the stdio one's
  clock.runUntil(5000);
  expect(reasons).toEqual(['closed']);
  expect(results).toMatchObject([{ ok: false, error: { code: 13 } }]);
  expect(ticks).toBe(0);
  node.close();
  expect(reasons).toEqual(['closed']);
});

test('runtime over a stream: EPIPE on output closes the node with that reason', async () => {
  const input = new PassThrough();
  const node = new NodeRuntime({ transport: createStreamTransport(input, brokenPipe()), clock: createVirtualClock(), logger: { log: () => {} } });
  const closed = new Promise<string>((resolve) => node.onClose(resolve));
  node.start();
  input.write(`${JSON.stringify({ src: 'c0', dest: 'n1', body: { type: 'init', node_id: 'n1', node_ids: ['n1'], msg_id: 1 } })}\n`);
  expect(await closed).toBe('output failed (EPIPE)');
});

test('logger: once its stream fails it stops writing, and never throws', async () => {
  const stream = brokenPipe();
  const logger = createStreamLogger(() => stream);
  logger.log('first');
  await settle();
  for (let i = 0; i < 100; i++) logger.log(`line ${i}`);
  await settle();
  expect(stream.attempts).toBe(1);
});
