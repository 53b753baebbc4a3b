import { defineConfig } from 'vitest/config';

// Unit tests: pure logic beside the code, in Node. Browser tests live in test/e2e (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
