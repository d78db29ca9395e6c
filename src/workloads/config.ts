// How a node replicates: the overlay profile and the batching knob. The stdio entry point reads
// them from the environment (Maelstrom passes its environment to nodes unchanged); tests and the
// simulation pass them directly.

export type Profile = 'default' | 'fast' | 'topology';

export interface ReplicationConfig {
  /** default: a hub tree that batches; fast: one hop to every peer; topology: Maelstrom's. */
  profile: Profile;
  /** Minimum time between two pushes on a batching link, in ms. */
  batchMs: number;
  /** Children per inner node of the default tree (a single hub while the cluster fits). */
  fanout: number;
}

const defaultBatchMs: Record<Profile, number> = { default: 165, fast: 0, topology: 0 };

export function defaultConfig(profile: Profile = 'default'): ReplicationConfig {
  return { profile, batchMs: defaultBatchMs[profile], fanout: 32 };
}

/** YGOSSIP_PROFILE, YGOSSIP_BATCH_MS, YGOSSIP_FANOUT; a bad value is an error that names it. */
export function configFromEnv(env: Record<string, string | undefined>): ReplicationConfig {
  const profile = (env.YGOSSIP_PROFILE ?? 'default') as Profile;
  if (!['default', 'fast', 'topology'].includes(profile)) {
    throw new Error(`YGOSSIP_PROFILE must be default, fast or topology, not "${profile}"`);
  }
  const config = defaultConfig(profile);
  if (env.YGOSSIP_BATCH_MS !== undefined) {
    const batchMs = Number(env.YGOSSIP_BATCH_MS);
    if (!Number.isFinite(batchMs) || batchMs < 0) throw new Error('YGOSSIP_BATCH_MS must be a number of milliseconds ≥ 0');
    config.batchMs = batchMs;
  }
  if (env.YGOSSIP_FANOUT !== undefined) {
    const fanout = Number(env.YGOSSIP_FANOUT);
    if (!Number.isInteger(fanout) || fanout < 1) throw new Error('YGOSSIP_FANOUT must be a whole number ≥ 1');
    config.fanout = fanout;
  }
  return config;
}
