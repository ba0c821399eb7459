import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests start loopback servers and child processes: two workers suit the 2-core machines here.
    maxWorkers: 2,
  },
});
