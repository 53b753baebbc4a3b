import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration files start real pods and a database: run them one at a time so timing assertions (deadlines,
    // routing shares) are not distorted by the other files competing for the same cores.
    fileParallelism: false,
    // One worker, modules shared across files: the integration files share one PGlite (test/support/stack.ts).
    isolate: false,
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
