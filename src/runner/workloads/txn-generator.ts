// The transactions txn-rw-register and txn-list-append send (Elle's txn.clj wr-txns, and
// list_append.clj's append-txns, which renames the writes): a pool of `keyCount` integer keys
// 0…keyCount−1, each transaction 1…maxTxnLength micro-ops, each a read or a write with
// probability ½ on a key drawn exponentially (the pool's last position is the hottest, about
// half the draws). Writes to a key carry 1, 2, 3, …; a key that would take more than
// maxWritesPerKey writes is replaced in its position by a fresh key (the pool's largest + 1) and
// the micro-op drawn again. Reads are sent with null, for the node to fill in.
import { randomInt, type Random } from '../base/random.js';

export type TxnMop = [f: 'r' | 'w' | 'append', key: number, value: number | null];

export interface TxnGeneratorOptions {
  /** Keys in play at once (--key-count; Elle's default for the exponential draw is 10). */
  keyCount: number;
  /** --max-txn-length; Maelstrom never sets a minimum, so Elle's 1 holds. */
  maxTxnLength: number;
  /** --max-writes-per-key. */
  maxWritesPerKey: number;
  /** What a write is called: 'w' (rw-register) or 'append' (list-append). */
  write: 'w' | 'append';
}

/**
 * Elle's rand-key for the exponential distribution with base 2: position i of `count` with
 * probability 2^(i+1) / (2^(count+1) − 2). Computed as Elle does (a uniform draw over the scale,
 * then a logarithm), with the index capped for pools so large that 2^count overflows.
 */
export function exponentialIndex(random: Random, count: number): number {
  const scale = 2 * (2 ** count - 1);
  const i = Math.floor(Math.log2(random() * scale + 2) - 1);
  return Math.min(Math.max(i, 0), count - 1);
}

/** An endless stream of transactions, one per call, from one generator state (Elle's lazy seq). */
export function txnStream(random: Random, options: TxnGeneratorOptions): () => TxnMop[] {
  const { keyCount, maxTxnLength, maxWritesPerKey, write } = options;
  const active = Array.from({ length: keyCount }, (_, i) => i);
  // The next value per key; a key not here has taken no write yet. Replaced keys stay: they never return.
  const nextValue = new Map<number, number>();
  let largest = keyCount - 1;
  return () => {
    const txn: TxnMop[] = [];
    let length = randomInt(random, 1, maxTxnLength);
    while (length > 0) {
      const isWrite = random() < 0.5;
      const position = exponentialIndex(random, active.length);
      const key = active[position];
      if (!isWrite) {
        txn.push(['r', key, null]);
        length--;
        continue;
      }
      const value = nextValue.get(key) ?? 1;
      if (value > maxWritesPerKey) {
        active[position] = ++largest;
        continue;
      }
      nextValue.set(key, value + 1);
      txn.push([write, key, value]);
      length--;
    }
    return txn;
  };
}
