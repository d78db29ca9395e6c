// The one patience rule: learned like TCP's retransmission timeout, doubled per timeout and kept
// doubled until a clean answer, never past one bound, and Karn's rule (no sample from a send made
// before a timeout).
import { describe, expect, test } from 'vitest';
import { createPatience, inheritPatience, maxPatienceMs, patienceMs, patienceTimedOut, samplePatience } from '../../src/gossip/patience.js';
import { createPeerState, recordReport, recordSend } from '../../src/gossip/peers.js';

/** `ms` answer times, each for a send made well after any timeout. */
function sampled(...ms: number[]) {
  const p = createPatience();
  ms.forEach((m, i) => samplePatience(p, 1_000_000 + i * 10_000, 1_000_000 + i * 10_000 + m));
  return p;
}

describe('patience', () => {
  test('before any answer it waits twice the floor; then it follows the answers, never below the floor', () => {
    expect(patienceMs(createPatience(), 600)).toBe(1200);
    const slow = sampled(...Array<number>(20).fill(2000));
    expect(patienceMs(slow, 600)).toBeGreaterThanOrEqual(2000); // a slow, steady peer is not suspected
    const quick = sampled(...Array<number>(20).fill(2000), ...Array<number>(50).fill(100));
    expect(patienceMs(quick, 600)).toBe(600);
  });

  test('jittery answers widen the wait beyond their mean', () => {
    const p = sampled(...Array.from({ length: 40 }, (_, k) => (k % 2 ? 300 : 1700)));
    expect(patienceMs(p, 100)).toBeGreaterThan(1700);
  });

  test('each timeout doubles the wait, which stays doubled until a clean answer; never past the bound', () => {
    const p = sampled(500, 500, 500);
    const before = patienceMs(p, 600);
    patienceTimedOut(p, 50_000);
    expect(patienceMs(p, 600)).toBe(2 * before);
    patienceTimedOut(p, 60_000);
    expect(patienceMs(p, 600)).toBe(4 * before);
    for (let k = 0; k < 10; k++) patienceTimedOut(p, 70_000 + k);
    expect(patienceMs(p, 600)).toBe(maxPatienceMs);
    // The bound never undercuts the floor (a test that switches suspicion off raises the floor).
    expect(patienceMs(p, 1e9)).toBe(1e9);
    samplePatience(p, 80_000, 81_000);
    expect(patienceMs(p, 600)).toBeLessThan(2 * before);
  });

  test("Karn's rule: a send made before a timeout and confirmed after it timed the fault, and is not sampled", () => {
    const p = sampled(200, 200, 200);
    const healthy = patienceMs(p, 600);
    patienceTimedOut(p, 10_000); // the peer went silent
    samplePatience(p, 9000, 15_000); // confirmed 6 s after it was sent, once the fault was over
    expect(patienceMs(p, 600)).toBe(2 * healthy); // still doubled: no clean answer yet
    samplePatience(p, 16_000, 16_300); // a send made after the timeout: sampled, the doubling ends
    expect(patienceMs(p, 600)).toBe(healthy);
    // Without the rule, the 6 s sample would have stretched the wait by seconds.
    const naive = sampled(200, 200, 200, 6000);
    expect(patienceMs(naive, 600)).toBeGreaterThan(3 * healthy);
  });

  test('a hub never measured starts from the one we leave, doublings included', () => {
    const left = sampled(1500, 1500);
    patienceTimedOut(left, 5000);
    const next = createPatience();
    inheritPatience(next, left);
    expect(patienceMs(next, 600)).toBe(patienceMs(left, 600));
    // One already measured keeps its own estimate.
    const known = sampled(100, 100);
    inheritPatience(known, sampled(3000));
    expect(known.smoothed).toBe(100);
  });

  test('loss detection waits as long: a peer that confirms slowly is not thought to have lost what we sent', () => {
    const peer = createPeerState();
    const sv = (n: number) => new Map([[1, n]]);
    // Every send is confirmed 1500 ms later: well past the 600 ms floor.
    for (let k = 1; k <= 10; k++) {
      recordSend(peer, sv(k), k * 2000);
      expect(recordReport(peer, sv(k), k * 2000 + 1500, 600)).toBe(false);
    }
    recordSend(peer, sv(11), 30_000);
    // A report 1000 ms later that lacks it: within this peer's usual pace, not a loss.
    expect(recordReport(peer, sv(10), 31_000, 600)).toBe(false);
    // Much later it is, and the loss is a timeout: the wait doubles.
    const before = patienceMs(peer.patience, 600);
    expect(recordReport(peer, sv(10), 40_000, 600)).toBe(true);
    expect(patienceMs(peer.patience, 600)).toBe(2 * before);
  });
});
