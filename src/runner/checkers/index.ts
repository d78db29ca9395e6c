// The checkers: pure functions from a history (and the message journal) to Maelstrom-shaped
// verdicts. results.ts composes them into results.json.
export { checkAvailability, type AvailabilityGoal, type AvailabilityResult } from './availability.js';
export { acceptableIntervals, checkCounter, type CounterResult, type Interval } from './counter.js';
export { checkEcho, type EchoError, type EchoResult } from './echo.js';
export { checkExceptions, exceptionClass, type ExceptionGroup, type ExceptionsResult } from './exceptions.js';
export {
  checkNet,
  clientInvocationCount,
  netStats,
  serverBytesTimeline,
  type BytesWindow,
  type NetGroupStats,
  type NetResult,
  type NetStats,
} from './net.js';
export { pairOps, invocationsByCompletion, type OpPair } from './op-pairs.js';
export { quantilePoints, quantiles, type Quantiles } from './quantiles.js';
export { broadcastAsAdd, checkSetFull, type SetFullResult, type WorstStale } from './set-full.js';
export { checkStats, type OutcomeCounts, type StatsResult } from './stats.js';
export { isValidity, mergeValid, type Validity } from './valid.js';
export { compareValues, valueKey, valuesEqual, type ValueKey } from './value-key.js';
