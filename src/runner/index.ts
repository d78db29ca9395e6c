// The runner's face: options, one test on real processes or in simulation, results and reports.
export { parseTestOptions, testHelp, UsageError, workloadNames, type TestOptions, type WorkloadName } from './options.js';
export { runTest, type RunDriver, type RunOutcome, type Progress, type FaultSchedule } from './run.js';
export { analyze, type Results } from './results.js';
export { formatSummary, formatReport } from './report.js';
export { createRunDir, writeRunFiles, linkLatest } from './store-dir.js';
export { createProgressPrinter } from './progress.js';
export { createRealClock, createVirtualClock, type VirtualClock } from './scheduler.js';
export { createRandom, randomSeed, type Random } from './random.js';
export { simulate, withStableOutside, type SimOptions } from './sim/simulate.js';
export { faultNames, faultSchedules, faultSchedule, type FaultName, type FaultSpec } from './sim/faults.js';
export { serverBytesTimeline } from './checkers/net.js';
