// The learned wait before calling a send lost or a hub silent: cautious before the first answer,
// following a slow but steady peer, quick again once the peer is quick, doubled by false alarms.
import { describe, expect, test } from 'vitest';
import { answerTimeout, createAnswerTime, sampleAnswerTime } from '../../src/gossip/answer-time.js';
import { createPeerState, patienceMs, recordReport, recordSend } from '../../src/gossip/peers.js';

describe('answer time', () => {
  test('before any answer it waits longer than the floor; then it follows the answers', () => {
    const t = createAnswerTime();
    expect(answerTimeout(t, 600)).toBeGreaterThan(600);
    for (let k = 0; k < 20; k++) sampleAnswerTime(t, 2000);
    expect(answerTimeout(t, 600)).toBeGreaterThanOrEqual(2000); // a slow, steady peer is not suspected
    for (let k = 0; k < 50; k++) sampleAnswerTime(t, 100);
    expect(answerTimeout(t, 600)).toBe(600); // never below the floor
  });

  test('jittery answers widen the wait beyond their mean', () => {
    const t = createAnswerTime();
    for (let k = 0; k < 40; k++) sampleAnswerTime(t, k % 2 ? 300 : 1700);
    expect(answerTimeout(t, 100)).toBeGreaterThan(1700);
  });

  test('a peer that confirms slowly is not thought to have lost what we sent', () => {
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
    expect(patienceMs(peer, 600)).toBeGreaterThanOrEqual(1500);
    peer.falseAlarms = 2;
    expect(patienceMs(peer, 600)).toBeGreaterThanOrEqual(4 * 1500);
  });
});
