// Maelstrom's lww-kv (service.clj, Eventual over LWWKV), as its code behaves rather than as its
// documentation says: 2 replicas, each a map of key -> {value, ts} with its own Lamport clock,
// and every request applied to one replica drawn at random. The last-write-wins merge that
// service.clj computes on each request is discarded by a shadowed binding, so replicas never
// exchange anything: a key written once is found by about half the reads, forever.
import type { ValueKey } from '../checkers/value-key.js';
import { randomInt, type Random } from '../base/random.js';
import { lwwKv, stepKv, type KvEntry } from './kv.js';
import type { Service } from './service.js';

export const lwwKvReplicas = 2;

interface Replica {
  /** The Lamport clock: the timestamp of this replica's next write. Only the merge that never
   *  takes effect would read timestamps; they are kept so a replica is what Maelstrom holds. */
  clock: number;
  entries: Map<ValueKey, KvEntry & { ts: number }>;
}

export function createLwwKv(random: Random): Service {
  const replicas: Replica[] = Array.from({ length: lwwKvReplicas }, () => ({ clock: 0, entries: new Map() }));
  return {
    id: 'lww-kv',
    handle(_src, body) {
      const replica = replicas[randomInt(random, 0, replicas.length - 1)];
      const step = stepKv(body, (key) => replica.entries.get(key), lwwKv);
      if (step?.write) replica.entries.set(step.write.key, { value: step.write.value, ts: replica.clock++ });
      return step?.reply;
    },
  };
}
