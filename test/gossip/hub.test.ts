import { describe, expect, test } from 'vitest';
import { childrenOf, clearSuspicion, createHubState, forgetBeyondHub, hasProbeTargets, hubOf, isRoot, probeTarget, suspect } from '../../src/gossip/hub.js';
import { pickRandom } from '../../src/gossip/peer-choice.js';
import { createRandom } from '../../src/runner/base/random.js';

const ids = Array.from({ length: 6 }, (_, i) => `n${i}`);

describe('hub failover', () => {
  test('the hub is the first node not suspected, in init order; a node suspecting all before it is a root', () => {
    const s = createHubState('n3', ids);
    expect(hubOf(s)).toBe('n0');
    suspect(s, 'n0', 0);
    expect(hubOf(s)).toBe('n1');
    suspect(s, 'n1', 0);
    suspect(s, 'n2', 0);
    expect(hubOf(s)).toBe('n3');
    expect(isRoot(s)).toBe(true);
    expect(clearSuspicion(s, 'n1')).toBe(true);
    expect(hubOf(s)).toBe('n1');
    expect(isRoot(createHubState('n0', ids))).toBe(true);
  });

  test('suspicions beyond the hub are forgotten, so a later failover tries those nodes afresh', () => {
    const s = createHubState('n5', ids);
    suspect(s, 'n0', 0);
    suspect(s, 'n1', 0);
    suspect(s, 'n2', 0);
    clearSuspicion(s, 'n0');
    forgetBeyondHub(s);
    expect([...s.suspects.keys()]).toEqual([]);
  });

  test('probes go to suspects ranked before the hub, the least recently probed first, at most once per interval', () => {
    const s = createHubState('n5', ids);
    suspect(s, 'n0', 0);
    suspect(s, 'n1', 0);
    expect(hasProbeTargets(s)).toBe(true);
    expect(probeTarget(s, 100, 1000)).toBe('n0');
    s.suspects.get('n0')!.probedAt = 100;
    expect(probeTarget(s, 200, 1000)).toBe('n1');
    s.suspects.get('n1')!.probedAt = 200;
    expect(probeTarget(s, 300, 1000)).toBeUndefined();
    expect(probeTarget(s, 1100, 1000)).toBe('n0');
  });

  test('a root serves every peer it does not suspect unless a relay below it serves them; others serve who chose them', () => {
    const root = createHubState('n1', ids);
    suspect(root, 'n0', 0);
    const stated: Record<string, string | undefined> = { n2: 'n1', n3: 'n0', n4: 'n2', n5: undefined };
    expect(childrenOf(root, (id) => stated[id])).toEqual(['n2', 'n3', 'n5']);
    const relay = createHubState('n2', ids);
    expect(childrenOf(relay, (id) => stated[id])).toEqual(['n4']);
  });
});

describe('peer choice', () => {
  test('k distinct candidates, never more than there are, every candidate reachable', () => {
    const random = createRandom(3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const chosen = pickRandom(random, ids, 2);
      expect(new Set(chosen).size).toBe(2);
      for (const c of chosen) seen.add(c);
    }
    expect(seen).toEqual(new Set(ids));
    expect(pickRandom(random, ['a'], 3)).toEqual(['a']);
  });
});
