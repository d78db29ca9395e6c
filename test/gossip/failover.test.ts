// Failover as a pure core: it is told what happened and the time, and answers with decisions;
// it never sends (it has nothing to send with).
import { describe, expect, test } from 'vitest';
import {
  createFailover,
  expectAnswer,
  failoverDue,
  hubOf,
  linkIntervalMs,
  nextFailoverDue,
  noteHeard,
  noteLoss,
  noteTransmit,
  owesHubNotice,
  parentOf,
  servedPeers,
  setRanking,
  type Failover,
} from '../../src/gossip/failover.js';

const ids = Array.from({ length: 6 }, (_, i) => `n${i}`);
const patienceMs = 1000;
const star = (self: string): Failover => createFailover({ self, ranking: ids, acksChildren: true, probeMs: 500, patience: () => patienceMs });
const push = { update: true, reply: false };

/** Suspects the current hub: a push it leaves unanswered past its patience. */
function silence(f: Failover, now: number) {
  expectAnswer(f, hubOf(f), now);
  return failoverDue(f, now + patienceMs);
}

describe('failover', () => {
  test('the hub is the first node not suspected, in init order; a node that suspects all before it is a root', () => {
    const f = star('n2');
    expect(hubOf(f)).toBe('n0');
    expect(silence(f, 0)).toEqual([
      { type: 'suspected', peer: 'n0' },
      { type: 'hub-changed', before: 'n0', after: 'n1' },
    ]);
    // (n0 is probed meanwhile: it stays suspected until it answers one.)
    expect(silence(f, 5000).filter((d) => d.type !== 'probe')).toEqual([
      { type: 'suspected', peer: 'n1' },
      { type: 'hub-changed', before: 'n1', after: 'n2' },
    ]);
    expect(parentOf(f)).toBeUndefined();
    expect(parentOf(star('n0'))).toBeUndefined();
  });

  test('only the hub is suspected, and only if nothing at all comes back within its patience', () => {
    const f = star('n3');
    expectAnswer(f, 'n5', 0); // a repair exchange with a peer: no hub, no suspicion
    expectAnswer(f, 'n0', 0);
    expect(nextFailoverDue(f)).toBe(patienceMs);
    expect(failoverDue(f, patienceMs - 1)).toEqual([]);
    noteHeard(f, 'n0', { update: false, reply: false }, 900); // any word answers
    expect(failoverDue(f, 5000)).toEqual([]);
    expect(hubOf(f)).toBe('n0');
  });

  test('probes go to suspects before the hub, one interval apart; a prompt answer brings the hub back, a slow one does not', () => {
    const f = star('n3');
    silence(f, 0);
    expect(nextFailoverDue(f)).toBe(patienceMs + 500);
    expect(failoverDue(f, patienceMs + 500)).toEqual([{ type: 'probe', peer: 'n0' }]);
    // Answered after more than its patience: slow, still suspected.
    expect(noteHeard(f, 'n0', { update: false, reply: true }, patienceMs + 500 + patienceMs + 1)).toEqual([]);
    expect(hubOf(f)).toBe('n1');
    expect(failoverDue(f, 4000)).toEqual([{ type: 'probe', peer: 'n0' }]);
    expect(noteHeard(f, 'n0', { update: false, reply: true }, 4100)).toEqual([
      { type: 'cleared', peer: 'n0' },
      { type: 'hub-changed', before: 'n1', after: 'n0' },
    ]);
    expect(nextFailoverDue(f)).toBeUndefined(); // nothing left to probe or await
  });

  test('two losses in a row to the hub suspect it (it hears us no more); one loss, or losses to others, do not', () => {
    const f = star('n3');
    expect(noteLoss(f, 'n0', 1, 0)).toEqual([]);
    expect(noteLoss(f, 'n4', 5, 0)).toEqual([]);
    expect(noteLoss(f, 'n0', 2, 0).map((d) => d.type)).toEqual(['suspected', 'hub-changed']);
  });

  test('a star root serves every peer it does not suspect unless a relay after it serves them; others serve who chose them', () => {
    const root = star('n1');
    silence(root, 0); // n1 suspects n0
    noteHeard(root, 'n2', { hub: 'n1', ...push }, 10);
    noteHeard(root, 'n3', { hub: 'n0', ...push }, 10);
    noteHeard(root, 'n4', { hub: 'n2', ...push }, 10);
    expect(servedPeers(root)).toEqual(['n2', 'n3', 'n5']);
    const relay = star('n2');
    noteHeard(relay, 'n4', { hub: 'n2', ...push }, 10);
    expect(servedPeers(relay)).toEqual(['n4']);
  });

  test('a tree node serves the children below it, except those that say they push elsewhere', () => {
    const f = star('n1');
    setRanking(f, ['n0', 'n1'], ['n3', 'n4']);
    expect(hubOf(f)).toBe('n0');
    noteHeard(f, 'n4', { hub: 'n4', update: false, reply: false }, 0); // n4 gave up on us
    expect(servedPeers(f)).toEqual(['n3']);
    silence(f, 100); // our parent is silent: we are a root, serving the same children
    expect(parentOf(f)).toBeUndefined();
    expect(servedPeers(f)).toEqual(['n3']);
  });

  test('a child that pushed to us is owed an answer until we send it anything', () => {
    const f = star('n0');
    noteHeard(f, 'n3', { hub: 'n0', ...push }, 50);
    noteHeard(f, 'n4', { hub: 'n0', update: true, reply: true }, 50); // an answer is owed nothing
    expect([...f.owed]).toEqual([['n3', 50]]);
    noteTransmit(f, 'n3', false);
    expect(f.owed.size).toBe(0);
  });

  test('a node with a hub tells a peer that pushed to it as its hub where it pushes, once', () => {
    const f = star('n2');
    expect(owesHubNotice(f, 'n4', push)).toBe(true);
    noteTransmit(f, 'n4', false);
    expect(owesHubNotice(f, 'n4', push)).toBe(false);
    expect(owesHubNotice(f, 'n0', push)).toBe(false); // our own hub
    expect(owesHubNotice(f, 'n5', { update: false, reply: false })).toBe(false);
  });

  test('a root that took over backs off from a stranger that never answers it, not from its children', () => {
    const f = star('n1');
    silence(f, 0);
    for (let k = 0; k < 5; k++) noteTransmit(f, 'n4', true);
    expect(linkIntervalMs(f, 'n4', 165, 3000)).toBe(4 * 165);
    for (let k = 0; k < 5; k++) noteTransmit(f, 'n4', true);
    expect(linkIntervalMs(f, 'n4', 165, 3000)).toBe(3000);
    noteHeard(f, 'n4', { hub: 'n0', update: false, reply: false }, 10);
    expect(linkIntervalMs(f, 'n4', 165, 3000)).toBe(165);
    for (let k = 0; k < 6; k++) noteTransmit(f, 'n0', true);
    expect(linkIntervalMs(star('n0'), 'n0', 165, 3000)).toBe(165); // the first node never backs off
  });
});
