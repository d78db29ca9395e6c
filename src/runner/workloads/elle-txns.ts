// Elle's transaction source (elle txn.clj wr-txns, list_append.clj append-txns, v0.2.2): an
// endless sequence of transactions over a pool of integer keys. Each micro-op is a read or a
// write/append with probability ½, on a key drawn from the pool with Elle's exponential
// distribution (base 2: pool position i has weight 2^(i+1), so the last position is hottest);
// writes to a key carry 1, 2, 3, … and a key that would exceed max-writes-per-key is replaced in
// place by a fresh one (the pool's largest key + 1) and the micro-op drawn again. kafka takes
// transactions of one micro-op; the txn workloads take 1…max-txn-length.
import { randomInt, type Random } from '../base/random.js';

/** A read [r k null] or a write [w k v] (list-append calls it append). */
export type ElleMop = ['r', number, null] | ['w', number, number];

export interface ElleTxnOptions {
  /** Keys in the pool at once (Elle's default 10 for the exponential distribution). */
  keyCount: number;
  minTxnLength: number;
  maxTxnLength: number;
  maxWritesPerKey: number;
}

const base = 2;

/** The next transaction each call; `random` draws everything, in Elle's order (length, then per micro-op f then key). */
export function elleTxns(options: ElleTxnOptions, random: Random): () => ElleMop[] {
  const { keyCount, minTxnLength, maxTxnLength, maxWritesPerKey } = options;
  if (keyCount < 1 || minTxnLength < 1 || maxTxnLength < minTxnLength || maxWritesPerKey < 1) {
    throw new RangeError(`Elle's transactions need key-count ≥ 1, 1 ≤ min ≤ max txn length and max-writes-per-key ≥ 1, got ${JSON.stringify(options)}`);
  }
  const pool = Array.from({ length: keyCount }, (_, i) => i);
  const nextValue = new Map<number, number>();
  // Elle's key-dist-scale: rand(scale) + base lands in [base, base^(count+1)), whose log is the position + 1.
  const scale = ((base ** keyCount - 1) * base) / (base - 1);
  const drawPosition = (): number => Math.min(keyCount - 1, Math.floor(Math.log(random() * scale + base) / Math.log(base) - 1));
  return () => {
    let length = randomInt(random, minTxnLength, maxTxnLength);
    const txn: ElleMop[] = [];
    while (length > 0) {
      const write = random() < 0.5;
      const position = drawPosition();
      const key = pool[position];
      if (!write) {
        txn.push(['r', key, null]);
        length--;
        continue;
      }
      const value = nextValue.get(key) ?? 1;
      if (value > maxWritesPerKey) {
        pool[position] = Math.max(...pool) + 1;
        nextValue.delete(key); // a retired key never comes back
        continue;
      }
      nextValue.set(key, value + 1);
      txn.push(['w', key, value]);
      length--;
    }
    return txn;
  };
}
