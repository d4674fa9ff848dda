import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectToSimulator, type ConnectWiseTestBed } from '../../test-support/connectwise-app.js';
import { startConnectWiseSimulator } from '../../test-support/connectwise-sim/index.js';
import { findPostgresBinaries, startPrivateFerretDb, startPrivatePostgres, temporaryDatabase } from '../../test-support/private-services.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../test-support/sync-fixtures.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { alert, alertEvent, createOrganizations, enableTicketing, errorCode, report, waitFor } from '../../test-support/ticketing-fixtures.js';
import { WAKE_STALLED_ALERTS_JOB } from '../features/ticketing/ticketing.jobs.js';

/*
 * Fault suite, a database going away under a running server: MongoDB (FerretDB, Agenda's job store)
 * for 30 s, and PostgreSQL restarted. Each on servers of the test's own: the run's shared ones serve
 * every other test file meanwhile.
 */

const MONGODB_OUTAGE_MS = 30_000;

const disposals: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const dispose of disposals.splice(0).reverse()) await dispose();
});

interface Readiness {
  status: string;
  checks: { postgres: { ok: boolean }; mongodb: { ok: boolean; error?: string } };
}

async function readiness(t: TestApp): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${t.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

/** alertEventUpdated: the ids of the events it has heard of. */
function subscribeToAlertEvents(t: TestApp, token: string) {
  const client = createClient({ url: t.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const updated = new Set<string>();
  const errors: unknown[] = [];
  client.subscribe<{ alertEventUpdated: { id: string } }>(
    { query: 'subscription { alertEventUpdated { id status } }' },
    {
      next: ({ data, errors: problems }) => {
        if (problems) errors.push(...problems);
        if (data) updated.add(data.alertEventUpdated.id);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return { updated, errors, dispose: () => client.dispose() };
}

const ORGANIZATIONS = '{ organizations(first: 100) { totalCount nodes { id name } } }';
interface Run {
  id: string;
  status: string;
  total: number;
  updated: number;
  unchanged: number;
  failed: number;
}
const RUN = `query($id: ID!) { syncRun(id: $id) { ${RUN_FIELDS} } }`;

describe('fault suite: databases going away', () => {
  it('answers GraphQL reads through a 30 s MongoDB outage, reports it on /readyz, and runs the sync and tickets the alert accepted meanwhile once MongoDB is back', { timeout: 240_000 }, async ({ task }) => {
    const ferretdb = await startPrivateFerretDb();
    disposals.push(() => ferretdb.dispose());
    // The app's own PostgreSQL database too: its recovery jobs (2 s run locks here) look at every provider's runs.
    const database = await temporaryDatabase('highwater_faults_mongodb');
    disposals.push(() => database.drop());
    const sim = await startConnectWiseSimulator({ seed: { types: ['Customer'], companies: 6, agreementsPerCompany: 1, additionsPerAgreement: 1 } });
    disposals.push(() => sim.close());
    const t = await startTestApp({
      databaseUrl: database.url,
      mongodbUrl: ferretdb.url,
      processJobs: true,
      jobsProcessEveryMs: 250,
      syncRunLockMs: 2_000,
      connectWise: { clientId: sim.clientId, ca: sim.ca, retryBaseDelayMs: 5, maxRequestsPerMinute: 100_000 },
    });
    disposals.push(() => t.stop());
    const bed: ConnectWiseTestBed = { sim, t };
    const { token } = await t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, [11, 12, 13]);
    await enableTicketing(t, token, [{ alertType: 'USER_LOCKOUT' }]);

    await ferretdb.stop();
    const outageEnds = Date.now() + MONGODB_OUTAGE_MS;

    // Writes that queue jobs are accepted: stored in PostgreSQL, their jobs queued once MongoDB is back.
    const requested = await t.graphql<{ syncNow: Run }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
    expect(requested.errors).toBeUndefined();
    expect(requested.data!.syncNow.status).toBe('QUEUED');
    const runId = requested.data!.syncNow.id;
    const reported = await report(t, token, [alert({ organizationId: orgs[0]!.id })]);
    expect(reported.errors).toBeUndefined();
    const alerted = reported.data!.reportAlerts.events[0]!;
    expect(alerted.status).toBe('PENDING');

    // Until the outage ends: reads answer, /readyz says MongoDB is what is wrong, and nothing runs.
    do {
      const read = await t.graphql<{ organizations: { totalCount: number } }>(ORGANIZATIONS, {}, token);
      expect(read.errors).toBeUndefined();
      expect(read.data!.organizations.totalCount).toBe(orgs.length);
      const run = await t.graphql<{ syncRun: Run }>(RUN, { id: runId }, token);
      expect(run.data!.syncRun.status).toBe('QUEUED');
      const ready = await readiness(t);
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('not-ready');
      expect(ready.body.checks.mongodb).toMatchObject({ ok: false, error: expect.any(String) });
      expect(ready.body.checks.postgres.ok).toBe(true);
      // Paced checks for as long as the outage lasts (its length is the fault, not a guess at timing).
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, Math.max(0, outageEnds - Date.now()))));
    } while (Date.now() < outageEnds);

    await ferretdb.start();
    await waitFor(async () => (await readiness(t)).status === 200, '/readyz to be ready again', 30_000);
    // The alert's wake-up was lost with MongoDB; the stalled-event check (every minute) wakes events two
    // minutes overdue. This one's clock is moved on ten minutes instead of waiting, and the check run now.
    await t.app.orm.em.fork().execute("update alert_events set next_attempt_at = next_attempt_at - interval '10 minutes' where id = ?", [alerted.id]);
    await t.app.jobs.now(WAKE_STALLED_ALERTS_JOB, {});

    // The run's job was never queued: the recovery job (every minute) queues runs nobody has touched.
    const run = await finishedRun<Run>(bed, token, runId, 150_000);
    const ticketed = await waitFor(
      async () => {
        const event = await alertEvent(t, token, alerted.id);
        return event.status !== 'PENDING' && event;
      },
      'the alert to be ticketed',
      150_000,
    );
    // And new work is queued and run as usual.
    const after = await t.graphql<{ syncNow: Run }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
    const again = await finishedRun<Run>(bed, token, after.data!.syncNow.id, 30_000);

    const [results] = await t.app.orm.em.fork().execute<{ n: string; orgs: string }[]>('select count(*) as n, count(distinct organization_id) as orgs from sync_results where run_id = ?', [runId]);
    const additions = new Set(orgs.map((org) => org.additionId));
    const patches = sim.patches.filter((patch) => additions.has(patch.additionId));
    const tickets = sim.tickets.filter((ticket) => ticket.externalXRef === alerted.externalXRef);
    task.meta.dataLost = orgs.length - Number(results!.orgs) + (tickets.length === 0 ? 1 : 0);
    task.meta.duplicates = Number(results!.n) - Number(results!.orgs) + Math.max(0, patches.length - orgs.length) + Math.max(0, tickets.length - 1);

    expect(run).toMatchObject({ status: 'SUCCEEDED', total: 3, updated: 3, failed: 0 });
    for (const [i, org] of orgs.entries()) expect(sim.data.additions.find((addition) => addition.id === org.additionId)!.quantity).toBe(11 + i);
    expect(patches).toHaveLength(orgs.length);
    expect(ticketed).toMatchObject({ status: 'TICKETED', ticketId: tickets[0]?.id });
    expect(tickets).toHaveLength(1);
    expect(again).toMatchObject({ status: 'SUCCEEDED', total: 3, unchanged: 3 });
  });

  it('recovers its PostgreSQL connections after a PostgreSQL restart without restarting, and acknowledges no write it lost', { timeout: 120_000 }, async ({ task, skip }) => {
    const binaries = findPostgresBinaries();
    if (typeof binaries === 'string') {
      console.warn(`PostgreSQL restart case skipped: ${binaries}`);
      return skip(binaries);
    }
    const postgres = await startPrivatePostgres(binaries);
    disposals.push(() => postgres.dispose());
    const t = await startTestApp({ databaseUrl: postgres.url });
    disposals.push(() => t.stop());
    const { token, providerId } = await t.createAdmin();
    const [org] = await createOrganizations(t, token, ['Acme, Inc.']);

    // Alerts reported one per call, back to back, across the restart. Each is stored and published
    // (NOT_TICKETED: no integration here), so the pool, the event publisher and the listener are all in use.
    const writes: { externalEventId: string; eventId?: string; acknowledged: boolean; code: unknown }[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const externalEventId = `restart-${i}`;
        const result = await report(t, token, [alert({ organizationId: org!.id, externalEventId })]);
        const acknowledged = !result.errors && result.data?.reportAlerts.accepted === 1;
        writes.push({ externalEventId, eventId: result.data?.reportAlerts.events[0]?.id, acknowledged, code: errorCode(result) });
      }
    })();
    const acknowledged = () => writes.filter((write) => write.acknowledged).length;
    const subscription = subscribeToAlertEvents(t, token);
    const published = (from: number) => writes.slice(from).some((write) => write.eventId && subscription.updated.has(write.eventId));
    try {
      await waitFor(async () => acknowledged() >= 5 && published(0), 'writes and their events before the restart', 30_000);
      await postgres.stop();
      const restartedAt = writes.length;
      await waitFor(async () => writes.length > restartedAt, 'a write while PostgreSQL is down', 30_000);
      await postgres.start();

      await waitFor(async () => !(await t.graphql(ORGANIZATIONS, {}, token)).errors, 'reads to work again', 30_000);
      const ackedBeforeRecovery = acknowledged();
      await waitFor(async () => acknowledged() >= ackedBeforeRecovery + 5, 'writes after the restart', 30_000);
      // Subscribers hear of writes again: the listening connection reconnected, the publisher too.
      await waitFor(async () => published(restartedAt), `an event after the restart: ${JSON.stringify(subscription.errors)}`, 30_000);
    } finally {
      writing = false;
      await writer;
      await subscription.dispose();
    }

    const rows = await t.app.orm.em
      .fork()
      .execute<{ external_event_id: string }[]>("select external_event_id from alert_events where provider_id = ? and external_event_id like 'restart-%'", [providerId]);
    const stored = new Set(rows.map((row) => row.external_event_id));
    const lost = writes.filter((write) => write.acknowledged && !stored.has(write.externalEventId));
    task.meta.dataLost = lost.length;
    task.meta.duplicates = rows.length - stored.size;

    expect(lost).toEqual([]);
    expect(rows.length).toBe(stored.size);
    // Writes while it was down were answered, with an error (and stored nothing, or were stored).
    const refused = writes.filter((write) => !write.acknowledged);
    expect(refused.length).toBeGreaterThan(0);
    for (const write of refused) expect(write.code, write.externalEventId).toBe('INTERNAL_SERVER_ERROR');
    const read = await t.graphql<{ organizations: { nodes: { name: string }[] } }>(ORGANIZATIONS, {}, token);
    expect(read.data!.organizations.nodes.map((node) => node.name)).toEqual(['Acme, Inc.']);
  });
});
