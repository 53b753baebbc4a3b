import { defineConfig } from 'vitest/config';

// The property-based test runs a few hundred simulated workloads; allow for a busy shared CPU.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
