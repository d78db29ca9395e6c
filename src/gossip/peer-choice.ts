// Choosing gossip partners: k distinct peers uniformly at random from the candidates, from the
// injected random source (so the simulation replays the choice).

/** Up to `k` distinct candidates, each subset of that size equally likely; the input is left alone. */
export function pickRandom<T>(random: () => number, candidates: readonly T[], k: number): T[] {
  const pool = candidates.slice();
  const count = Math.min(k, pool.length);
  // A partial Fisher–Yates: the first `count` slots end up a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const chosen = pool[j];
    pool[j] = pool[i];
    pool[i] = chosen;
  }
  return pool.slice(0, count);
}
