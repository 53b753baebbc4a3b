import { defineConfig } from 'vitest/config';

// The shared CI box runs ~8 suites at once on 2 cores: give slow-but-bounded tests room.
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 30_000 },
});
