// Grow-only counter: each replica appends its own non-negative deltas; the value is their sum.
// The representation (an append-only log of deltas, and why) is described in counter.ts.
import { DeltaCounter, type DeltaCounterOptions } from './counter.js';

export class GCounter extends DeltaCounter {
  constructor(options: DeltaCounterOptions = {}) {
    super(false, options);
  }
}
