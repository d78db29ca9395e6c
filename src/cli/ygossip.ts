// The ygossip command line: `test` runs a node binary as `maelstrom test` would, `sim` runs
// ygossip's own node in-process on a virtual clock, `check` judges histories already written. Exit statuses are Jepsen's: 0 valid,
// 1 invalid, 2 unknown, 254 usage, 255 a crashed test or an internal error.
import {
  checkCommand,
  exitCodes,
  optionsHelp,
  parseOptions,
  serveCommand,
  simCommand,
  testCommand,
  testHelp,
  UsageError,
  type Command,
} from '../runner/index.js';

const usage = `Usage: ygossip <command> [options]

Commands:
  test   run a node binary under Maelstrom's semantics (same flags as maelstrom test)
  sim    run ygossip's own node in-process on a virtual clock (deterministic from --seed)
  check  check histories already written (ours or Maelstrom's history.edn): ygossip check [-w NAME] PATH...
  serve  browse past runs and their reports: ygossip serve [--store DIR] [--port N] [--host H]
  help   this text; \`ygossip test --help\` and \`ygossip sim --help\` list the options

Example:
  ygossip test -w broadcast --bin bin/broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --nemesis partition
`;

const simHelp = `Usage: ygossip sim -w WORKLOAD [options]

Runs ygossip's node for WORKLOAD in-process on a virtual clock: the same network model,
generator, nemesis and checkers as \`ygossip test\`, no processes, exactly reproducible.
The node's profile comes from the YGOSSIP_* variables, as for the bins.

Options:
${optionsHelp('sim')}
`;

export async function main(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await dispatch(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ygossip: ${e.message}\n(see ygossip ${argv[0] ?? ''} --help)\n`);
      code = exitCodes.usage;
    } else {
      process.stderr.write(`ygossip: ${(e as Error).stack ?? e}\n`);
      code = exitCodes.crashed;
    }
  }
  process.exitCode = code;
  // Leftover timers of a finished run must not keep the process alive; but a piped results.json
  // (--json) must reach its reader whole first: exit once stdout and stderr have flushed.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'test':
    case 'sim':
      return runCommand(command, rest);
    case 'check':
      return checkCommand(rest);
    case 'serve':
      return serveCommand(rest);
    case 'help':
    case '-h':
    case '--help':
      process.stdout.write(usage);
      return exitCodes.valid;
    case undefined:
      process.stderr.write(usage);
      return exitCodes.usage;
    default:
      process.stderr.write(`ygossip: unknown command "${command}"\n\n${usage}`);
      return exitCodes.usage;
  }
}

async function runCommand(command: Command, argv: string[]): Promise<number> {
  const options = parseOptions(command, argv);
  if (options === 'help') {
    process.stdout.write(command === 'test' ? testHelp : simHelp);
    return exitCodes.valid;
  }
  return command === 'test' ? testCommand(options) : simCommand(options);
}
