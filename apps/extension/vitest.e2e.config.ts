import { defineConfig } from 'vitest/config';

// Tests of the built extension: browser tests (headless Debian Chromium with the built extension, a real
// gateway and pod-sim pods) and build verification (addons-linter over the Firefox build).
// One fork, files in sequence: a browser and harper-backed pods per file are all 2 cores can carry.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'test/firefox/**/*.test.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
