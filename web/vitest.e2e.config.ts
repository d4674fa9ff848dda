import { defineConfig } from 'vitest/config';

// Browser tests against the real server: builds web/dist, boots `pnpm --filter server e2e-server`
// once (e2e/global-setup.ts) and drives Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
