// The in-memory network between nodes, clients and services, with Maelstrom's semantics
// (Maelstrom's net.clj): per-recipient deadline queues with head-of-line blocking, latency only
// between non-clients, partitions checked at dequeue, and a journal of every send and delivery.
// Messages already due go out back to back in one loop; a timer waits only for a deadline in
// the future, so Node's 1 ms timer floor never slows a burst down.
import { isClientId, type Message, type NodeId } from '../../maelstrom/message.js';
import { formatExactJson } from '../base/exact-json.js';
import type { Journal } from '../records/journal.js';
import { randomInt, type Random } from '../base/random.js';
import type { RunnerClock } from '../base/runner-clock.js';
import { heapPop, heapPush, type Keyed } from './deadline-queue.js';

export type LatencyDist = 'constant' | 'uniform' | 'exponential';

export const latencyDists: readonly LatencyDist[] = ['constant', 'uniform', 'exponential'];

export interface NetworkOptions {
  clock: RunnerClock;
  random: Random;
  /** Mean latency between non-clients, integer ms (Maelstrom's --latency). */
  latency: number;
  latencyDist: LatencyDist;
  journal: Journal;
  /** Journal time 0, on `clock`; defaults to clock.now() when the network is created. */
  originMs?: number;
}

/** Hands a recipient a message, with the one compact JSON line formatExactJson writes for it
 *  (a node host sends that line on as it is, rather than writing the message again). */
export type Deliver = (message: Message, line: string) => void;

export interface NetworkStats {
  sent: number;
  delivered: number;
  /** Dropped by a partition, or queued for an id that was unregistered before delivery. */
  dropped: number;
}

export interface Network {
  /** Registers a node, client or service; a second register of a live id is an error. A
   *  service (Maelstrom's, runner/services) is never partitioned nor faulted, either way. */
  register(id: NodeId, deliver: Deliver, options?: { service?: boolean }): void;
  /** Its queue is dropped, and so is a message it was waiting to deliver. */
  unregister(id: NodeId): void;
  isRegistered(id: NodeId): boolean;
  /** Assigns the network id (global, from 0), journals a send event, queues for delivery.
   *  Returns false (and journals nothing) when src or dest is not registered. The message
   *  delivered and journaled is a shallow copy carrying the id; the argument is not mutated. */
  send(message: Message): boolean;
  /** recipient -> senders it drops (Maelstrom's grudge); checked at dequeue. Replaces the
   *  current table; ids absent from it drop nothing. */
  partition(grudge: ReadonlyMap<NodeId, ReadonlySet<NodeId>>): void;
  heal(): void;
  /** Faults beyond Maelstrom's (the simulation's schedules): random loss and duplication of
   *  messages between non-clients. Maelstrom itself never sets these above 0. */
  setFaults(faults: NetworkFaults): void;
  stats(): NetworkStats;
}

export interface NetworkFaults {
  /** Probability that a node-to-node message (never a service's) is lost at send (journaled as sent only). */
  dropProbability: number;
  /** Probability that a node-to-node message is delivered a second time, later. */
  duplicateProbability: number;
}

/** Rejects what Maelstrom would hang on (uniform, latency 0) or crash on (exponential, 0). */
export function validateLatency(latency: number, latencyDist: LatencyDist): string | undefined {
  if (!Number.isInteger(latency) || latency < 0) return `latency must be a non-negative integer (ms), got ${latency}`;
  if (!latencyDists.includes(latencyDist)) return `latency distribution must be one of ${latencyDists.join(', ')}, got ${latencyDist}`;
  if (latency === 0 && latencyDist !== 'constant') {
    return `latency distribution ${latencyDist} needs a latency above 0 (Maelstrom would ${latencyDist === 'uniform' ? 'hang' : 'crash'})`;
  }
  return undefined;
}

/** One latency draw in integer ms for a message between two non-clients. */
export function drawLatency(random: Random, latency: number, latencyDist: LatencyDist): number {
  switch (latencyDist) {
    case 'constant':
      return latency;
    case 'uniform':
      return randomInt(random, 0, 2 * latency - 1);
    case 'exponential':
      // Inverse CDF; 1 - u lies in (0, 1], so the log is finite.
      return Math.floor(-Math.log(1 - random()) * latency);
  }
}

interface Envelope extends Keyed {
  /** time = delivery deadline (ms on the clock), seq = the message's network id. */
  message: Message;
  /** The body's JSON (its bytes are what the net statistics count) and the message's line. */
  bodyText: string;
  line: string;
}

interface Inbox {
  readonly id: NodeId;
  deliver: Deliver;
  queue: Envelope[];
  /** A pump is scheduled or running: sends only queue. */
  pumping: boolean;
  /** The message the delivery loop waits on (head-of-line), and how to stop waiting. */
  waiting: Envelope | null;
  cancelWait: (() => void) | null;
}

/** Deliveries in one pump before it yields, so a node talking to itself cannot starve the rest. */
const maxBurst = 1000;

export function createNetwork(options: NetworkOptions): Network {
  const problem = validateLatency(options.latency, options.latencyDist);
  if (problem) throw new RangeError(problem);
  return new SimulatedNetwork(options);
}

class SimulatedNetwork implements Network {
  private readonly inboxes = new Map<NodeId, Inbox>();
  private readonly services = new Set<NodeId>();
  private grudge: ReadonlyMap<NodeId, ReadonlySet<NodeId>> = new Map();
  private faults: NetworkFaults = { dropProbability: 0, duplicateProbability: 0 };
  private nextMessageId = 0;
  private readonly counts: NetworkStats = { sent: 0, delivered: 0, dropped: 0 };
  private readonly origin: number;

  constructor(private readonly options: NetworkOptions) {
    this.origin = options.originMs ?? options.clock.now();
  }

  register(id: NodeId, deliver: Deliver, options?: { service?: boolean }): void {
    if (this.inboxes.has(id)) throw new Error(`network: ${id} is already registered`);
    this.inboxes.set(id, { id, deliver, queue: [], pumping: false, waiting: null, cancelWait: null });
    if (options?.service) this.services.add(id);
  }

  unregister(id: NodeId): void {
    const inbox = this.inboxes.get(id);
    if (!inbox) return;
    this.inboxes.delete(id);
    this.services.delete(id);
    if (inbox.cancelWait) {
      inbox.cancelWait();
      inbox.cancelWait = inbox.waiting = null;
      this.counts.dropped++;
    }
    this.counts.dropped += inbox.queue.length;
    inbox.queue.length = 0;
  }

  isRegistered(id: NodeId): boolean {
    return this.inboxes.has(id);
  }

  send(message: Message): boolean {
    const inbox = this.inboxes.get(message.dest);
    if (!inbox || !this.inboxes.has(message.src)) return false;
    const { clock, random, latency, latencyDist } = this.options;
    const id = this.nextMessageId++;
    const sent: Message = { ...message, id };
    const bodyText = formatExactJson(sent.body);
    const envelope: Envelope = { time: clock.now(), seq: id, message: sent, bodyText, line: lineAround(sent, bodyText) };
    this.record('send', envelope);
    this.counts.sent++;
    if (isClientId(sent.dest)) {
      // Clients are never delayed nor partitioned, and their reader takes each message as it
      // comes: delivered now, so a client closed on its reply hears nothing more.
      this.deliver(inbox, envelope);
      return true;
    }
    if (!isClientId(sent.src)) return this.sendBetweenNodes(inbox, envelope, drawLatency(random, latency, latencyDist));
    this.enqueue(inbox, envelope);
    return true;
  }

  setFaults(faults: NetworkFaults): void {
    this.faults = { ...faults };
  }

  partition(next: ReadonlyMap<NodeId, ReadonlySet<NodeId>>): void {
    // Clients and services are never partitioned, whatever the grudge says.
    const spared = (id: NodeId): boolean => isClientId(id) || this.services.has(id);
    const table = new Map<NodeId, ReadonlySet<NodeId>>();
    for (const [recipient, senders] of next) {
      if (spared(recipient)) continue;
      const kept = new Set([...senders].filter((sender) => !spared(sender)));
      if (kept.size > 0) table.set(recipient, kept);
    }
    this.grudge = table;
  }

  heal(): void {
    this.grudge = new Map();
  }

  stats(): NetworkStats {
    return { ...this.counts };
  }

  /** Latency, then the simulation's loss and duplication (never set by Maelstrom) between nodes. */
  private sendBetweenNodes(inbox: Inbox, envelope: Envelope, delay: number): true {
    const { random, latency } = this.options;
    const { src, dest } = envelope.message;
    if (this.services.has(src) || this.services.has(dest)) {
      this.enqueue(inbox, { ...envelope, time: envelope.time + delay });
      return true;
    }
    if (this.faults.dropProbability > 0 && random() < this.faults.dropProbability) {
      this.counts.dropped++;
      return true;
    }
    this.enqueue(inbox, { ...envelope, time: envelope.time + delay });
    if (this.faults.duplicateProbability > 0 && random() < this.faults.duplicateProbability) {
      this.enqueue(inbox, { ...envelope, time: envelope.time + delay + drawLatency(random, Math.max(1, latency), 'constant') });
    }
    return true;
  }

  private record(type: 'send' | 'recv', envelope: Envelope): void {
    const time = Math.round((this.options.clock.now() - this.origin) * 1e6);
    this.options.journal.record(type, time, envelope.message, envelope);
  }

  private deliver(inbox: Inbox, envelope: Envelope): void {
    this.record('recv', envelope);
    this.counts.delivered++;
    inbox.deliver(envelope.message, envelope.line);
  }

  private enqueue(inbox: Inbox, envelope: Envelope): void {
    heapPush(inbox.queue, envelope);
    this.schedule(inbox);
  }

  // Delivery never runs inside the sender's call stack: it is scheduled, then loops.
  private schedule(inbox: Inbox): void {
    if (inbox.pumping || inbox.waiting || this.inboxes.get(inbox.id) !== inbox) return;
    inbox.pumping = true;
    this.options.clock.soon(() => this.pump(inbox));
  }

  // Maelstrom's per-recipient delivery thread: take the earliest deadline, check the grudge,
  // wait for the deadline, deliver, repeat. A message that arrives with an earlier deadline
  // while it waits is not delivered first (head-of-line blocking).
  private pump(inbox: Inbox): void {
    try {
      for (let burst = 0; burst < maxBurst && this.inboxes.get(inbox.id) === inbox; burst++) {
        const envelope = heapPop(inbox.queue);
        if (envelope === undefined) return;
        if (this.grudge.get(inbox.id)?.has(envelope.message.src)) {
          this.counts.dropped++;
          continue;
        }
        if (envelope.time > this.options.clock.now()) return this.wait(inbox, envelope);
        this.deliver(inbox, envelope);
      }
    } finally {
      // Also when a delivery threw: the inbox must not stay stuck.
      inbox.pumping = false;
      if (inbox.queue.length > 0) this.schedule(inbox);
    }
  }

  private wait(inbox: Inbox, envelope: Envelope): void {
    const { clock } = this.options;
    inbox.waiting = envelope;
    inbox.cancelWait = clock.setTimer(envelope.time - clock.now(), () => {
      inbox.waiting = inbox.cancelWait = null;
      if (this.inboxes.get(inbox.id) !== inbox) return;
      try {
        this.deliver(inbox, envelope);
      } finally {
        this.schedule(inbox);
      }
    });
  }
}

/**
 * formatExactJson(message), with the body's JSON already written: the same keys in the same
 * order, left out where JSON.stringify leaves them out, so the line is the one it would write.
 */
function lineAround(message: Message, bodyText: string): string {
  let line = '{';
  for (const key of Object.keys(message)) {
    const value = (message as unknown as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (line.length > 1) line += ',';
    // A string or a number is written as JSON.stringify writes it: only containers hold exact numbers.
    const text = key === 'body' ? bodyText : typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : formatExactJson(value);
    line += `${JSON.stringify(key)}:${text}`;
  }
  return `${line}}`;
}
