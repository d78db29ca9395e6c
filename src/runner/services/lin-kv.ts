// Maelstrom's lin-kv (service.clj, Linearizable over PersistentKV): one map, each request
// applied to it in the order the service takes requests off its queue, so the moment of
// dequeueing is every operation's linearization point.
import type { ValueKey } from '../checkers/value-key.js';
import { persistentKv, stepKv, type KvEntry } from './kv.js';
import type { Service } from './service.js';

export function createLinKv(): Service {
  const entries = new Map<ValueKey, KvEntry>();
  return {
    id: 'lin-kv',
    handle(_src, body) {
      const step = stepKv(body, (key) => entries.get(key), persistentKv);
      if (step?.write) entries.set(step.write.key, { value: step.write.value });
      return step?.reply;
    },
  };
}
