// The services inside a whole run, in-process on the virtual clock: a node that answers each
// echo through lin-kv or seq-kv gets its replies after the configured latency each way, under
// partitions that cut the nodes apart; its service traffic is journaled and counted as servers
// traffic. Then Gossip Glomers challenge 4 on seq-kv: the example node is valid across seeds,
// the naive one (no catch-up before a read) returns a stale total on seed 1, replayed exactly.
import { describe, expect, test } from 'vitest';
import { NodeRuntime } from '../../../src/maelstrom/node.js';
import type { Message } from '../../../src/maelstrom/message.js';
import { pairOps } from '../../../src/runner/checkers/op-pairs.js';
import { parseOptions, type TestOptions } from '../../../src/runner/command-line/options.js';
import type { RunOutcome } from '../../../src/runner/run/phases.js';
import { simulate } from '../../../src/runner/sim/simulate.js';
import { runScripted, withSetup } from '../../helpers/scripted-nodes.js';
// @ts-expect-error a plain JavaScript example, typed by its use here
import { gCounterOnSeqKv } from '../../../examples/g-counter-seq-kv.mjs';

const isService = (id: string): boolean => ['lin-kv', 'seq-kv', 'lww-kv', 'lin-tso'].includes(id);

/** Each echo: write a unique key to a service, read it back, answer with what was read. Even
 *  msg_ids go through lin-kv, odd ones through seq-kv (a sender reads its own write there). Every
 *  echo also sends a ping to the next node, so partitions have node-to-node traffic to cut. */
const echoThroughServices = withSetup((node, message) => {
  const pending = (node.state.pending ??= new Map<number, Message>()) as Map<number, Message>;
  const { body } = message;
  if (body.type === 'echo') {
    const service = (body.msg_id as number) % 2 === 0 ? 'lin-kv' : 'seq-kv';
    pending.set(body.msg_id as number, message);
    node.send(service, { type: 'write', key: `${message.src}-${body.msg_id}`, value: body.echo, msg_id: body.msg_id });
    node.send(node.id === 'n0' ? 'n1' : 'n0', { type: 'ping' });
  } else if (body.type === 'write_ok') {
    const request = pending.get(body.in_reply_to as number)!;
    node.send(message.src, { type: 'read', key: `${request.src}-${request.body.msg_id}`, msg_id: request.body.msg_id });
  } else if (body.type === 'read_ok') {
    const request = pending.get(body.in_reply_to as number)!;
    pending.delete(body.in_reply_to as number);
    node.reply(request, { type: 'echo_ok', echo: body.value });
  }
});

describe('a node using lin-kv and seq-kv in a run', () => {
  test('replies after 2 RPCs × 2 × latency, every service message delivered through partitions, counted as servers traffic', async () => {
    const outcome = await runScripted(
      echoThroughServices,
      ...'-w echo --node-count 2 --time-limit 4 --rate 20 --latency 20 --nemesis partition --nemesis-interval 0.5 --seed 3'.split(' '),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.results?.['valid?']).toBe(true);
    const echoes = pairOps(outcome.history).filter((p) => p.invoke.f === 'echo');
    expect(echoes.length).toBeGreaterThan(40);
    const events = outcome.journal.events;
    const deliveredAt = new Map(events.filter((e) => e.type === 'recv').map((e) => [e.message.id, e.time]));
    const delivered = new Set(deliveredAt.keys());
    const sent = events.filter((e) => e.type === 'send');
    const serviceSends = sent.filter((e) => isService(e.message.src) || isService(e.message.dest));
    // Each service message, either way, takes the 20 ms drawn for it (constant: FIFO, no queueing
    // at the service); client to node and back cost nothing, so an echo takes 4 hops: 80 ms, more
    // when a client's request waits at its node behind a service reply due later (Maelstrom's
    // head-of-line blocking).
    expect(new Set(serviceSends.map((e) => (deliveredAt.get(e.message.id)! - e.time) / 1e6))).toEqual(new Set([20]));
    const waits = echoes.map((p) => (p.complete!.time - p.invoke.time) / 1e6);
    expect(Math.min(...waits)).toBe(80);
    expect(waits.filter((w) => w === 80).length).toBeGreaterThan(echoes.length / 2);
    const pings = sent.filter((e) => e.message.body.type === 'ping');
    expect(outcome.history.filter((op) => op.f === 'start-partition' && op.type === 'info').length).toBeGreaterThan(1);
    expect(pings.filter((e) => !delivered.has(e.message.id)).length).toBeGreaterThan(0); // partitions did cut nodes apart
    expect(serviceSends.every((e) => delivered.has(e.message.id))).toBe(true);
    expect(serviceSends.length).toBe(4 * echoes.length);
    expect(new Set(serviceSends.map((e) => e.message.src).filter(isService))).toEqual(new Set(['lin-kv', 'seq-kv']));

    const net = outcome.results!.net as { servers: { 'msg-count': number; 'msgs-per-op': number } };
    expect(net.servers['msg-count']).toBe(serviceSends.length + pings.length);
    expect(net.servers['msgs-per-op']).toBeCloseTo(net.servers['msg-count'] / echoes.length, 5);
  });
});

/** Challenge 4's command, in the simulation, with the example's node. */
function counterRun(seed: number, catchUp: boolean): Promise<RunOutcome> {
  const options = parseOptions('sim', [
    ...'-w g-counter --node-count 3 --rate 100 --time-limit 5 --nemesis partition --seed'.split(' '),
    String(seed),
  ]) as TestOptions;
  return simulate(options, {
    seed,
    durable: false,
    program: (deps) => {
      const node = new NodeRuntime(deps);
      gCounterOnSeqKv(node, { catchUp, random: deps.random });
      return node.start();
    },
  });
}

const counterResult = (outcome: RunOutcome): { 'valid?': unknown; 'final-reads': number[]; acceptable: number[][] } => outcome.results?.workload as never;

describe('Gossip Glomers challenge 4 on seq-kv (-w g-counter --node-count 3 --rate 100 --nemesis partition)', () => {
  test('the example node is valid on every seed: each final read is the exact total', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const outcome = await counterRun(seed, true);
      const w = counterResult(outcome);
      expect(outcome.results?.['valid?'], `seed ${seed}: ${JSON.stringify(w)}`).toBe(true);
      expect(w['final-reads'].length).toBe(3);
      expect(w['final-reads'][0]).toBeGreaterThan(200);
    }
  });

  test('the naive node (no state change before a read) returns a stale total on seed 1, and the seed replays it', async () => {
    const first = await counterRun(1, false);
    expect(first.results?.['valid?']).toBe(false);
    expect(counterResult(first)).toMatchObject({ 'valid?': false, 'final-reads': [326, 326, 322], acceptable: [[326, 326]] });
    const again = await counterRun(1, false);
    expect(JSON.stringify(again.journal.events)).toBe(JSON.stringify(first.journal.events));
    // The same seed with the catch-up write: the same operations, every read exact.
    expect(counterResult(await counterRun(1, true))).toMatchObject({ 'valid?': true, 'final-reads': [326, 326, 326] });
  });
});
