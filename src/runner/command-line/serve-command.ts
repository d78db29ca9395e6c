// `ygossip serve [--store DIR] [--port N] [--host H]`: its flags, its help, and a server that
// runs until SIGINT or SIGTERM.
import { UsageError } from './options.js';
import { serveRuns } from '../output/serve.js';

export const serveHelp = `Usage: ygossip serve [--store DIR] [--port N] [--host H]

Lists the runs under DIR (default: store), newest first, with their verdicts, and serves each
run's report.html (written on first view for a run that has none) and files.
  --port N   default 8080; 0 picks a free port
  --host H   default 127.0.0.1 (loopback only); 0.0.0.0 serves other machines too
`;

const flags = ['--store', '--port', '--host'] as const;

/** Serves until a signal; 0 when stopped, a UsageError for bad flags. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(serveHelp);
    return 0;
  }
  const values = parseFlags(argv);
  const store = values['--store'] ?? 'store';
  const portText = values['--port'] ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${portText}"`);
  const server = await serveRuns({ store, port, host: values['--host'] ?? '127.0.0.1' });
  process.stdout.write(`Serving ${store} at ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function parseFlags(argv: readonly string[]): Partial<Record<(typeof flags)[number], string>> {
  const values: Partial<Record<(typeof flags)[number], string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const flag = flags.find((f) => f === name);
    if (!flag) throw new UsageError(`unknown argument "${argv[i]}" (serve takes ${flags.join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    values[flag] = value;
  }
  return values;
}
