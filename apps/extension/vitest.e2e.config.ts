import { defineConfig } from 'vitest/config';

// Browser tests: headless Debian Chromium with the built extension, a real gateway and pod-sim pods.
// One fork, files in sequence: a browser and harper-backed pods per file are all 2 cores can carry.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
