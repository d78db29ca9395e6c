// Rendezvous (highest-random-weight) hashing: the owner of a key is the node whose hash of
// (node, key) is largest. Every node computes the same owner from the node ids init gave it,
// without a message; a key's owner moves only if that node leaves the list. The hash is FNV-1a
// over both strings, finished with MurmurHash3's mixer so that nearby keys ("1", "2") spread.

function hash(node: string, key: string): number {
  let h = 0x811c9dc5;
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  // The node's length first, so ("ab", "c") and ("a", "bc") hash apart.
  feed(`${node.length}:${node}`);
  feed(key);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The owner of `key` among `nodes` (non-empty); ties, vanishingly rare, go to the smaller id. */
export function ownerOf(key: string, nodes: readonly string[]): string {
  if (nodes.length === 0) throw new RangeError('ownerOf needs at least one node');
  let best = nodes[0];
  let bestHash = hash(best, key);
  for (let i = 1; i < nodes.length; i++) {
    const h = hash(nodes[i], key);
    if (h > bestHash || (h === bestHash && nodes[i] < best)) {
      best = nodes[i];
      bestHash = h;
    }
  }
  return best;
}
