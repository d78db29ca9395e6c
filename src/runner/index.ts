// The runner's face: the commands (`ygossip test`, `ygossip sim`), their options and exit
// statuses, and the pieces a benchmark or a test drives directly.
export { parseOptions, optionsHelp, testHelp, replayCommand, UsageError, type Command, type TestOptions } from './command-line/options.js';
export { exitCodes, exitCodeFor } from './command-line/exit-codes.js';
export { testCommand } from './command-line/test-command.js';
export { checkCommand } from './check/index.js';
export { simCommand } from './sim/sim-command.js';
export { simulate, type SimOptions } from './sim/simulate.js';
export { runTest, type RunOptions, type RunOutcome, type Progress } from './run/phases.js';
export { analyze, type Results } from './run/analysis.js';
export { createWorkload, workloadNames, type Workload, type WorkloadName, type WorkloadOptions } from './workloads/index.js';
export { createRandom, randomSeed, type Random } from './base/random.js';
export { writeHtmlReport, tryWriteHtmlReport, serveRuns } from './output/index.js';
export { serveCommand } from './command-line/serve-command.js';
