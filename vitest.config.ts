import { defineConfig } from 'vitest/config';

// Three groups, one after the other. The calibration test measures latencies of 25 real
// processes on a 2-core machine: it runs alone. Tests of real processes and wall-clock time
// (the bins, the CLI, the browser, the process nemesis, the report server) run one file at a
// time, so no other suite competes for the cores while they wait on real time. Everything else
// runs on a simulated clock or none: those files run two at a time, which nothing they assert can
// notice.
const measured = ['test/runner/calibration.test.ts'];
const realTime = ['test/e2e/**/*.test.ts', 'test/runner/nemesis/processes.test.ts', 'test/runner/output/serve.test.ts'];

const shared = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'measured', include: measured, fileParallelism: false, sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'real-time', include: realTime, fileParallelism: false, sequence: { groupOrder: 1 } } },
      {
        test: {
          ...shared,
          name: 'simulated',
          include: ['test/**/*.test.ts'],
          exclude: [...measured, ...realTime],
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
