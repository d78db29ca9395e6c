// One line on the simulated disk's faults, for a run's summary and a sweep's: how many of each
// kind were injected and how many recoveries followed, so a sweep shows it reached every path.
import type { DiskFaultCounts } from '../../storage/index.js';

export function sumDiskFaults(counts: readonly DiskFaultCounts[]): DiskFaultCounts {
  const total: DiskFaultCounts = { tornWrites: 0, zeroedTails: 0, fsyncFailures: 0, tailsCut: 0, reopenedAfterFailure: 0 };
  for (const c of counts) for (const key of Object.keys(total) as (keyof DiskFaultCounts)[]) total[key] += c[key];
  return total;
}

export function formatDiskFaults(c: DiskFaultCounts): string {
  return (
    `disk faults injected: ${c.tornWrites} torn writes, ${c.zeroedTails} zeroed tails, ${c.fsyncFailures} failed syncs; ` +
    `recovered: ${c.tailsCut} torn tails cut and kept beside the log, ${c.reopenedAfterFailure} restarts from the log`
  );
}
