import { PassThrough, Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { MaelstromError } from '../../src/maelstrom/errors.js';
import { NodeRuntime, type RpcResult } from '../../src/maelstrom/node.js';
import { createMemoryTransport, createStreamTransport } from '../../src/maelstrom/transport.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';
import { Completion } from '../../src/storage/completion.js';

function setup() {
  const clock = createVirtualClock();
  const logs: string[] = [];
  const transport = createMemoryTransport();
  const node = new NodeRuntime({ transport, clock, logger: { log: (t) => logs.push(t) } });
  node.start();
  const out = () => transport.written.splice(0).map((l) => JSON.parse(l));
  const send = (src: string, body: object) => transport.deliver(JSON.stringify({ src, dest: 'n1', body }));
  const init = () => send('c0', { type: 'init', node_id: 'n1', node_ids: ['n1', 'n2'], msg_id: 1 });
  return { clock, logs, node, out, send, init };
}

describe('NodeRuntime', () => {
  test('init is answered once, to its sender', () => {
    const { out, init, node } = setup();
    init();
    expect(out()).toEqual([{ src: 'n1', dest: 'c0', body: { type: 'init_ok', in_reply_to: 1 } }]);
    expect(node.id).toBe('n1');
    init();
    expect(out()).toEqual([]);
  });

  test('messages before init are held and handled after it', () => {
    const { out, init, node, send } = setup();
    node.on('echo', (m) => ({ type: 'echo_ok', echo: m.body.echo }));
    send('c3', { type: 'echo', echo: 'early', msg_id: 2 });
    expect(out()).toEqual([]);
    init();
    expect(out().map((m) => m.body.type)).toEqual(['init_ok', 'echo_ok']);
  });

  test('a second handler for a type is refused', () => {
    const { node } = setup();
    node.on('x', () => undefined);
    expect(() => node.on('x', () => undefined)).toThrow(/already registered/);
  });

  test('errors: unknown type 10, malformed 12, MaelstromError its code, a bug 13; the node keeps serving', () => {
    const { out, init, node, send } = setup();
    node.on('bad', () => {
      throw new MaelstromError(11, 'busy');
    });
    node.on('bug', () => {
      throw new Error('oops');
    });
    node.on('ping', () => ({ type: 'pong' }));
    init();
    out();
    send('c1', { type: 'nope', msg_id: 1 });
    send('c1', { type: 'bad', msg_id: 2 });
    send('c1', { type: 'bug', msg_id: 3 });
    send('c1', { msg_id: 4 });
    send('c1', { type: 'ping', msg_id: 5 });
    expect(out().map((m) => [m.body.in_reply_to, m.body.code ?? m.body.type])).toEqual([
      [1, 10],
      [2, 11],
      [3, 13],
      [4, 12],
      [5, 'pong'],
    ]);
  });

  test('no error is ever written to a stranger (Maelstrom would stop reading us)', () => {
    const { out, init, send, logs } = setup();
    init();
    out();
    send('n7', { type: 'nope', msg_id: 1 });
    expect(out()).toEqual([]);
    expect(logs.join('\n')).toMatch(/not answering n7/);
  });

  test('rpc: a reply by in_reply_to, a timeout on the clock, a late reply ignored, close ends the rest', () => {
    const { out, init, node, send, clock } = setup();
    init();
    out();
    const results: RpcResult[] = [];
    node.rpc('n2', { type: 'sync' }, 1000, (r) => results.push(r));
    node.rpc('n2', { type: 'sync' }, 1000, (r) => results.push(r));
    const [first, second] = out();
    send('n2', { type: 'sync_ok', in_reply_to: first.body.msg_id });
    expect(results).toEqual([{ ok: true, body: { type: 'sync_ok', in_reply_to: first.body.msg_id } }]);
    clock.runUntil(999);
    expect(results).toHaveLength(1);
    clock.runUntil(1001);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 0 } });
    send('n2', { type: 'sync_ok', in_reply_to: second.body.msg_id });
    expect(results).toHaveLength(2);
    node.rpc('n2', { type: 'sync' }, 1000, (r) => results.push(r));
    let ticks = 0;
    node.every(100, () => ticks++);
    node.close();
    expect(results[2]).toMatchObject({ ok: false, error: { code: 13 } });
    clock.runUntil(5000);
    expect(ticks).toBe(0);
  });
});

describe('NodeRuntime: replies and init that finish later', () => {
  /** A promise-like settled by the test, synchronously (as the simulated disk settles them). */
  function later<T>(): { p: PromiseLike<T>; resolve(v: T): void; reject(e: unknown): void } {
    const p = new Completion<T>();
    return { p, resolve: (v) => p.resolve(v), reject: (e) => p.reject(e) };
  }

  test('a handler returning a promise-like is answered when it settles; a rejection like a throw', () => {
    const { out, init, node, send } = setup();
    const pending = [later<{ type: string }>(), later<{ type: string }>(), later<{ type: string }>()];
    let k = 0;
    node.on('slow', () => pending[k++].p);
    init();
    out();
    send('c1', { type: 'slow', msg_id: 1 });
    send('c1', { type: 'slow', msg_id: 2 });
    send('c1', { type: 'slow', msg_id: 3 });
    expect(out()).toEqual([]);
    pending[1].resolve({ type: 'slow_ok' });
    pending[0].reject(new MaelstromError(11, 'busy'));
    pending[2].reject(new Error('disk gone'));
    expect(out().map((m) => [m.body.in_reply_to, m.body.code ?? m.body.type])).toEqual([
      [2, 'slow_ok'],
      [1, 11],
      [3, 13],
    ]);
  });

  test('init_ok waits for every init listener, in order; messages meanwhile wait too', () => {
    const { out, init, node, send } = setup();
    const order: string[] = [];
    const first = later<void>();
    node.onInit(() => {
      order.push('first');
      return first.p;
    });
    node.onInit(() => void order.push('second'));
    node.on('echo', (m) => ({ type: 'echo_ok', echo: m.body.echo }));
    init();
    send('c3', { type: 'echo', echo: 'meanwhile', msg_id: 2 });
    expect(order).toEqual(['first']);
    expect(out()).toEqual([]);
    expect(node.initialized).toBe(false);
    first.resolve();
    expect(order).toEqual(['first', 'second']);
    expect(out().map((m) => m.body.type)).toEqual(['init_ok', 'echo_ok']);
    expect(node.initialized).toBe(true);
  });

  test('a failed init listener is an error reply, a log line, a closed node and onFatal', () => {
    const clock = createVirtualClock();
    const logs: string[] = [];
    const transport = createMemoryTransport();
    const fatal: Error[] = [];
    const node = new NodeRuntime({ transport, clock, logger: { log: (t) => logs.push(t) }, onFatal: (e) => fatal.push(e) });
    node.start();
    const failing = later<void>();
    node.onInit(() => failing.p);
    transport.deliver(JSON.stringify({ src: 'c0', dest: 'n1', body: { type: 'init', node_id: 'n1', node_ids: ['n1'], msg_id: 1 } }));
    failing.reject(new Error('/data/n1/updates.log: corrupt'));
    expect(transport.written.map((l) => JSON.parse(l).body)).toEqual([
      { type: 'error', in_reply_to: 1, code: 13, text: 'init failed: /data/n1/updates.log: corrupt' },
    ]);
    expect(logs.join('\n')).toMatch(/init failed: \/data\/n1\/updates.log: corrupt/);
    expect(fatal.map((e) => e.message)).toEqual(['/data/n1/updates.log: corrupt']);
    transport.deliver(JSON.stringify({ src: 'c0', dest: 'n1', body: { type: 'read', msg_id: 2 } }));
    expect(transport.written).toHaveLength(1);
  });

  test('close runs the close listeners and resolves after them; a reply still pending is never sent', async () => {
    const { out, init, node, send } = setup();
    const reply = later<{ type: string }>();
    node.on('slow', () => reply.p);
    const flushed = later<void>();
    const events: string[] = [];
    node.onClose(() => {
      events.push('close listener');
      return flushed.p;
    });
    init();
    out();
    send('c1', { type: 'slow', msg_id: 1 });
    const closed = node.close().then(() => void events.push('closed'));
    expect(events).toEqual(['close listener']);
    reply.resolve({ type: 'slow_ok' });
    expect(out()).toEqual([]);
    flushed.resolve();
    await closed;
    expect(events).toEqual(['close listener', 'closed']);
  });
});

test('the stream transport sends the lines written in one turn in one write, after it', async () => {
  const writes: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  });
  const transport = createStreamTransport(new PassThrough(), output);
  transport.write('a');
  transport.write('b');
  transport.write('c');
  expect(writes).toEqual([]);
  await Promise.resolve();
  transport.write('d');
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
});

test('the stream transport keeps 10,000 lines whole and in order under backpressure', async () => {
  const output = new PassThrough({ highWaterMark: 64 });
  const transport = createStreamTransport(new PassThrough(), output);
  const chunks: string[] = [];
  for (let i = 0; i < 10_000; i++) transport.write(JSON.stringify({ i, pad: 'x'.repeat(i % 50) }));
  await new Promise<void>((resolve) => {
    output.on('data', (c: Buffer) => {
      chunks.push(c.toString());
      if (chunks.join('').split('\n').length > 10_000) resolve();
    });
  });
  const lines = chunks.join('').split('\n').filter(Boolean);
  expect(lines.map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
});
