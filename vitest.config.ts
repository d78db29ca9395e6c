import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Calibration tests measure latencies of 25 real processes on a 2-core machine: files run
    // one at a time so no other suite competes for the cores while they measure.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
