import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/maelstrom/message.js';
import { formatExactJson, JsonFloat } from '../../../src/runner/base/exact-json.js';
import { createJournal, formatJournalEvent } from '../../../src/runner/records/journal.js';
import { createNetwork as createNetworkWith, drawLatency, type LatencyDist, type Network, type NetworkOptions } from '../../../src/runner/net/network.js';
import { createRandom, type Random } from '../../../src/runner/base/random.js';
import { createVirtualClock, type VirtualClock } from '../../../src/runner/sim/virtual-clock.js';

/** A network with a journal that keeps its events, readable as `network.journal`. */
function createNetwork(options: Omit<NetworkOptions, 'journal'>): Network & { journal: ReturnType<typeof createJournal>['events'] } {
  const journal = createJournal({ keep: true });
  return Object.assign(createNetworkWith({ ...options, journal }), { journal: journal.events });
}

interface Delivery {
  at: number;
  src: string;
  dest: string;
  n: unknown;
  id: number | undefined;
}

function setup(latency: number, latencyDist: LatencyDist = 'constant', random: Random = createRandom(1)) {
  const clock = createVirtualClock();
  const network = createNetwork({ clock, random, latency, latencyDist });
  const log: Delivery[] = [];
  const join = (id: string, react?: (message: Message) => void) =>
    network.register(id, (message) => {
      log.push({ at: clock.now(), src: message.src, dest: message.dest, n: message.body.n, id: message.id });
      react?.(message);
    });
  const send = (src: string, dest: string, n: number) => network.send({ src, dest, body: { type: 'x', n } });
  return { clock, network, log, join, send };
}

/** A Random that replays fixed values: lets a test pick each latency draw. */
function scripted(values: number[]): Random {
  let k = 0;
  return () => {
    if (k >= values.length) throw new Error('scripted random exhausted');
    return values[k++];
  };
}

const at = (clock: VirtualClock, time: number, fn: () => void) => clock.setTimer(time - clock.now(), fn);

describe('network: latency and order', () => {
  it('constant latency: FIFO per recipient across senders, each at send time + latency', () => {
    const { clock, log, join, send } = setup(10);
    for (const id of ['n1', 'n2', 'n3', 'n4']) join(id);
    at(clock, 0, () => send('n1', 'n4', 1));
    at(clock, 1, () => send('n2', 'n4', 2));
    at(clock, 1, () => send('n3', 'n4', 3));
    at(clock, 2.5, () => send('n1', 'n4', 4));
    clock.runUntil(9.99);
    expect(log).toEqual([]); // never before the deadline
    clock.runUntil(11);
    expect(log.map((d) => d.n)).toEqual([1, 2, 3]);
    clock.runUntil(100);
    expect(log.map((d) => [d.n, d.at])).toEqual([
      [1, 10],
      [2, 11],
      [3, 11],
      [4, 12.5],
    ]);
  });

  it('uniform latency: head-of-line blocking, then earliest deadline first', () => {
    // latency 100 uniform draws floor(r * 200): 0.9 -> 180, 0.75 -> 150, 0.1 -> 20, 0.05 -> 10
    const { clock, log, join, send } = setup(100, 'uniform', scripted([0.9, 0.75, 0.1]));
    join('n1');
    join('n2');
    at(clock, 0, () => send('n1', 'n2', 0)); // deadline 180: the loop waits on it
    at(clock, 1, () => send('n1', 'n2', 1)); // deadline 151
    at(clock, 2, () => send('n1', 'n2', 2)); // deadline 22, blocked behind message 0
    clock.runUntil(179);
    expect(log).toEqual([]);
    clock.runUntil(1000);
    // 2 overtakes 1 (earlier deadline) but not 0 (already being waited on)
    expect(log.map((d) => [d.n, d.at])).toEqual([
      [0, 180],
      [2, 180],
      [1, 180],
    ]);
  });

  it('uniform latency: every message arrives once, never before its deadline', () => {
    const clock = createVirtualClock();
    const base = createRandom(9);
    const draws: number[] = [];
    const random: Random = () => {
      const r = base();
      draws.push(r);
      return r;
    };
    const network = createNetwork({ clock, random, latency: 50, latencyDist: 'uniform' });
    const received: number[] = [];
    for (const id of ['n1', 'n2', 'n3']) network.register(id, (m) => received.push(m.body.n as number));
    for (let k = 0; k < 300; k++) {
      at(clock, k, () => network.send({ src: ['n1', 'n2', 'n3'][k % 3], dest: ['n2', 'n3', 'n1'][k % 3], body: { type: 'x', n: k } }));
    }
    clock.runUntil(Infinity);
    expect(received.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, k) => k));
    // with up to 99 ms latency and one send per ms, some reordering must have happened
    expect(received).not.toEqual(Array.from({ length: 300 }, (_, k) => k));
    // one draw per send, in send order: message k's deadline is k + floor(draw * 100) ms
    expect(draws).toHaveLength(300);
    for (const event of network.journal.filter((e) => e.type === 'recv')) {
      const k = event.message.id!;
      expect(event.time).toBeGreaterThanOrEqual((k + Math.floor(draws[k] * 100)) * 1e6);
    }
  });

  it('client messages have zero latency in both directions; server pairs do not', () => {
    const { clock, log, join, send } = setup(100);
    join('c1');
    join('n1', (m) => {
      if (m.src === 'c1') send('n1', 'c1', 2);
    });
    join('n2');
    send('c1', 'n1', 1);
    send('n1', 'n2', 3);
    send('lin-kv', 'n1', 4); // unregistered service: refused
    clock.runUntil(0);
    expect(log.map((d) => [d.n, d.dest, d.at])).toEqual([
      [1, 'n1', 0],
      [2, 'c1', 0],
    ]);
    clock.runUntil(100);
    expect(log.at(-1)).toMatchObject({ n: 3, dest: 'n2', at: 100 });
  });

  it('a service is not a client: it gets latency', () => {
    const { clock, log, join, send } = setup(7);
    join('seq-kv');
    join('n1');
    send('n1', 'seq-kv', 1);
    clock.runUntil(100);
    expect(log).toEqual([{ at: 7, src: 'n1', dest: 'seq-kv', n: 1, id: 0 }]);
  });

  it('draws: uniform covers 0..2M-1, exponential has mean about M - 0.5, both integers', () => {
    const random = createRandom(11);
    const uniform = Array.from({ length: 20_000 }, () => drawLatency(random, 5, 'uniform'));
    expect(new Set(uniform)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const exponential = Array.from({ length: 50_000 }, () => drawLatency(random, 100, 'exponential'));
    expect(exponential.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const mean = exponential.reduce((a, b) => a + b, 0) / exponential.length;
    expect(mean).toBeGreaterThan(97);
    expect(mean).toBeLessThan(102);
    expect(drawLatency(random, 42, 'constant')).toBe(42);
  });

  it('rejects latency 0 with uniform or exponential instead of hanging', () => {
    const clock = createVirtualClock();
    const random = createRandom(1);
    expect(() => createNetwork({ clock, random, latency: 0, latencyDist: 'uniform' })).toThrow(/uniform/);
    expect(() => createNetwork({ clock, random, latency: 0, latencyDist: 'exponential' })).toThrow(/exponential/);
    expect(() => createNetwork({ clock, random, latency: -1, latencyDist: 'constant' })).toThrow(/latency/);
    expect(() => createNetwork({ clock, random, latency: 0, latencyDist: 'constant' })).not.toThrow();
  });
});

describe('network: partitions', () => {
  it('checks the grudge at dequeue: the message being waited on survives, queued ones drop', () => {
    const { clock, network, log, join, send } = setup(10);
    join('n1');
    join('n2');
    at(clock, 0, () => send('n1', 'n2', 0)); // taken at once: checked before the partition
    at(clock, 1, () => send('n1', 'n2', 1)); // queued behind 0: checked at 10, dropped
    at(clock, 5, () => network.partition(new Map([['n2', new Set(['n1'])]])));
    at(clock, 12, () => send('n1', 'n2', 2)); // sent during the partition: dropped
    at(clock, 20, () => network.heal());
    at(clock, 30, () => send('n1', 'n2', 3)); // after the heal: delivered
    clock.runUntil(1000);
    expect(log.map((d) => [d.n, d.at])).toEqual([
      [0, 10],
      [3, 40],
    ]);
    expect(network.stats()).toEqual({ sent: 4, delivered: 2, dropped: 2 });
    const sends = network.journal.filter((e) => e.type === 'send').map((e) => e.message.body.n);
    const recvs = network.journal.filter((e) => e.type === 'recv').map((e) => e.message.body.n);
    expect(sends).toEqual([0, 1, 2, 3]);
    expect(recvs).toEqual([0, 3]);
  });

  it('one-way partitions drop in one direction only', () => {
    const { clock, network, log, join, send } = setup(5);
    join('n1');
    join('n2');
    network.partition(new Map([['n2', new Set(['n1'])]]));
    send('n1', 'n2', 1);
    send('n2', 'n1', 2);
    clock.runUntil(100);
    expect(log.map((d) => [d.src, d.dest])).toEqual([['n2', 'n1']]);
  });

  it('never partitions clients, whatever the grudge says', () => {
    const { clock, network, log, join, send } = setup(5);
    join('c1');
    join('n1');
    join('n2');
    network.partition(
      new Map([
        ['n1', new Set(['c1', 'n2'])],
        ['c1', new Set(['n1'])],
      ]),
    );
    send('c1', 'n1', 1);
    send('n1', 'c1', 2);
    send('n2', 'n1', 3);
    clock.runUntil(100);
    expect(log.map((d) => d.n).sort()).toEqual([1, 2]);
  });

  it('a new partition table replaces the old one', () => {
    const { clock, network, log, join, send } = setup(1);
    for (const id of ['n1', 'n2', 'n3']) join(id);
    network.partition(new Map([['n2', new Set(['n1'])]]));
    network.partition(new Map([['n3', new Set(['n1'])]]));
    send('n1', 'n2', 1);
    send('n1', 'n3', 2);
    clock.runUntil(100);
    expect(log.map((d) => d.n)).toEqual([1]);
  });
});

describe('network: registration, journal, re-entrancy', () => {
  it('refuses sends from or to unregistered ids and journals nothing for them', () => {
    const { network, join, send } = setup(0);
    join('n1');
    expect(send('n1', 'n9', 1)).toBe(false);
    expect(send('n9', 'n1', 1)).toBe(false);
    expect(network.journal).toEqual([]);
    expect(send('n1', 'n1', 1)).toBe(true);
    expect(network.journal).toHaveLength(1);
  });

  it('drops in-flight messages to an id unregistered meanwhile, even if it re-registers', () => {
    const { clock, network, log, join, send } = setup(10);
    join('n1');
    join('n2');
    send('n1', 'n2', 1);
    send('n1', 'n2', 2);
    clock.runUntil(5);
    network.unregister('n2');
    expect(network.isRegistered('n2')).toBe(false);
    join('n2');
    send('n1', 'n2', 3);
    clock.runUntil(100);
    expect(log.map((d) => [d.n, d.at])).toEqual([[3, 15]]);
    expect(network.journal.filter((e) => e.type === 'recv')).toHaveLength(1);
    expect(network.stats()).toEqual({ sent: 3, delivered: 1, dropped: 2 });
  });

  it('journals every send with the global id and every delivery, times in integer ns', () => {
    const { clock, network, join, send } = setup(3);
    join('c0');
    join('n1');
    join('n2');
    send('c0', 'n1', 0);
    at(clock, 0.5, () => send('n1', 'n2', 1));
    at(clock, 2, () => send('n2', 'n1', 2));
    clock.runUntil(100);
    const journal = network.journal;
    expect(journal.map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(journal.map((e) => [e.type, e.message.id, e.time])).toEqual([
      ['send', 0, 0],
      ['recv', 0, 0],
      ['send', 1, 500_000],
      ['send', 2, 2_000_000],
      ['recv', 1, 3_500_000],
      ['recv', 2, 5_000_000],
    ]);
    expect(journal.every((e) => Number.isInteger(e.time))).toBe(true);
  });

  it('does not mutate the message handed to send', () => {
    const { clock, network, join } = setup(0);
    join('n1');
    const message: Message = { src: 'n1', dest: 'n1', body: { type: 'x' } };
    network.send(message);
    network.send(message);
    clock.runUntil(1);
    expect(message.id).toBeUndefined();
    expect(network.journal.filter((e) => e.type === 'send').map((e) => e.message.id)).toEqual([0, 1]);
  });

  it('lets a delivery callback send synchronously, to itself and others', () => {
    const { clock, log, join, send } = setup(2);
    join('n1', (m) => {
      const n = m.body.n as number;
      if (n < 5) {
        send('n1', 'n1', n + 1);
        send('n1', 'n2', n + 100);
      }
    });
    join('n2');
    send('n1', 'n1', 0);
    clock.runUntil(1000);
    expect(log.filter((d) => d.dest === 'n1').map((d) => [d.n, d.at])).toEqual([
      [0, 2],
      [1, 4],
      [2, 6],
      [3, 8],
      [4, 10],
      [5, 12],
    ]);
    expect(log.filter((d) => d.dest === 'n2').map((d) => d.n)).toEqual([100, 101, 102, 103, 104]);
  });

  it('keeps delivering after a callback throws', () => {
    const { clock, log, join, send } = setup(1);
    join('n1', (m) => {
      if (m.body.n === 1) throw new Error('boom');
    });
    send('n1', 'n1', 1);
    send('n1', 'n1', 2);
    expect(() => clock.runUntil(10)).toThrow('boom');
    clock.runUntil(10);
    expect(log.map((d) => d.n)).toEqual([1, 2]);
  });

  it('replays the same delivery order for the same seed, and another for another seed', () => {
    const run = (seed: number) => {
      const random = createRandom(seed);
      const clock = createVirtualClock();
      const network = createNetwork({ clock, random, latency: 20, latencyDist: 'exponential' });
      const nodes = ['n0', 'n1', 'n2', 'n3', 'n4'];
      const order: string[] = [];
      let budget = 2000;
      for (const id of nodes) {
        network.register(id, (m) => {
          order.push(`${m.id}:${m.src}>${id}@${clock.now()}`);
          if (budget-- > 0) {
            const dest = nodes[Math.floor(random() * nodes.length)];
            network.send({ src: id, dest, body: { type: 'x' } });
          }
        });
      }
      for (const id of nodes) network.send({ src: id, dest: nodes[(nodes.indexOf(id) + 1) % 5], body: { type: 'x' } });
      clock.runUntil(Infinity);
      return order;
    };
    const first = run(123);
    expect(first.length).toBeGreaterThan(2000);
    expect(run(123)).toEqual(first);
    expect(run(124)).not.toEqual(first);
  });
});

describe('network: due messages go out back to back', () => {
  it('delivers a burst that is already due without a timer per message', () => {
    const clock = createVirtualClock();
    let timers = 0;
    const counting = {
      ...clock,
      setTimer: (ms: number, fn: () => void) => {
        timers++;
        return clock.setTimer(ms, fn);
      },
      soon: (fn: () => void) => clock.setTimer(0, fn),
    };
    const network = createNetwork({ clock: counting, random: createRandom(1), latency: 0, latencyDist: 'constant' });
    const received: number[] = [];
    network.register('c1', () => {});
    network.register('n1', (m) => received.push(m.body.n as number));
    for (let k = 0; k < 300; k++) network.send({ src: 'c1', dest: 'n1', body: { type: 'x', n: k } });
    clock.runUntil(0);
    expect(received).toEqual(Array.from({ length: 300 }, (_, k) => k));
    expect(timers).toBe(0); // one soon() for the whole burst, no timer per delivery
  });

  it('waits with a timer only for a deadline in the future', () => {
    const clock = createVirtualClock();
    const waits: number[] = [];
    const counting = {
      ...clock,
      setTimer: (ms: number, fn: () => void) => {
        waits.push(ms);
        return clock.setTimer(ms, fn);
      },
      soon: (fn: () => void) => clock.setTimer(0, fn),
    };
    const network = createNetwork({ clock: counting, random: createRandom(1), latency: 10, latencyDist: 'constant' });
    const received: number[] = [];
    network.register('n1', () => {});
    network.register('n2', (m) => received.push(m.body.n as number));
    for (let k = 0; k < 50; k++) network.send({ src: 'n1', dest: 'n2', body: { type: 'x', n: k } });
    clock.runUntil(100);
    expect(received).toHaveLength(50);
    expect(waits).toEqual([10]); // one wait for the head; the other 49 are due when it is
  });
});

describe('network: the lines it hands on', () => {
  it('delivers each message with the line formatExactJson writes for it, and the journal keeps the same', () => {
    const clock = createVirtualClock();
    const journal = createJournal({ keep: true });
    const network = createNetworkWith({ clock, random: createRandom(1), latency: 5, latencyDist: 'constant', journal });
    const got: [Message, string][] = [];
    network.register('n1', () => {});
    network.register('n2', (message, line) => got.push([message, line]));
    const bodies = [
      { type: 'x', n: new JsonFloat(3, '3.0'), big: 12345678901234567890n, text: 'é"\\\n', nested: [{ a: null }] },
      { type: 'y', gone: undefined, msg_id: 7 },
    ];
    for (const body of bodies) network.send({ src: 'n1', dest: 'n2', body: body as Message['body'] });
    network.send({ dest: 'n2', src: 'n1', body: { type: 'z' } } as Message); // keys in another order
    clock.runUntil(100);
    expect(got).toHaveLength(3);
    for (const [message, line] of got) expect(line).toBe(formatExactJson(message));
    expect(got[0][1]).toContain('"n":3.0,"big":12345678901234567890');
    expect(got[2][1].startsWith('{"dest":"n2","src":"n1"')).toBe(true);
    expect(journal.messageLines).toHaveLength(journal.events.length);
    journal.events.forEach((event, i) => expect(formatJournalEvent(event, journal.messageLines[i])).toBe(formatExactJson(event)));
  });
});
