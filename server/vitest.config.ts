import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One copy of graphql, or schemas built here are "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'test-support/**/*.test.ts'],
    globalSetup: ['test-support/global-setup.ts'],
    // Holds every vendor request and simulator response to the vendors' specs (see README, Vendor contracts).
    setupFiles: ['test-support/contracts/vitest-setup.ts'],
    // Integration tests share one PostgreSQL database and one FerretDB per run; each test builds its own
    // provider so files may run in parallel workers.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
