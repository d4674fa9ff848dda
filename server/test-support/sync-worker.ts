/**
 * A server process that only works jobs, for tests that kill one mid-run (SIGKILL) and check another
 * process finishes its work. Env: DATABASE_URL, MONGODB_URL, CONNECTWISE_CA_FILE, CONNECTWISE_CLIENT_ID,
 * SYNC_RUN_LOCK_MS, JOBS_PROCESS_EVERY_MS. Prints "ready" once it is taking jobs.
 */
import { readFileSync } from 'node:fs';
import { createApp } from '../src/app.js';
import { limitHeapGrowth } from '../src/shared/heap-growth.js';
import { createLogger } from '../src/shared/logger.js';

// As main.ts does: a worker here is a production worker (bench:fleet measures its memory).
limitHeapGrowth();

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const app = await createApp({
  databaseUrl: env('DATABASE_URL'),
  mongodbUrl: env('MONGODB_URL'),
  secretKey: Buffer.from(env('HIGHWATER_SECRET_KEY'), 'hex'),
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never),
  connectWise: {
    clientId: env('CONNECTWISE_CLIENT_ID'),
    ca: readFileSync(env('CONNECTWISE_CA_FILE')),
    retryBaseDelayMs: Number(process.env.CONNECTWISE_RETRY_BASE_DELAY_MS ?? 5),
    maxRequestsPerMinute: Number(process.env.CONNECTWISE_MAX_REQUESTS_PER_MINUTE ?? 1000),
  },
  processJobs: true,
  // Tests poll fast; the sync benchmark runs with production's 1 s.
  jobsProcessEveryMs: Number(process.env.JOBS_PROCESS_EVERY_MS ?? 250),
  syncRunLockMs: Number(process.env.SYNC_RUN_LOCK_MS ?? 60_000),
});
console.log('ready');
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
