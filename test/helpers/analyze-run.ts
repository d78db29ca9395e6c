// analyze() over a hand-written history and journal, by workload name.
import { analyze, type AnalyzeInput, type Results } from '../../src/runner/run/analysis.js';
import { tallyJournal } from '../../src/runner/checkers/net.js';
import type { Op } from '../../src/runner/records/history.js';
import type { JournalEvent } from '../../src/runner/records/journal.js';
import { createWorkload, type WorkloadName } from '../../src/runner/workloads/index.js';

export function analyzeRun(
  workload: WorkloadName,
  history: readonly Op[],
  journal: readonly JournalEvent[] = [],
  extra: Partial<Omit<AnalyzeInput, 'workload' | 'history' | 'net'>> = {},
): Results {
  return analyze({ workload: createWorkload(workload), history, net: tallyJournal(journal), ...extra });
}
