// A data directory written by the flat encoding before issue 19 is refused at init, naming the
// earlier encoding, and left as it was: never read as an empty set, never half applied.
import { expect, test } from 'vitest';
import { encodeLog } from '../../src/storage/log-format.js';
import { LegacyCounter, LegacySet } from '../crdt/legacy-stores.js';
import { createDurableCluster } from './durable-cluster.js';

/** A whole, committed log for node `node` holding updates in the earlier encoding. */
function earlierLog(node: string, updates: Uint8Array[]): Uint8Array {
  return encodeLog({ node }, updates);
}

test.each([
  [
    'broadcast',
    'values',
    () => {
      const set = new LegacySet(7);
      const updates: Uint8Array[] = [];
      set.doc.on('update', (u: Uint8Array) => updates.push(u));
      for (const v of [1, 2, 3]) set.add(v);
      return updates;
    },
  ],
  [
    'pn-counter',
    'deltas',
    () => {
      const counter = new LegacyCounter(7);
      const updates: Uint8Array[] = [];
      counter.doc.on('update', (u: Uint8Array) => updates.push(u));
      for (const d of [5n, -2n]) counter.add(d);
      return updates;
    },
  ],
] as const)('%s: a log in the encoding before chunks stops the node at init, saying so', (workload, root, write) => {
  const cluster = createDurableCluster(workload, 3, 1);
  const bytes = earlierLog('n1', write());
  cluster.disks.setBytes('n1', bytes);
  expect(cluster.start('n1')).toBe(false);
  expect(cluster.logs('n1').join('\n')).toMatch(
    new RegExp(
      `init failed: memory disk n1: record 1 is not an update this store accepts \\(invalid update: written in an earlier ygossip encoding \\(root "${root}"\\)`,
    ),
  );
  expect(cluster.disks.bytes('n1')).toEqual(bytes);
  cluster.close();
});
