// The four services on the runner's network (maelstrom-spec-services-txn.md §16.1): replies carry
// in_reply_to and no msg_id; latency is drawn both ways; one request at a time in delivery order;
// partitions, loss and duplication never touch service traffic; every message is journaled and
// tallied as servers traffic; a request of an unknown type gets no reply and one warning.
import { describe, expect, test } from 'vitest';
import type { Body, Message } from '../../../src/maelstrom/message.js';
import { checkNet } from '../../../src/runner/checkers/net.js';
import { createJournal } from '../../../src/runner/records/journal.js';
import { createNetwork, type LatencyDist } from '../../../src/runner/net/network.js';
import { createRandom } from '../../../src/runner/base/random.js';
import { registerServices, serviceIds } from '../../../src/runner/services/index.js';
import { createVirtualClock } from '../../../src/runner/sim/virtual-clock.js';

function setup(latency: number, latencyDist: LatencyDist = 'constant') {
  const clock = createVirtualClock();
  const journal = createJournal({ keep: true });
  const network = createNetwork({ clock, random: createRandom(1), latency, latencyDist, journal });
  const warnings: string[] = [];
  registerServices(network, { seed: 1, warn: (text) => warnings.push(text) });
  const received: { at: number; message: Message }[] = [];
  for (const id of ['n0', 'n1', 'n2']) network.register(id, (message) => received.push({ at: clock.now(), message }));
  const send = (src: string, dest: string, body: Body): boolean => network.send({ src, dest, body });
  return { clock, journal, network, warnings, received, send };
}

describe('services on the network', () => {
  test('all four are registered under their Maelstrom ids, which are not client ids', () => {
    const { network } = setup(0);
    expect([...serviceIds]).toEqual(['lin-kv', 'lin-tso', 'lww-kv', 'seq-kv']);
    for (const id of serviceIds) expect(network.isRegistered(id), id).toBe(true);
  });

  test('a reply goes to the sender with in_reply_to = the msg_id (null without one) and no msg_id of its own', () => {
    const { clock, received, send } = setup(0);
    send('n0', 'lin-kv', { type: 'write', key: 'k', value: 1, msg_id: 7 });
    send('n1', 'lin-kv', { type: 'read', key: 'k' });
    send('n2', 'lin-tso', { type: 'ts', msg_id: 3 });
    clock.runUntil(10);
    expect(received.map((r) => [r.message.src, r.message.dest, r.message.body])).toEqual([
      ['lin-kv', 'n0', { type: 'write_ok', in_reply_to: 7 }],
      ['lin-kv', 'n1', { type: 'read_ok', value: 1, in_reply_to: null }],
      ['lin-tso', 'n2', { type: 'ts_ok', ts: 0, in_reply_to: 3 }],
    ]);
  });

  test('latency is drawn each way: with constant 50 ms a request arrives at 50 and its reply at 100', () => {
    const { clock, journal, received, send } = setup(50);
    send('n0', 'seq-kv', { type: 'write', key: 'k', value: 1, msg_id: 1 });
    clock.runUntil(99.9);
    expect(received).toEqual([]);
    clock.runUntil(200);
    expect(received.map((r) => r.at)).toEqual([100]);
    expect(journal.events.map((e) => [e.type, e.message.src, e.time / 1e6])).toEqual([
      ['send', 'n0', 0],
      ['recv', 'n0', 50],
      ['send', 'seq-kv', 50],
      ['recv', 'seq-kv', 100],
    ]);
  });

  test('one request at a time, in delivery order: lin-tso numbers follow the order requests were delivered', () => {
    const { clock, journal, received, send } = setup(20, 'uniform');
    for (let k = 0; k < 30; k++) send(`n${k % 3}`, 'lin-tso', { type: 'ts', msg_id: k });
    clock.runUntil(1000);
    const deliveredOrder = journal.events.filter((e) => e.type === 'recv' && e.message.dest === 'lin-tso').map((e) => e.message.body.msg_id);
    const tsOf = new Map(received.map((r) => [r.message.body.in_reply_to, r.message.body.ts]));
    expect(deliveredOrder.map((id) => tsOf.get(id))).toEqual([...Array(30).keys()]);
    expect(deliveredOrder).not.toEqual([...Array(30).keys()]); // uniform latency reordered them
  });

  test('a partition, even one naming a service, and loss and duplication never touch service traffic', () => {
    const { clock, network, received, send } = setup(10);
    network.partition(
      new Map([
        ['n0', new Set(['n1', 'lin-kv', 'seq-kv'])],
        ['lin-kv', new Set(['n0'])],
      ]),
    );
    network.setFaults({ dropProbability: 1, duplicateProbability: 1 });
    send('n1', 'n0', { type: 'gossip' }); // dropped by the partition
    send('n2', 'n1', { type: 'gossip' }); // lost
    for (const service of ['lin-kv', 'seq-kv']) send('n0', service, { type: 'write', key: 'k', value: 1, msg_id: 1 });
    clock.runUntil(100);
    expect(received.map((r) => r.message.src).sort()).toEqual(['lin-kv', 'seq-kv']); // once each: no duplicate
    expect(network.stats()).toMatchObject({ sent: 6, delivered: 4, dropped: 2 });
  });

  test('service messages are journaled and counted as servers traffic in msgs-per-op', () => {
    const { clock, journal, network, send } = setup(5);
    network.register('c0', () => {});
    send('c0', 'n0', { type: 'add', delta: 1, msg_id: 1 });
    send('n0', 'seq-kv', { type: 'read', key: 'n0', msg_id: 1 });
    send('n0', 'lin-kv', { type: 'read', key: 'n0', msg_id: 2 });
    send('n0', 'c0', { type: 'add_ok', in_reply_to: 1 });
    clock.runUntil(100);
    const net = checkNet(journal.tally, [{ index: 0, time: 0, type: 'invoke', process: 0, f: 'add', value: 1 }]);
    expect(net.servers).toMatchObject({ 'send-count': 4, 'recv-count': 4, 'msg-count': 4, 'msgs-per-op': 4 });
    expect(net.clients).toMatchObject({ 'send-count': 2, 'msg-count': 2 });
  });

  test('a type a service does not know: no reply, and one warning per service and type', () => {
    const { clock, received, send, warnings } = setup(0);
    send('n0', 'lin-kv', { type: 'ts', msg_id: 1 });
    send('n1', 'lin-kv', { type: 'ts', msg_id: 2 });
    send('n0', 'lin-tso', { type: 'read', key: 'x', msg_id: 3 });
    send('n0', 'seq-kv', { type: 'read_ok', value: 1, in_reply_to: 4 });
    clock.runUntil(10);
    expect(received).toEqual([]);
    expect(warnings).toEqual([
      'lin-kv does not know requests of type "ts" (from n0) and, as in Maelstrom, sends no reply',
      'lin-tso does not know requests of type "read" (from n0) and, as in Maelstrom, sends no reply',
      'seq-kv does not know requests of type "read_ok" (from n0) and, as in Maelstrom, sends no reply',
    ]);
  });
});
