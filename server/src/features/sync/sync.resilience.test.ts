import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { connectToSimulator, type ConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { startConnectWiseSimulator } from '../../../test-support/connectwise-sim/index.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../../test-support/sync-fixtures.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { SYNC_DAILY_JOB } from './sync.jobs.js';
import { SYNC_RUN_JOB } from './sync.service.js';

/*
 * Several server processes on one PostgreSQL and one MongoDB, as in production behind a load balancer.
 */
const secretKey = randomBytes(32);
const mongodbUrl = (() => {
  const url = new URL(inject('mongodbUrl'));
  url.pathname = `/sync_multi_${randomBytes(3).toString('hex')}`;
  return url.toString();
})();
const LOCK_MS = 2_000;

let bed: ConnectWiseTestBed;
const extraApps: TestApp[] = [];
beforeAll(async () => {
  const sim = await startConnectWiseSimulator({ seed: { types: ['Customer'], companies: 30, agreementsPerCompany: 1, additionsPerAgreement: 2 } });
  // The "web" process: serves GraphQL, takes no jobs.
  const t = await startTestApp({ mongodbUrl, secretKey, connectWise: { clientId: sim.clientId, ca: sim.ca, retryBaseDelayMs: 5, maxRequestsPerMinute: 100_000 } });
  bed = { sim, t };
});
afterAll(async () => {
  for (const app of extraApps) await app.stop();
  await bed.t.stop();
  await bed.sim.close();
});

/** Another process's worth of app in this process: takes jobs from the shared queue. */
async function worker(): Promise<TestApp> {
  const app = await startTestApp({
    mongodbUrl,
    secretKey,
    processJobs: true,
    jobsProcessEveryMs: 250,
    syncRunLockMs: LOCK_MS,
    connectWise: { clientId: bed.sim.clientId, ca: bed.sim.ca, retryBaseDelayMs: 5, maxRequestsPerMinute: 100_000 },
  });
  extraApps.push(app);
  return app;
}

function spawnWorker(): Promise<ChildProcess> {
  const child = spawn('npx', ['tsx', 'test-support/sync-worker.ts'], {
    cwd: new URL('../../../', import.meta.url).pathname,
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      MONGODB_URL: mongodbUrl,
      HIGHWATER_SECRET_KEY: secretKey.toString('hex'),
      CONNECTWISE_CLIENT_ID: bed.sim.clientId,
      CONNECTWISE_CA_FILE: bed.sim.caFile,
      SYNC_RUN_LOCK_MS: String(LOCK_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

async function resultCount(runId: string): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from sync_results where run_id = ?', [runId]);
  return Number(row!.n);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sync across server processes', () => {
  it('finishes a run whose process was killed mid-run (SIGKILL), without redoing the organizations done', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, Array.from({ length: 12 }, (_, i) => 10 + i));
    // Four organizations go through at once; the rest wait on ConnectWise long enough to be killed meanwhile.
    const slow = bed.sim.addFault({ method: 'GET', path: 'finance/agreements/*/additions/*', type: 'latency', ms: 5_000, skip: 4 });
    const doomed = await spawnWorker();
    try {
      const started = await bed.t.graphql<{ syncNow: { id: string } }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
      const runId = started.data!.syncNow.id;
      await waitFor(async () => (await resultCount(runId)) >= 4);
      process.kill(-doomed.pid!, 'SIGKILL');
      const doneBeforeKill = await resultCount(runId);
      expect(doneBeforeKill).toBeLessThan(orgs.length);
      bed.sim.removeFault(slow);

      await worker();
      const run = await finishedRun<{ status: string; total: number; updated: number; unchanged: number; attempts: number }>(bed, token, runId, 30_000);
      expect(run).toMatchObject({ status: 'SUCCEEDED', total: 12, failed: 0, attempts: 2 });
      // An organization PATCHed just before the kill but not yet recorded is found already right: unchanged.
      expect(run.updated + run.unchanged).toBe(12);
      expect(await resultCount(runId)).toBe(12);
      for (const [i, org] of orgs.entries()) {
        expect(bed.sim.data.additions.find((addition) => addition.id === org.additionId)!.quantity).toBe(10 + i);
      }
    } finally {
      bed.sim.removeFault(slow);
      try {
        process.kill(-doomed.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('executes a run handed to two workers at once only once: one writes to ConnectWise, the other waits', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, [5, 6, 7, 8]);
    const [first, second] = [await worker(), await worker()];
    const slow = bed.sim.addFault({ method: 'GET', path: 'finance/agreements/*/additions/*', type: 'latency', ms: 400 });
    try {
      const patchesBefore = bed.sim.patches.length;
      const started = await bed.t.graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }', {}, token);
      const runId = started.data!.syncNow.id;
      // A second job for the same run (as a lapsed lock or a duplicate enqueue would make), on the other worker.
      await second.app.jobs.now(SYNC_RUN_JOB, { providerId, runId, copy: 2 });
      await first.app.jobs.now(SYNC_RUN_JOB, { providerId, runId, copy: 3 });
      const run = await finishedRun<{ status: string; attempts: number }>(bed, token, runId, 30_000);
      expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
      expect(bed.sim.patches.length - patchesBefore).toBe(orgs.length);
    } finally {
      bed.sim.removeFault(slow);
    }
  });

  it('runs the daily slot once even when two processes both fire it, and a subscriber on another process sees it', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, [3, 4, 5]);
    const [first, second] = [await worker(), await worker()];

    // Subscribed on the web process, which runs no jobs: events must arrive from the worker through PostgreSQL.
    const client = createClient({ url: bed.t.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const statuses: string[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      client.subscribe<{ syncRunUpdated: { run: { status: string } } }>(
        { query: 'subscription { syncRunUpdated { run { status } results { organizationName } } }' },
        {
          next: ({ data }) => {
            statuses.push(data!.syncRunUpdated.run.status);
            if (data!.syncRunUpdated.run.status === 'SUCCEEDED') resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const patchesBefore = bed.sim.patches.length;
    await Promise.all([first.app.jobs.now(SYNC_DAILY_JOB, { providerId }), second.app.jobs.now(SYNC_DAILY_JOB, { providerId })]);
    await finished;
    await client.dispose();

    const runs = await bed.t.app.orm.em.fork().execute<{ slot: string; status: string }[]>('select slot, status from sync_runs where provider_id = ?', [providerId]);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.slot).toMatch(/^daily:\d{4}-\d{2}-\d{2}$/);
    expect(bed.sim.patches.length - patchesBefore).toBe(orgs.length);
    expect(statuses).toContain('RUNNING');
  });
});
