// Maelstrom's four services (service.clj, default-services), reached over the same network as
// the nodes: ordinary non-client ids, so their traffic has latency both ways, counts as servers
// traffic and is journaled; the network never partitions nor faults it. Each takes its requests
// one at a time in delivery order (the network's per-recipient queue is Maelstrom's service
// thread) and keeps its state for the whole test, whatever happens to the nodes.
import type { Body, Message } from '../../maelstrom/message.js';
import { formatExactJson } from '../base/exact-json.js';
import type { Network } from '../net/network.js';
import { deriveRandom } from '../base/random.js';
import { createLinKv } from './lin-kv.js';
import { createLinTso } from './lin-tso.js';
import { createLwwKv } from './lww-kv.js';
import { createSeqKv } from './seq-kv.js';
import type { Service } from './service.js';

export type { Service } from './service.js';
export { createLinKv, createLinTso, createLwwKv, createSeqKv };
export { seqKvWindow } from './seq-kv.js';
export { lwwKvReplicas } from './lww-kv.js';

export const serviceIds = ['lin-kv', 'lin-tso', 'lww-kv', 'seq-kv'] as const;

export interface ServicesOptions {
  /** The run's seed: each service that draws gets a stream of its own from it, so runs replay. */
  seed: number;
  /** Told once per service and request type that gets no reply (Maelstrom logs each one). */
  warn?: (text: string) => void;
}

export function createServices(seed: number): Service[] {
  return [createLinKv(), createLinTso(), createLwwKv(deriveRandom(seed, 'lww-kv')), createSeqKv(deriveRandom(seed, 'seq-kv'))];
}

/** Registers all four on `network` (before any node starts, as Maelstrom's DB setup does). */
export function registerServices(network: Network, options: ServicesOptions): void {
  for (const service of createServices(options.seed)) {
    const warned = new Set<string>();
    network.register(service.id, (request) => answer(network, service, request, warned, options.warn), { service: true });
  }
}

function answer(network: Network, service: Service, request: Message, warned: Set<string>, warn: ServicesOptions['warn']): void {
  const reply = service.handle(request.src, request.body);
  if (reply === undefined) {
    const type = formatExactJson(request.body.type ?? null);
    if (!warned.has(type)) {
      warned.add(type);
      warn?.(`${service.id} does not know requests of type ${type} (from ${request.src}) and, as in Maelstrom, sends no reply`);
    }
    return;
  }
  // in_reply_to is the request's msg_id, or null without one; a service's reply has no msg_id.
  network.send({ src: service.id, dest: request.src, body: { ...reply, in_reply_to: request.body.msg_id ?? null } as Body });
}
