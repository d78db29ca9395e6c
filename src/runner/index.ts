// The runner's face: the commands (`ygossip test`, `ygossip sim`), their options and exit
// statuses, and the pieces a benchmark or a test drives directly.
export { parseOptions, optionsHelp, testHelp, replayCommand, UsageError, type Command, type TestOptions } from './options.js';
export { exitCodes, exitCodeFor } from './exit-codes.js';
export { testCommand } from './test-command.js';
export { checkCommand } from './check/index.js';
export { simCommand } from './sim/sim-command.js';
export { simulate, type SimOptions } from './sim/simulate.js';
export { runTest, type RunOptions, type RunOutcome, type Progress } from './run.js';
export { analyze, type Results } from './analysis.js';
export { createWorkload, workloadNames, type Workload, type WorkloadName, type WorkloadOptions } from './workloads/index.js';
export { createRandom, randomSeed, type Random } from './random.js';
export { writeHtmlReport, tryWriteHtmlReport, serveRuns, serveCommand } from './output/index.js';
