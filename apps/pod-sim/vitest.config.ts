import { defineConfig } from 'vitest/config';

// Integration tests run real servers (and harper's multi-second WASM start-up) on a shared 2-core machine:
// generous timeouts keep them from failing on CPU contention rather than on behaviour.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
