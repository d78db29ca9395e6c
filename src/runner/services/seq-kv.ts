// Maelstrom's seq-kv (service.clj, Sequential over PersistentKV with amalloy's ring buffer): the
// last 32 states of the map and, per sender id, the index of the state it last observed. Each
// request draws a state uniformly between that index and the newest and runs there. A request
// that leaves that state as it was (a read, a cas that fails, a write or cas of the value
// already there) is answered from it and the sender's index moves to the one drawn; any other
// is run again on the newest state, whose result becomes a new state (even when it changes
// nothing there), and the sender catches up to it. So a node sees its own writes and never
// goes back in time while under 32 states behind, but its reads lag until it changes something.
import type { NodeId } from '../../maelstrom/message.js';
import type { ValueKey } from '../checkers/value-key.js';
import { randomInt, type Random } from '../base/random.js';
import { persistentKv, stepKv, type KvEntry, type KvLookup } from './kv.js';
import type { Service } from './service.js';

/** States kept (Maelstrom's default buffer size). */
export const seqKvWindow = 32;

/** How state j came from state j - 1: the key it assigned and what that key held before
 *  (undefined: absent), or null for a state appended unchanged (a cas that failed on the newest). */
type Transition = { key: ValueKey; before: KvEntry | undefined } | null;

export function createSeqKv(random: Random, size = seqKvWindow): Service {
  // The newest state in full; older ones are read through the transitions since them.
  const newest = new Map<ValueKey, KvEntry>();
  const transitions: Transition[] = new Array<Transition>(size).fill(null);
  const views = new Map<NodeId, number>();
  let last = 0;

  const lookupAt =
    (state: number): KvLookup =>
    (key) => {
      for (let j = state + 1; j <= last; j++) {
        const t = transitions[j % size];
        if (t !== null && t.key === key) return t.before;
      }
      return newest.get(key);
    };

  return {
    id: 'seq-kv',
    handle(src, body) {
      const seen = views.get(src) ?? 0;
      const index = randomInt(random, seen, last);
      // The ring buffer indexes modulo what it holds: a sender more than `size` states behind
      // gets a newer state than the index it is then recorded at (Maelstrom does the same).
      const speculative = stepKv(body, lookupAt(last - ((last - index) % size)), persistentKv);
      if (speculative === undefined) return undefined;
      if (!speculative.changes) {
        views.set(src, index);
        return speculative.reply;
      }
      const step = stepKv(body, (key) => newest.get(key), persistentKv)!;
      last++;
      transitions[last % size] = step.write ? { key: step.write.key, before: newest.get(step.write.key) } : null;
      if (step.write) newest.set(step.write.key, { value: step.write.value });
      views.set(src, last);
      return step.reply;
    },
  };
}
