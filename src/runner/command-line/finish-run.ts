// The end of a run, as a person sees it (`ygossip test` and `ygossip sim` both end here): the
// results folder written, warnings, the summary (or results.json with --json), where the
// results are, the command that replays the run, and Jepsen's exit status.
import { join } from 'node:path';
import type { Command, TestOptions } from './options.js';
import { replayCommand } from './options.js';
import type { RunOutcome } from '../run/phases.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { formatExactJson } from '../base/exact-json.js';
import { createWorkload } from '../workloads/index.js';
import { formatDiskFaults } from '../output/disk-faults.js';
import { tryWriteHtmlReport } from '../output/html-report.js';
import { linkLatest, writeRunFiles } from '../output/results-folder.js';
import { formatSummary } from '../output/summary.js';
import { formatReport } from '../output/text-report.js';

const shownWarnings = 10;

export async function finishRun(command: Command, options: TestOptions, outcome: RunOutcome, runDir: string): Promise<number> {
  const replay = replayCommand(command, options);
  const workload = createWorkload(options.workload, options);
  const report = outcome.results
    ? formatReport(outcome.results, workload, { command: replay, seed: options.seed, storeDir: runDir, startedAt: new Date().toISOString() })
    : `${outcome.error}\n`;
  const kept = outcome.journal.events.length > 0 ? outcome.journal.events : undefined;
  const { historyLines } = await writeRunFiles(runDir, {
    results: outcome.results,
    history: outcome.history,
    journal: kept,
    journalMessageLines: outcome.journal.messageLines,
    report,
    test: { ...options, command: replay },
    warnings: outcome.warnings,
  });
  linkLatest(options.storeDir, options.workload, runDir);
  const reportPath = await tryWriteHtmlReport(runDir, { historyLines, journal: kept });
  const reportLine = reportPath ? `Report: ${reportPath}\n` : '';
  for (const warning of outcome.warnings.slice(0, shownWarnings)) process.stderr.write(`warning: ${warning}\n`);
  if (outcome.warnings.length > shownWarnings) {
    process.stderr.write(`… ${outcome.warnings.length - shownWarnings} more warnings in ${join(runDir, 'warnings.txt')}\n`);
  }
  if (outcome.error || !outcome.results) {
    process.stderr.write(`ygossip: the test could not complete: ${outcome.error}\nNode logs: ${join(runDir, 'node-logs')}\n${reportLine}`);
    return exitCodes.crashed;
  }
  const out = options.json ? process.stderr : process.stdout;
  if (options.json) process.stdout.write(`${formatExactJson(outcome.results, 2)}\n`);
  out.write(`${formatSummary(outcome.results, workload, { color: !options.json && useColor() })}\n`);
  if (outcome.disk) out.write(`${formatDiskFaults(outcome.disk)}\n`);
  out.write(`Results: ${runDir}\n${reportLine}${command === 'sim' ? 'Replay' : 'Rerun'}: ${replay}\n`);
  return exitCodeFor(outcome.results['valid?']);
}

const useColor = (): boolean => Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
