// Unseen messages (Jepsen's kafka.clj, unseen): at the end of the history, the messages ok sends
// acknowledged that no ok poll ever returned. Jepsen keeps the count as a series over time for a
// plot; the verdict needs only the end. (Jepsen's running difference also counts, at the one op
// that first polls a key no ok send has reached yet, that poll's own messages as unseen; the end
// state differs from this only when that op is the history's last ok send or poll.)
import { compareValues } from '../value-key.js';
import type { UnseenCase } from './cases.js';
import type { HistoryFacts } from './key-facts.js';

/** Maelstrom lists at most this many unseen messages per key. */
const shownMessages = 32;

export function unseenMessages(facts: HistoryFacts): UnseenCase | undefined {
  const counts: [string, number][] = [];
  const listed: [string, unknown[]][] = [];
  for (const key of [...facts.keys.keys()].sort()) {
    const kf = facts.keys.get(key)!;
    const missing = [...kf.acked].filter((v) => !kf.okRead.has(v));
    if (missing.length === 0) continue;
    counts.push([key, missing.length]);
    listed.push([
      key,
      missing
        .map((v) => kf.values.get(v))
        .sort(compareValues)
        .slice(0, shownMessages),
    ]);
  }
  if (facts.lastOkTime === undefined || counts.length === 0) return undefined;
  // fromEntries, not assignment: a key named __proto__ stays a key.
  return { time: facts.lastOkTime, unseen: Object.fromEntries(counts), messages: Object.fromEntries(listed) };
}
