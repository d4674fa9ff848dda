import type { AppConfig } from '../src/app.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';
import type { TemporaryDatabase } from '../src/db/databases.js';
import type { ConnectWiseTestBed } from './connectwise-app.js';
import { startConnectWiseSimulator, type SeedOptions } from './connectwise-sim/index.js';
import { temporaryDatabase } from './private-services.js';
import { startTestApp, type TestApp } from './test-app.js';

/*
 * Several server processes on one PostgreSQL database and one Agenda store, as in production behind a
 * load balancer: `t` serves GraphQL and takes no jobs; workers take jobs, either in this process
 * (`worker()`) or as child processes that can be killed without warning (`spawnWorker()`).
 *
 * The database is the file's own: workers with short locks run the system-wide recovery jobs (stale
 * sync runs, stalled alerts), which on the shared database would take over other files' work.
 */

export interface ServerProcesses extends ConnectWiseTestBed {
  databaseUrl: string;
  /** An app taking jobs, in this process; stopped after the file. */
  worker(overrides?: Partial<AppConfig>): Promise<TestApp>;
  /** `test-support/sync-worker.ts` as a child process, resolved once it takes jobs. */
  spawnWorker(): Promise<WorkerProcess>;
}

export interface WorkerProcess {
  /** SIGKILL to the whole process group (npx, tsx, node): no shutdown, locks and claims left behind. */
  kill(): void;
}

export function useServerProcesses(seed: SeedOptions, { runLockMs }: { runLockMs: number }): ServerProcesses {
  const secretKey = randomBytes(32);
  const mongodbUrl = (() => {
    const url = new URL(inject('mongodbUrl'));
    url.pathname = `/processes_${randomBytes(3).toString('hex')}`;
    return url.toString();
  })();
  let database: TemporaryDatabase;
  const apps: TestApp[] = [];
  const children: ChildProcess[] = [];
  const bed = {} as ServerProcesses;
  const connectWise = () => ({ clientId: bed.sim.clientId, ca: bed.sim.ca, retryBaseDelayMs: 5, maxRequestsPerMinute: 100_000 });

  beforeAll(async () => {
    database = await temporaryDatabase('highwater_faults');
    bed.databaseUrl = database.url;
    bed.sim = await startConnectWiseSimulator({ seed: { types: ['Customer'], ...seed } });
    bed.t = await startTestApp({ databaseUrl: database.url, mongodbUrl, secretKey, connectWise: connectWise() });
  });
  afterAll(async () => {
    for (const child of children) killGroup(child);
    for (const app of apps) await app.stop();
    await bed.t?.stop();
    await bed.sim?.close();
    await database?.drop();
  });

  bed.worker = async (overrides = {}) => {
    const app = await startTestApp({
      databaseUrl: database.url,
      mongodbUrl,
      secretKey,
      processJobs: true,
      jobsProcessEveryMs: 250,
      syncRunLockMs: runLockMs,
      connectWise: connectWise(),
      ...overrides,
    });
    apps.push(app);
    return app;
  };

  bed.spawnWorker = () => {
    const child = spawn('npx', ['tsx', 'test-support/sync-worker.ts'], {
      cwd: fileURLToPath(new URL('../', import.meta.url)),
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        MONGODB_URL: mongodbUrl,
        HIGHWATER_SECRET_KEY: secretKey.toString('hex'),
        CONNECTWISE_CLIENT_ID: bed.sim.clientId,
        CONNECTWISE_CA_FILE: bed.sim.caFile,
        CONNECTWISE_MAX_REQUESTS_PER_MINUTE: '100000',
        SYNC_RUN_LOCK_MS: String(runLockMs),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group, so one signal reaches npx, tsx and the node process running the app.
      detached: true,
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve({ kill: () => killGroup(child) });
      });
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
  };
  return bed;
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}
