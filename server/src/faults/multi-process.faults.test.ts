import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectToSimulator } from '../../test-support/connectwise-app.js';
import { useServerProcesses } from '../../test-support/server-processes.js';
import { finishedRun, mappedOrganizations, type MappedOrganization } from '../../test-support/sync-fixtures.js';
import { waitFor } from '../../test-support/ticketing-fixtures.js';
import { AGENDA_JOBS_COLLECTION } from '../jobs/agenda.js';
import { SYNC_DAILY_JOB } from '../features/sync/sync.jobs.js';
import { SYNC_RUN_JOB } from '../features/sync/sync.service.js';

/*
 * Fault suite, two server processes taking jobs from one queue (plus one serving GraphQL), as in
 * production behind a load balancer: a scheduled slot or a run reaching both is executed once, and a
 * subscriber on one process follows a run another process executes.
 */

const bed = useServerProcesses({ companies: 30, agreementsPerCompany: 1, additionsPerAgreement: 2 }, { runLockMs: 2_000 });
let workers: Promise<unknown> | undefined;
/** Processes B and C, started once: each schedules the daily jobs of the providers connected by then. */
const twoWorkerProcesses = () => (workers ??= Promise.all([bed.spawnWorker(), bed.spawnWorker()]));

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>(sql, params);
  return Number(row!.n);
}

/** PATCHes beyond one per organization's addition. */
function patchedMoreThanOnce(orgs: MappedOrganization[]): number {
  return orgs.reduce((extra, org) => extra + Math.max(0, bed.sim.patches.filter((patch) => patch.additionId === org.additionId).length - 1), 0);
}

interface RunUpdate {
  runId: string;
  status: string;
}

/** syncRunUpdated on the process that serves GraphQL and runs no jobs. */
function subscribeToRuns(token: string) {
  const client = createClient({ url: bed.t.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const updates: RunUpdate[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ syncRunUpdated: { run: { id: string; status: string } } }>(
    { query: 'subscription { syncRunUpdated { run { id status } results { organizationName } } }' },
    {
      next: ({ data, errors: problems }) => {
        if (problems) errors.push(...problems);
        if (data) updates.push({ runId: data.syncRunUpdated.run.id, status: data.syncRunUpdated.run.status });
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { updates, errors, dispose: () => client.dispose() };
}

describe('fault suite: two server processes', { timeout: 120_000 }, () => {
  it('runs the daily slot once when its job fires twice across two processes, and a subscriber on the web process sees the run another process executes', async ({ task }) => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    // Connecting scheduled the provider's daily job, and each process schedules it again as it starts.
    await twoWorkerProcesses();
    expect(await bed.t.app.mongo.db().collection(AGENDA_JOBS_COLLECTION).countDocuments({ name: SYNC_DAILY_JOB, 'data.providerId': providerId })).toBe(1);

    const [probeOrg, ...orgs] = await mappedOrganizations(bed, token, [2, 3, 4, 5]);
    const subscription = subscribeToRuns(token);
    try {
      // The subscription is live once it has seen a (one-organization) run through: without that, the
      // daily run could start before the server registered it.
      await waitFor(
        async () => {
          const probe = await bed.t.graphql<{ syncNow: { id: string } }>('mutation($ids: [ID!]) { syncNow(organizationIds: $ids) { id } }', { ids: [probeOrg!.id] }, token);
          const runId = probe.data!.syncNow.id;
          await finishedRun(bed, token, runId, 30_000);
          return waitFor(async () => subscription.updates.some((update) => update.runId === runId && update.status === 'SUCCEEDED'), 'the probe run', 2_000).then(
            () => true,
            () => false,
          );
        },
        `the subscription to deliver: ${JSON.stringify(subscription.errors)}`,
        60_000,
      );

      // The slot's job fired twice, as when both processes' schedules come due together.
      await Promise.all([bed.t.app.jobs.now(SYNC_DAILY_JOB, { providerId }), bed.t.app.jobs.now(SYNC_DAILY_JOB, { providerId })]);
      const daily = await waitFor(
        async () => {
          const [row] = await bed.t.app.orm.em.fork().execute<{ id: string; slot: string }[]>("select id, slot from sync_runs where provider_id = ? and slot like 'daily:%'", [providerId]);
          return row && subscription.updates.some((update) => update.runId === row.id && update.status === 'SUCCEEDED') && row;
        },
        'the daily run to finish on the subscription',
        60_000,
      );
      const allOrgs = [probeOrg!, ...orgs];
      const withResult = await count('select count(distinct organization_id) as n from sync_results where run_id = ?', [daily.id]);
      task.meta.dataLost = allOrgs.length - withResult;
      task.meta.duplicates =
        (await count("select count(*) as n from sync_runs where provider_id = ? and slot like 'daily:%'", [providerId])) -
        1 +
        (await count('select count(*) as n from sync_results where run_id = ?', [daily.id])) -
        withResult +
        patchedMoreThanOnce(allOrgs);

      expect(daily.slot).toMatch(/^daily:\d{4}-\d{2}-\d{2}$/);
      expect(await count("select count(*) as n from sync_runs where provider_id = ? and slot like 'daily:%'", [providerId])).toBe(1);
      expect(await count('select count(*) as n from sync_results where run_id = ?', [daily.id])).toBe(allOrgs.length);
      for (const org of orgs) expect(bed.sim.patches.filter((patch) => patch.additionId === org.additionId)).toHaveLength(1);
      expect(patchedMoreThanOnce(allOrgs)).toBe(0);
      const seen = subscription.updates.filter((update) => update.runId === daily.id).map((update) => update.status);
      expect(seen).toContain('RUNNING');
      expect(seen.at(-1)).toBe('SUCCEEDED');
    } finally {
      await subscription.dispose();
    }
  });

  it('executes a run handed to both processes at once only once: one writes to ConnectWise, the other waits', async ({ task }) => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    await twoWorkerProcesses();
    const orgs = await mappedOrganizations(bed, token, [5, 6, 7, 8]);
    const slow = bed.sim.addFault({ method: 'GET', path: 'finance/agreements/*/additions/*', type: 'latency', ms: 400 });
    try {
      const started = await bed.t.graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }', {}, token);
      const runId = started.data!.syncNow.id;
      // Two more jobs for the same run, as a lapsed lock or a duplicate enqueue would make: three jobs, two processes.
      await bed.t.app.jobs.now(SYNC_RUN_JOB, { providerId, runId, copy: 2 });
      await bed.t.app.jobs.now(SYNC_RUN_JOB, { providerId, runId, copy: 3 });
      const run = await finishedRun<{ status: string; attempts: number }>(bed, token, runId, 60_000);

      const withResult = await count('select count(distinct organization_id) as n from sync_results where run_id = ?', [runId]);
      task.meta.dataLost = orgs.length - withResult;
      task.meta.duplicates = (await count('select count(*) as n from sync_results where run_id = ?', [runId])) - withResult + patchedMoreThanOnce(orgs);
      expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
      for (const org of orgs) expect(bed.sim.patches.filter((patch) => patch.additionId === org.additionId)).toHaveLength(1);
      expect(withResult).toBe(orgs.length);
    } finally {
      bed.sim.removeFault(slow);
    }
  });
});
