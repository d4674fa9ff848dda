import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { TRUSTED_DOCUMENTS_FILE } from '../graphql/trusted-documents.js';
import { connectToSimulator, CONNECT, useConnectWiseTestBed } from '../../test-support/connectwise-app.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../test-support/sync-fixtures.js';
import { createOrganizations, enableTicketing, eventWithStatus, mapOrganization, reportOne } from '../../test-support/ticketing-fixtures.js';
import { OPERATION_LABELS, SIGNED_IN_OPERATION_NAME_BUDGET } from './graphql-metrics-plugin.js';

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

/** The distinct values a metric's `label` takes. */
function labelValues(text: string, name: string, label: string): Set<string> {
  const values = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)\{(.*)\} \S+$/.exec(line);
    if (!match || match[1] !== name) continue;
    for (const pair of match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) if (pair[1] === label) values.add(pair[2]!);
  }
  return values;
}

/** Sends `count` requests, 25 at a time, each made by `send(i)`. */
async function inBatches(count: number, send: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += 25) {
    await Promise.all(Array.from({ length: Math.min(25, count - start) }, (_, offset) => send(start + offset)));
  }
}

const GRAPHQL_COUNT = 'highwater_graphql_request_duration_seconds_count';
const randomName = () => `Op${randomBytes(6).toString('hex')}`;

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
    expect(delta({ operation: 'SignedOutProbe' })).toBe(0);
    expect(delta({ operation: OPERATION_LABELS.unauthenticated, type: 'query', outcome: 'error' })).toBe(1);
    expect(delta({ operation: 'anonymous', type: 'query', outcome: 'ok' })).toBe(1);
  });

  it('gives 300 signed-out requests with random operation names no labels of their own', async () => {
    const before = await scrape();
    const names = Array.from({ length: 300 }, randomName);
    await inBatches(names.length, (i) => bed.t.graphql(`query ${names[i]} { __typename }`));

    const after = await scrape();
    expect(labelValues(after, GRAPHQL_COUNT, 'operation')).toEqual(labelValues(before, GRAPHQL_COUNT, 'operation'));
    for (const name of names) expect(after).not.toContain(name);
    const unauthenticated = { operation: OPERATION_LABELS.unauthenticated, type: 'query', outcome: 'ok' };
    expect(sample(after, GRAPHQL_COUNT, unauthenticated) - sample(before, GRAPHQL_COUNT, unauthenticated)).toBe(300);
  });

  it(`names signed-in callers' operations until ${SIGNED_IN_OPERATION_NAME_BUDGET} names are given out, then counts new ones as "other"`, async () => {
    const { token } = await bed.t.createAdmin();
    const before = await scrape();
    const names = Array.from({ length: SIGNED_IN_OPERATION_NAME_BUDGET + 20 }, randomName);
    // One at a time: which names get in is then the order they were sent.
    for (const name of names) expect((await bed.t.graphql(`query ${name} { __typename }`, {}, token)).errors).toBeUndefined();

    const after = await scrape();
    const added = [...labelValues(after, GRAPHQL_COUNT, 'operation')].filter((value) => !labelValues(before, GRAPHQL_COUNT, 'operation').has(value));
    const given = names.filter((name) => added.includes(name));
    // Earlier tests in this file may have used some of the budget already; never more than all of it.
    expect(given.length).toBeGreaterThan(0);
    expect(given).toEqual(names.slice(0, given.length));
    expect(labelValues(after, GRAPHQL_COUNT, 'operation').size).toBeLessThanOrEqual(SIGNED_IN_OPERATION_NAME_BUDGET + Object.keys(OPERATION_LABELS).length);
    const other = { operation: OPERATION_LABELS.other, type: 'query', outcome: 'ok' };
    expect(sample(after, GRAPHQL_COUNT, other) - sample(before, GRAPHQL_COUNT, other)).toBe(names.length - given.length);
    // Once given, a name keeps its label.
    expect((await bed.t.graphql(`query ${names[0]} { __typename }`, {}, token)).errors).toBeUndefined();
    expect(sample(await scrape(), GRAPHQL_COUNT, { operation: names[0]! }) - sample(after, GRAPHQL_COUNT, { operation: names[0]! })).toBe(1);
  });

  it("gives the admin app's trusted documents their own names, signed out and with the budget spent", async () => {
    const { token } = await bed.t.createAdmin();
    await inBatches(SIGNED_IN_OPERATION_NAME_BUDGET + 1, () => bed.t.graphql(`query ${randomName()} { __typename }`, {}, token));
    const documents = JSON.parse(readFileSync(TRUSTED_DOCUMENTS_FILE, 'utf8')) as Record<string, string>;
    const [documentId, text] = Object.entries(documents).find(([, body]) => getOperationAST(parse(body))?.operation === 'query')!;
    const name = getOperationAST(parse(text))!.name!.value;
    const before = await scrape();

    const response = await fetch(`${bed.t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId, variables: {} }),
    });
    expect(response.status).toBeLessThan(500);

    const after = await scrape();
    expect(sample(after, GRAPHQL_COUNT, { operation: name, type: 'query' }) - sample(before, GRAPHQL_COUNT, { operation: name, type: 'query' })).toBe(1);
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
