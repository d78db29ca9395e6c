// Counter that goes both ways: deltas of either sign in one append-only log (counter.ts). A
// PN-counter's usual pair of grow-only counters is unnecessary here: no replica ever rewrites
// an entry, so a negative delta merges as safely as a positive one.
import { DeltaCounter } from './counter.js';
import type { YStoreOptions } from './store.js';

export class PNCounter extends DeltaCounter {
  constructor(options: YStoreOptions = {}) {
    super(true, options);
  }
}
