// How a node replicates: the profile and its knobs. The stdio entry point reads them from the
// environment (Maelstrom passes its environment to nodes unchanged); tests and the simulation
// pass them directly.

export type Profile = 'default' | 'fast' | 'topology' | 'gossip';

const profiles: readonly Profile[] = ['default', 'fast', 'topology', 'gossip'];

export interface ReplicationConfig {
  /**
   * default: a star around the first live node, with failover; fast: one hop to every peer;
   * topology: flood over Maelstrom's topology; gossip: a tree over Maelstrom's topology, with
   * announcements to random neighbours and grafts where the tree breaks.
   */
  profile: Profile;
  /** Minimum time between two pushes on a batching link, in ms: the latency/cost knob of the
   *  default and gossip profiles (gossip: how often the tree's centre batches down). */
  batchMs: number;
  /** gossip: time between two announcement rounds, in ms. */
  roundMs: number;
  /** gossip: neighbours announced to per round (k); default and fast: random peers per repair round while a hub is suspected. */
  gossipPeers: number;
}

const defaultBatchMs: Record<Profile, number> = { default: 165, fast: 0, topology: 0, gossip: 150 };
const defaultRoundMs = 1000;
const defaultGossipPeers: Record<Profile, number> = { default: 2, fast: 2, topology: 0, gossip: 1 };

export function defaultConfig(profile: Profile = 'default'): ReplicationConfig {
  return { profile, batchMs: defaultBatchMs[profile], roundMs: defaultRoundMs, gossipPeers: defaultGossipPeers[profile] };
}

/**
 * YGOSSIP_PROFILE, YGOSSIP_BATCH_MS, YGOSSIP_ROUND_MS, YGOSSIP_GOSSIP_PEERS; a bad value is an
 * error that names it.
 */
export function configFromEnv(env: Record<string, string | undefined>): ReplicationConfig {
  const profile = (env.YGOSSIP_PROFILE ?? 'default') as Profile;
  if (!profiles.includes(profile)) {
    throw new Error(`YGOSSIP_PROFILE must be one of ${profiles.join(', ')}, not "${profile}"`);
  }
  if (env.YGOSSIP_FANOUT !== undefined) {
    throw new Error(
      'YGOSSIP_FANOUT is gone: the default profile is a flat star with failover, cheaper and faster than the hub tree at 50 and 100 nodes (see README)',
    );
  }
  const config = defaultConfig(profile);
  const number = (name: string, min: number, integer: boolean): number | undefined => {
    const text = env[name];
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new Error(`${name} must be ${integer ? 'a whole number' : 'a number of milliseconds'} ≥ ${min}, not "${text}"`);
    }
    return value;
  };
  config.batchMs = number('YGOSSIP_BATCH_MS', 0, false) ?? config.batchMs;
  config.roundMs = number('YGOSSIP_ROUND_MS', 1, false) ?? config.roundMs;
  config.gossipPeers = number('YGOSSIP_GOSSIP_PEERS', profile === 'gossip' ? 1 : 0, true) ?? config.gossipPeers;
  return config;
}
