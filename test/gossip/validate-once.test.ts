// A peer's update is checked once on its way into the store: the replicator validates it before
// anything else touches the store or its knowledge, and the store's apply trusts that check
// instead of decoding and checking the update again.
import type * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { GrowOnlySet } from '../../src/crdt/g-set.js';
import type { StructLookup } from '../../src/crdt/store.js';
import { Replicator, directOverlay, encodeGossip } from '../../src/gossip/index.js';
import { silentLogger } from '../../src/maelstrom/log.js';
import { createVirtualClock } from '../../src/runner/sim/virtual-clock.js';

/** A set that counts the items it checks. */
class CountingSet extends GrowOnlySet<number> {
  checked = 0;
  protected override contentProblem(item: Y.Item, lookup: StructLookup): string | undefined {
    this.checked++;
    return super.contentProblem(item, lookup);
  }
}

let peers = 10;
/** An update of one chunk holding `values` from a new writer: two items (the chunk, its values). */
function peerUpdate(...values: number[]): Uint8Array {
  const peer = new GrowOnlySet<number>({ clientId: peers++ });
  peer.add(...values);
  return peer.diff();
}

describe('validate once', () => {
  test('apply checks raw bytes once, and a CheckedUpdate from the same store not again', () => {
    const store = new CountingSet({ clientId: 1 });
    store.apply(peerUpdate(1, 2), 'peer');
    expect(store.checked).toBe(2);
    const checked = store.validate(peerUpdate(3));
    expect(store.checked).toBe(4);
    store.apply(checked, 'peer');
    expect(store.checked).toBe(4);
    expect(store.values()).toEqual([1, 2, 3]);
  });

  test("another store's CheckedUpdate is checked anew", () => {
    const other = new CountingSet({ clientId: 2 });
    const store = new CountingSet({ clientId: 1 });
    store.apply(other.validate(peerUpdate(1)), 'peer');
    expect(store.checked).toBe(2);
  });

  test('a gossip message carrying an update costs one check per item', () => {
    const store = new CountingSet({ clientId: 1 });
    const replicator = new Replicator({
      store,
      self: 'n0',
      nodeIds: ['n0', 'n1'],
      overlay: directOverlay(),
      net: { send: () => {} },
      clock: createVirtualClock(),
      logger: silentLogger,
      random: () => 0.5,
    });
    replicator.start();
    const update = peerUpdate(5, 6);
    replicator.handleGossip({ src: 'n1', dest: 'n0', body: encodeGossip({ stateVector: new Map(), update, incarnation: 7 }) });
    expect(store.values()).toEqual([5, 6]);
    expect(store.checked).toBe(2);
    replicator.stop();
  });
});
