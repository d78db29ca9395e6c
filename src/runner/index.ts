// The runner's face: the commands (`ygossip test`, `sim`, `check`, `serve`), their options and
// exit statuses, and the pieces a benchmark or a test drives directly. Inside, top to bottom
// (test/architecture.test.ts holds the order): sim/ and check/, a command each with what only it
// needs; command-line/, the flags, the exit statuses, `ygossip test` and `ygossip serve`, and the
// end every run shares; output/, results folder, reports and server; run/, one test in phases
// (its options, the TestRun they share, cluster, clients, analysis); the run's parts,
// workloads/, services/, nemesis/, hosts/; checkers/ and net/; base/, the seeded random source,
// the clocks, exact JSON, Java floats and plain text; records/, the history and the journal.
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
