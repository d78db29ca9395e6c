// Lost update (elle/txn.clj lost-update-cases): two or more committed transactions that read
// the same version of a key and then both wrote it. Found directly, in one pass, because the
// version order may be too incomplete to show the G2-item cycle a lost update implies. The
// scan is Elle's to the letter, quirks included: a write not preceded by a read of its key
// does not count as the transaction's write of it, so a later read-then-write in the same
// transaction still does.
import { valueKey, type ValueKey } from '../value-key.js';
import type { Op } from '../../records/history.js';
import type { MopF, Txn } from './transactions.js';

export interface LostUpdateCase {
  key: unknown;
  value: unknown;
  txns: Op[];
}

export function lostUpdateCases(txns: readonly Txn[], write: MopF): LostUpdateCase[] {
  const groups = new Map<string, LostUpdateCase>();
  for (const t of txns) {
    if (t.type !== 'ok') continue;
    const reads = new Map<ValueKey, unknown>();
    const written = new Set<ValueKey>();
    for (const m of t.mops) {
      if (m.f === write && !written.has(m.k)) {
        if (!reads.has(m.k)) continue;
        const value = reads.get(m.k);
        const id = `${String(m.k)}\u0000${String(valueKey(value))}`;
        const group = groups.get(id) ?? { key: m.key, value, txns: [] };
        group.txns.push(t.op);
        groups.set(id, group);
        written.add(m.k);
      } else if (!reads.has(m.k)) reads.set(m.k, m.value);
    }
  }
  return [...groups.values()].filter((g) => g.txns.length >= 2);
}
