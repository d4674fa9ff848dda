import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Runs only the JumpCloud client and simulator tests, without the databases the main config's global
 * setup starts: `npx vitest run --config test-support/jumpcloud-sim/vitest.standalone.config.ts`.
 * The main config picks the same files up as well.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: [
      'src/jumpcloud/**/*.test.ts',
      'test-support/jumpcloud-sim/**/*.test.ts',
      // the vendor kit under it
      'src/vendor-kit/**/*.test.ts',
      'test-support/vendor-sim/**/*.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
