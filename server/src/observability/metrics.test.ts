import { describe, expect, it } from 'vitest';
import { connectToSimulator, CONNECT, useConnectWiseTestBed } from '../../test-support/connectwise-app.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../test-support/sync-fixtures.js';
import { createOrganizations, enableTicketing, eventWithStatus, mapOrganization, reportOne } from '../../test-support/ticketing-fixtures.js';

const bed = useConnectWiseTestBed({ companies: 10, agreementsPerCompany: 1, additionsPerAgreement: 2 }, { processJobs: true, jobsProcessEveryMs: 250 });

async function scrape(): Promise<string> {
  const response = await fetch(`${bed.t.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The sum of a metric's samples whose labels include `labels`; 0 when there are none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) total += Number(match[3]);
  }
  return total;
}

describe('/metrics', () => {
  it('times GraphQL requests by operation name, type and outcome', async () => {
    const { token } = await bed.t.createAdmin();
    const count = 'highwater_graphql_request_duration_seconds_count';
    const before = await scrape();

    expect((await bed.t.graphql('query MetricsProbe { syncRuns { totalCount } }', {}, token)).errors).toBeUndefined();
    expect((await bed.t.graphql('query SignedOutProbe { syncRuns { totalCount } }')).errors).toBeDefined();
    await bed.t.graphql('{ __typename }');

    const after = await scrape();
    const delta = (labels: Record<string, string>) => sample(after, count, labels) - sample(before, count, labels);
    expect(delta({ operation: 'MetricsProbe', type: 'query', outcome: 'ok' })).toBe(1);
    expect(delta({ operation: 'SignedOutProbe', type: 'query', outcome: 'error' })).toBe(1);
    expect(delta({ operation: 'anonymous', type: 'query', outcome: 'ok' })).toBe(1);
  });

  it('counts ConnectWise calls by route and status, with 429s and the retries they caused', async () => {
    const { token } = await bed.t.createAdmin();
    const before = await scrape();
    const requests = 'highwater_connectwise_requests_total';

    await connectToSimulator(bed, token);
    let after = await scrape();
    const systemInfoOk = { route: 'system/info', method: 'GET', status: '200' };
    expect(sample(after, requests, systemInfoOk)).toBeGreaterThan(sample(before, requests, systemInfoOk));
    expect(sample(after, 'highwater_connectwise_request_duration_seconds_count', { route: 'system/info', status: '200' })).toBeGreaterThan(0);

    // ConnectWise turns the next call away once; the client waits out Retry-After and tries again.
    const fault = bed.sim.addFault({ path: 'system/info', type: 'status', status: 429, headers: { 'retry-after': '0' }, times: 1 });
    try {
      const second = await bed.t.createAdmin();
      expect((await bed.t.graphql(CONNECT, { input: bed.sim.credentials }, second.token)).errors).toBeUndefined();
    } finally {
      bed.sim.removeFault(fault);
    }
    const previous = after;
    after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(previous, name, labels);
    expect(delta(requests, { route: 'system/info', status: '429' })).toBe(1);
    expect(delta('highwater_connectwise_rate_limited_total', { route: 'system/info' })).toBe(1);
    expect(delta('highwater_connectwise_retries_total', { route: 'system/info', kind: 'rate-limited' })).toBe(1);
  });

  it('counts a finished sync run by status, its organizations by outcome, and its ConnectWise writes by route', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    await mappedOrganizations(bed, token, [4, 9]);
    const before = await scrape();

    const started = await bed.t.graphql<{ syncNow: { id: string } }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
    expect(started.errors).toBeUndefined();
    expect(await finishedRun(bed, token, started.data!.syncNow.id)).toMatchObject({ status: 'SUCCEEDED', updated: 2 });

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('highwater_sync_run_duration_seconds_count', { status: 'succeeded' })).toBe(1);
    expect(delta('highwater_sync_organization_outcomes_total', { outcome: 'updated' })).toBe(2);
    expect(delta('highwater_connectwise_requests_total', { route: 'finance/agreements/:id/additions/:id', method: 'PATCH', status: '200' })).toBe(2);
  });

  it('times an alert from being stored to its ticket being recorded, by alert type', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await createOrganizations(bed.t, token, ['Metrics Alert Org']);
    await mapOrganization(bed, token, org!.id);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT' }]);
    const before = await scrape();

    const reported = await reportOne(bed.t, token, { organizationId: org!.id });
    expect(await eventWithStatus(bed.t, token, reported.id, 'TICKETED', 'FAILED')).toMatchObject({ status: 'TICKETED' });

    const after = await scrape();
    const count = 'highwater_alert_ticket_latency_seconds_count';
    expect(sample(after, count, { alert_type: 'user-lockout' }) - sample(before, count, { alert_type: 'user-lockout' })).toBe(1);
  });

  it("reports Agenda's due, unlocked jobs by name and the age of the oldest lock", async () => {
    const agendaJobs = bed.t.app.mongo.db().collection('agenda_jobs');
    // A job no worker defines stays due and unlocked; a lock taken two minutes ago and never released.
    await bed.t.app.jobs.now('metrics.unhandled', {});
    const { insertedId } = await agendaJobs.insertOne({ name: 'metrics.stuck', data: {}, type: 'normal', priority: 0, nextRunAt: null, lockedAt: new Date(Date.now() - 120_000) });
    try {
      const text = await scrape();
      expect(sample(text, 'highwater_agenda_queue_depth', { job: 'metrics.unhandled' })).toBe(1);
      expect(sample(text, 'highwater_agenda_oldest_lock_age_seconds')).toBeGreaterThanOrEqual(119);
    } finally {
      await bed.t.app.jobs.cancel(['metrics.unhandled']);
      await agendaJobs.deleteOne({ _id: insertedId });
    }
    const drained = await scrape();
    expect(sample(drained, 'highwater_agenda_queue_depth', { job: 'metrics.unhandled' })).toBe(0);
  });

  it('exposes default process metrics, and no keys, tokens or tenant identifiers', async () => {
    const { token, providerId } = await bed.t.createAdmin({ providerName: 'Metrics Secret Provider' });
    await connectToSimulator(bed, token);
    const text = await scrape();

    expect(text).toMatch(/^highwater_process_cpu_user_seconds_total /m);
    const { publicKey, privateKey, companyId } = bed.sim.credentials;
    const basic = Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64');
    for (const secret of [publicKey, privateKey, basic, companyId, token, providerId, 'Metrics Secret Provider', bed.sim.site]) {
      expect(text).not.toContain(secret);
    }
  });
});
