// The ruler errs only in the safe direction: what Maelstrom calls invalid (or a crash), ygossip
// test does too. Each case is a node written in a few lines, run on the virtual clock.
import { describe, expect, test } from 'vitest';
import type { ConvergenceResult } from '../../src/runner/checkers/convergence.js';
import { flood, runScripted, withSetup } from '../helpers/scripted-nodes.js';

const setWorkload = (o: Awaited<ReturnType<typeof runScripted>>) => o.results!.workload as { 'valid?': unknown; 'lost-count': number; lost: unknown[] };

describe('final reads are simultaneous, their order drawn from the seed', () => {
  const deaf = (seed: number) =>
    runScripted(flood({ deaf: ['n0'] }), ...'-w broadcast --node-count 3 --topology total --time-limit 3 --rate 10 --seed'.split(' '), String(seed));

  test('a first node that never applies its peers values is caught for some seeds, not all', async () => {
    const verdicts: unknown[] = [];
    for (let seed = 1; seed <= 12; seed++) verdicts.push((await deaf(seed)).results!['valid?']);
    // n0's final read decides when it is invoked last: one seed in three, roughly.
    expect(verdicts).toContain(false);
    expect(verdicts).toContain(true);
  });

  test('the convergence report names the deaf node whatever the verdict', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const c = (await deaf(seed)).results!.convergence as ConvergenceResult;
      expect(c['agree?']).toBe(false);
      expect(Object.keys(c.missing!)).toEqual(['n0']);
    }
  });

  test('the final reads are invoked in more than one order across seeds', async () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      const o = await deaf(seed);
      orders.add(
        o.history
          .filter((op) => op.final && op.type === 'invoke')
          .map((op) => (op.process as number) % 3)
          .join(','),
      );
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe('a node that writes what Maelstrom cannot read is not read again', () => {
  const answersTwice = withSetup((node, message) => {
    if (message.body.type === 'echo') node.reply(message, { type: 'echo_ok', echo: message.body.echo });
  });
  const twice = (node: Parameters<typeof answersTwice>[0], message: Parameters<typeof answersTwice>[1]) => {
    answersTwice(node, message);
    if (message.body.type === 'init' && node.id === 'n0') node.reply(message, { type: 'init_ok' });
  };

  test('a second init_ok goes to a closed client: the node is muted and its replies lost', async () => {
    const o = await runScripted(twice, '-w', 'echo', '--node-count', '2', '--time-limit', '2', '--rate', '10', '--seed', '1');
    expect(o.warnings.join('\n')).toMatch(/n0 wrote to or as an id that is not on the network.*dest c0.*nothing more it writes is read/s);
    expect(o.results!['valid?']).toBe(false);
    const n0 = o.history.filter((op) => op.process !== 'nemesis' && (op.process as number) % 2 === 0 && op.type !== 'invoke');
    expect(n0.length).toBeGreaterThan(0);
    expect(n0.every((op) => op.type === 'info' && op.error === 'net-timeout')).toBe(true);
  });

  test('muted before its topology_ok, a broadcast node crashes the test at setup', async () => {
    const o = await runScripted(twice, '-w', 'broadcast', '--node-count', '2', '--time-limit', '2', '--seed', '1');
    expect(o.error).toMatch(/n0 did not answer topology within 5 s/);
  });

  test('a line that is not JSON mutes the node at once', async () => {
    const script = withSetup((node, message) => {
      if (message.body.type === 'echo') {
        if (node.id === 'n1') node.write('{"oops"');
        node.reply(message, { type: 'echo_ok', echo: message.body.echo });
      }
    });
    const o = await runScripted(script, '-w', 'echo', '--node-count', '2', '--time-limit', '2', '--rate', '10', '--seed', '1');
    expect(o.results!['valid?']).toBe(false);
    expect(o.warnings.join('\n')).toMatch(/n1 wrote a line that is not a valid message \(not JSON\)/);
  });

  // Maelstrom reads node output with cheshire 5.13 on Jackson 2.17, whose parser refuses more
  // than 1000 levels of nesting: such a line fails like any unparsable one.
  const echoNested = (levels: number) =>
    withSetup((node, message) => {
      if (message.body.type !== 'echo') return;
      // The envelope and its body are two levels; the echo brings the rest.
      const echo = `${'['.repeat(levels - 2)}${JSON.stringify(message.body.echo)}${']'.repeat(levels - 2)}`;
      node.write(`{"src":"${node.id}","dest":"${message.src}","body":{"type":"echo_ok","in_reply_to":${message.body.msg_id},"echo":${echo}}}`);
    });

  test.each([1001, 100_000])('a reply nested %i levels deep mutes the node; the run ends, invalid, with no crash', async (levels) => {
    const o = await runScripted(echoNested(levels), '-w', 'echo', '--node-count', '1', '--time-limit', '2', '--rate', '5', '--seed', '1');
    expect(o.error).toBeUndefined();
    expect(o.warnings.join('\n')).toMatch(/n0 wrote a line that is not a valid message \(not JSON to Maelstrom: nested more than 1000 levels deep/);
    expect(o.results!['valid?']).toBe(false);
  });

  test('nested exactly 1000 levels deep, the reply is read (and judged by the echo checker)', async () => {
    const o = await runScripted(echoNested(1000), '-w', 'echo', '--node-count', '1', '--time-limit', '2', '--rate', '5', '--seed', '1');
    expect(o.warnings).toEqual([]);
    const w = o.results!.workload as unknown as { errors: unknown[][] };
    expect(w.errors.length).toBeGreaterThan(0);
    expect(w.errors.every((e) => e[0] === 'Expected a message with :echo' && typeof e[1] === 'string')).toBe(true);
  });
});

describe('integers are read from the raw text', () => {
  test('in_reply_to 1.0 matches no request: the read times out', async () => {
    const script = withSetup((node, message) => {
      const { body } = message;
      if (body.type === 'broadcast') node.reply(message, { type: 'broadcast_ok' });
      if (body.type === 'read')
        node.write(`{"src":"${node.id}","dest":"${message.src}","body":{"type":"read_ok","messages":[],"in_reply_to":${body.msg_id}.0}}`);
    });
    const o = await runScripted(script, '-w', 'broadcast', '--node-count', '1', '--time-limit', '2', '--rate', '5', '--seed', '2');
    const reads = o.history.filter((op) => op.f === 'read' && op.type !== 'invoke');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((op) => op.type === 'fail' && op.error === 'net-timeout')).toBe(true);
  });

  test('a counter read of 3.0 is a malformed reply (info), never a read of 3', async () => {
    const script = withSetup((node, message) => {
      const { body } = message;
      if (body.type === 'add') node.reply(message, { type: 'add_ok' });
      if (body.type === 'read') node.write(`{"src":"${node.id}","dest":"${message.src}","body":{"type":"read_ok","value":0.0,"in_reply_to":${body.msg_id}}}`);
    });
    const o = await runScripted(script, '-w', 'g-counter', '--node-count', '1', '--time-limit', '2', '--rate', '5', '--seed', '2');
    const reads = o.history.filter((op) => op.f === 'read' && op.type !== 'invoke');
    expect(reads.every((op) => op.type === 'info' && /malformed-rpc-response: "value" must be an integer, got 0\.0/.test(op.exception ?? ''))).toBe(true);
  });

  test('a set element written 3.0 is not the element 3: it is lost', async () => {
    const script = withSetup((node, message) => {
      const values = (node.state.values ??= [] as number[]) as number[];
      const { body } = message;
      if (body.type === 'broadcast') {
        values.push(body.message as number);
        node.reply(message, { type: 'broadcast_ok' });
      }
      if (body.type === 'read') {
        node.write(
          `{"src":"${node.id}","dest":"${message.src}","body":{"type":"read_ok","messages":[${values.map((v) => `${v}.0`).join(',')}],"in_reply_to":${body.msg_id}}}`,
        );
      }
    });
    const o = await runScripted(script, '-w', 'broadcast', '--node-count', '1', '--time-limit', '3', '--rate', '10', '--seed', '3');
    expect(setWorkload(o)['valid?']).toBe(false);
    expect(setWorkload(o)['lost-count']).toBeGreaterThan(0);
  });
});

describe('setup replies are held to their schemas', () => {
  test('topology_ok with an extra key crashes the test, as a malformed reply does in Maelstrom', async () => {
    const script = (node: Parameters<ReturnType<typeof flood>>[0], message: Parameters<ReturnType<typeof flood>>[1]) => {
      if (message.body.type === 'init') return node.reply(message, { type: 'init_ok' });
      if (message.body.type === 'topology') return node.reply(message, { type: 'topology_ok', topology: message.body.topology });
    };
    const o = await runScripted(script, '-w', 'broadcast', '--node-count', '2', '--time-limit', '2', '--seed', '1');
    expect(o.results).toBeUndefined();
    expect(o.error).toMatch(/answered topology with a malformed reply \(key "topology" is not allowed\)/);
  });

  test('an error in answer to init crashes the test', async () => {
    const o = await runScripted(
      (node, message) => node.reply(message, { type: 'error', code: 13 }),
      ...'-w echo --node-count 1 --time-limit 1 --seed 1'.split(' '),
    );
    expect(o.error).toMatch(/n0 answered init with .*"error".*expected type init_ok/);
  });
});
