// Counter that goes both ways: deltas of either sign in one append-only log (counter.ts). A
// PN-counter's usual pair of grow-only counters is unnecessary here: no replica ever rewrites
// an entry, so a negative delta merges as safely as a positive one.
import { DeltaCounter, type DeltaCounterOptions } from './counter.js';

export class PNCounter extends DeltaCounter {
  constructor(options: DeltaCounterOptions = {}) {
    super(true, options);
  }
}
