import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { Role } from '../auth/roles.js';
import { CREATE_TICKETS_JOB } from './ticketing.jobs.js';
import {
  alert,
  alertEvent,
  createOrganizations,
  enableTicketing,
  errorCode,
  EVENT_FIELDS,
  mapOrganization,
  report,
  reportOne,
  type AlertEventView,
} from '../../../test-support/ticketing-fixtures.js';

// Jobs are not processed in this file: it is about what intake decides and stores.
const bed = useConnectWiseTestBed({ companies: 6, additionsPerAgreement: 1 });

const ticketRequests = (since: number) => bed.sim.requests.slice(since).filter((request) => request.route.startsWith('service/tickets'));
const ticketJobs = (providerId: string) => bed.t.app.mongo.db().collection('agenda_jobs').countDocuments({ name: CREATE_TICKETS_JOB, 'data.providerId': providerId });

describe('reportAlerts: the gates', () => {
  it('records an alert as NOT_TICKETED with the first closed gate, without calling ConnectWise or queueing a job', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    const [mapped, unmapped] = await createOrganizations(bed.t, token, ['Mapped Co', 'Unmapped Co']);

    const before = bed.sim.requests.length;
    const notConnected = await reportOne(bed.t, token, { organizationId: mapped!.id });
    expect(notConnected).toMatchObject({ status: 'NOT_TICKETED', notTicketedReason: 'INTEGRATION_NOT_CONFIGURED', ticketId: null });
    expect(bed.sim.requests.slice(before)).toEqual([]);

    await connectToSimulator(bed, token);
    await mapOrganization(bed, token, mapped!.id);
    const since = bed.sim.requests.length;
    const toggleOff = await reportOne(bed.t, token, { organizationId: mapped!.id });
    expect(toggleOff).toMatchObject({ status: 'NOT_TICKETED', notTicketedReason: 'AUTOMATED_TICKETING_OFF' });
    expect(bed.sim.requests.slice(since)).toEqual([]);

    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT' }]);
    const afterSettings = bed.sim.requests.length;
    const typeOff = await reportOne(bed.t, token, { organizationId: mapped!.id, alertType: 'USER_PASSWORD_EXPIRED' });
    expect(typeOff).toMatchObject({ status: 'NOT_TICKETED', notTicketedReason: 'ALERT_TYPE_OFF' });
    const notMapped = await reportOne(bed.t, token, { externalOrgId: unmapped!.externalId, alertType: 'USER_LOCKOUT' });
    expect(notMapped).toMatchObject({ status: 'NOT_TICKETED', notTicketedReason: 'ORGANIZATION_NOT_MAPPED', organization: { id: unmapped!.id } });

    expect(bed.sim.requests.slice(afterSettings)).toEqual([]);
    // Since connecting: verify itself reads one row of service/tickets to check the API member's permissions.
    expect(ticketRequests(since)).toEqual([]);
    expect(await ticketJobs(providerId)).toBe(0);

    // All gates open: pending, and the provider's ticket job is queued.
    const open = await reportOne(bed.t, token, { organizationId: mapped!.id, alertType: 'USER_LOCKOUT' });
    expect(open).toMatchObject({ status: 'PENDING', notTicketedReason: null, attempts: 0, source: 'API', alert: { name: 'User Lockout' } });
    expect(await ticketJobs(providerId)).toBe(1);
  });
});

describe('reportAlerts: validation and replays', () => {
  it('refuses the whole batch when any item is invalid, listing every problem', async () => {
    const { token } = await bed.t.createAdmin();
    const [org] = await createOrganizations(bed.t, token, ['Acme']);
    const count = async () =>
      (await bed.t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents { totalCount } }', {}, token)).data!.alertEvents.totalCount;
    const result = await report(bed.t, token, [
      alert({ organizationId: org!.id }),
      alert({ organizationId: org!.id, externalEventId: '  ' }),
      alert({ externalOrgId: 'nope' }),
      alert({ organizationId: org!.id, externalOrgId: org!.externalId }),
      alert({ organizationId: org!.id, occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
      alert({ organizationId: org!.id, subject: '' }),
      alert({ organizationId: org!.id, details: { blob: 'x'.repeat(9000) } }),
      alert({}),
    ]);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/^7 of 8 items are invalid; nothing was saved/);
    expect(result.errors![0]!.extensions!.itemErrors).toEqual([
      { index: 1, field: 'externalEventId', message: 'must be 1 to 200 characters' },
      { index: 2, field: 'externalOrgId', message: 'no organization nope' },
      { index: 3, field: 'organizationId', message: 'give organizationId or externalOrgId, not both' },
      { index: 4, field: 'occurredAt', message: 'is in the future' },
      { index: 5, field: 'subject', message: 'must be 1 to 300 characters' },
      { index: 6, field: 'details', message: 'must be at most 8192 bytes as JSON' },
      { index: 7, field: 'externalOrgId', message: 'give organizationId or externalOrgId' },
    ]);
    expect(await count()).toBe(0);

    const tooMany = await report(bed.t, token, Array.from({ length: 1001 }, () => alert({ organizationId: org!.id })));
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.message).toBe('send 1 to 1000 alerts at a time');
  });

  it('takes a replayed externalEventId as the same event: no second row, the original returned', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await createOrganizations(bed.t, token, ['Replay Co']);
    await mapOrganization(bed, token, org!.id);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT' }]);

    const first = alert({ organizationId: org!.id, externalEventId: 'di-replayed-1' });
    const once = await report(bed.t, token, [first, { ...first }]);
    expect(once.errors).toBeUndefined();
    expect(once.data!.reportAlerts).toMatchObject({ accepted: 1, duplicates: 1 });
    const [a, b] = once.data!.reportAlerts.events;
    expect(a!.id).toBe(b!.id);

    // A replay with other content changes nothing: the stored event stands.
    const again = await report(bed.t, token, [{ ...first, subject: 'someone-else@acme.com' }, alert({ organizationId: org!.id })]);
    expect(again.data!.reportAlerts).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(again.data!.reportAlerts.events[0]).toMatchObject({ id: a!.id, subject: 'jdoe@acme.com' });
    // One queued job (not yet started) serves both calls' new events.
    expect(await ticketJobs(providerId)).toBe(1);
    const total = await bed.t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents { totalCount } }', {}, token);
    expect(total.data!.alertEvents.totalCount).toBe(2);
  });

  it('stores a batch of 1,000 in one call', async () => {
    const { token } = await bed.t.createAdmin();
    const orgs = await createOrganizations(bed.t, token, Array.from({ length: 50 }, (_, i) => `Org ${i}`));
    const batch = Array.from({ length: 1000 }, (_, i) => alert({ externalOrgId: orgs[i % 50]!.externalId, alertType: i % 2 ? 'USER_LOCKOUT' : 'DISK_ENCRYPTION_KEY_DECRYPTED' }));
    const started = performance.now();
    const result = await report(bed.t, token, batch);
    const ms = performance.now() - started;
    expect(result.errors).toBeUndefined();
    expect(result.data!.reportAlerts.accepted).toBe(1000);
    expect(result.data!.reportAlerts.events.map((event) => event.externalEventId)).toEqual(batch.map((item) => item.externalEventId));
    expect(ms).toBeLessThan(10_000);
  });
});

describe('alertEvents', () => {
  it('lists newest first, filters by status, alert type and organization, and pages with a cursor', async () => {
    const { token } = await bed.t.createAdmin();
    const [one, two] = await createOrganizations(bed.t, token, ['One', 'Two']);
    const reported: AlertEventView[] = [];
    for (const values of [
      { organizationId: one!.id, alertType: 'USER_LOCKOUT' },
      { organizationId: two!.id, alertType: 'USER_LOCKOUT' },
      { organizationId: one!.id, alertType: 'USER_PASSWORD_EXPIRED' },
    ]) {
      reported.push(await reportOne(bed.t, token, values));
    }
    type Page = { alertEvents: { totalCount: number; hasNextPage: boolean; endCursor: string | null; nodes: { id: string }[] } };
    const list = (variables: Record<string, unknown>) =>
      bed.t.graphql<Page>(
        'query($f: AlertEventFilter, $first: Int!, $after: String) { alertEvents(filter: $f, first: $first, after: $after) { totalCount hasNextPage endCursor nodes { id } } }',
        { first: 50, ...variables },
        token,
      );
    const all = await list({});
    expect(all.data!.alertEvents.nodes.map((node) => node.id)).toEqual(reported.map((event) => event.id).reverse());
    const page1 = await list({ first: 2 });
    const page2 = await list({ first: 2, after: page1.data!.alertEvents.endCursor });
    expect([...page1.data!.alertEvents.nodes, ...page2.data!.alertEvents.nodes].map((node) => node.id)).toEqual(reported.map((event) => event.id).reverse());
    expect(page2.data!.alertEvents.hasNextPage).toBe(false);
    expect((await list({ f: { organizationId: one!.id } })).data!.alertEvents.totalCount).toBe(2);
    expect((await list({ f: { alertType: 'USER_PASSWORD_EXPIRED' } })).data!.alertEvents.nodes.map((node) => node.id)).toEqual([reported[2]!.id]);
    expect((await list({ f: { status: 'NOT_TICKETED' } })).data!.alertEvents.totalCount).toBe(3);
    expect((await list({ f: { status: 'TICKETED' } })).data!.alertEvents.totalCount).toBe(0);
  });
});

describe('tenants and roles', () => {
  it("never shows, retries or accepts alerts for another provider's events and organizations", async () => {
    const a = await bed.t.createAdmin();
    const b = await bed.t.createAdmin();
    const [orgA] = await createOrganizations(bed.t, a.token, ['A Co']);
    const [orgB] = await createOrganizations(bed.t, b.token, ['B Co']);
    const eventA = await reportOne(bed.t, a.token, { organizationId: orgA!.id, externalEventId: 'di-shared-id' });

    const listed = await bed.t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents { totalCount } }', {}, b.token);
    expect(listed.data!.alertEvents.totalCount).toBe(0);
    expect(errorCode(await bed.t.graphql(`query($id: ID!) { alertEvent(id: $id) { id } }`, { id: eventA.id }, b.token))).toBe('NOT_FOUND');
    expect(errorCode(await bed.t.graphql(`mutation($id: ID!) { retryAlert(id: $id) { id } }`, { id: eventA.id }, b.token))).toBe('NOT_FOUND');

    const byId = await report(bed.t, b.token, [alert({ organizationId: orgA!.id })]);
    expect(byId.errors![0]!.extensions!.itemErrors).toEqual([{ index: 0, field: 'organizationId', message: `no organization ${orgA!.id}` }]);
    const byExternalId = await report(bed.t, b.token, [alert({ externalOrgId: orgA!.externalId })]);
    expect(byExternalId.errors![0]!.extensions!.itemErrors).toEqual([{ index: 0, field: 'externalOrgId', message: `no organization ${orgA!.externalId}` }]);

    // The same external event id is another provider's own event, not a replay of A's.
    const eventB = await reportOne(bed.t, b.token, { organizationId: orgB!.id, externalEventId: 'di-shared-id' });
    expect(eventB.id).not.toBe(eventA.id);
    expect((await alertEvent(bed.t, a.token, eventA.id)).organization.id).toBe(orgA!.id);
  });

  it('is Billing-only: an admin without the Billing role gets FORBIDDEN', async () => {
    const { token } = await bed.t.createAdmin({ roles: [Role.ADMIN] });
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [operation, variables] of [
      ['{ alertEvents { totalCount } }', {}],
      [`query($id: ID!) { alertEvent(id: $id) { id } }`, { id }],
      [`mutation($id: ID!) { retryAlert(id: $id) { id } }`, { id }],
      [`mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted } }`, { a: [alert({ externalOrgId: 'x' })] }],
    ] as const) {
      expect(errorCode(await bed.t.graphql(operation, variables, token)), operation).toBe('FORBIDDEN');
    }
  });
});

describe('retryAlert and disable & clear', () => {
  it('refuses to retry an event that has not failed', async () => {
    const { token } = await bed.t.createAdmin();
    const [org] = await createOrganizations(bed.t, token, ['Acme']);
    const event = await reportOne(bed.t, token, { organizationId: org!.id });
    const result = await bed.t.graphql(`mutation($id: ID!) { retryAlert(id: $id) { ${EVENT_FIELDS} } }`, { id: event.id }, token);
    expect(errorCode(result)).toBe('CONFLICT');
    expect(result.errors![0]!.message).toBe('only a failed alert event can be retried; this one is not-ticketed');
  });

  it('removes the alert settings, closes pending events and cancels their ticket jobs', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await createOrganizations(bed.t, token, ['Closing Co']);
    await mapOrganization(bed, token, org!.id);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT', dueDays: 5 }]);
    const pending = await reportOne(bed.t, token, { organizationId: org!.id });
    expect(pending.status).toBe('PENDING');
    expect(await ticketJobs(providerId)).toBe(1);

    const disabled = await bed.t.graphql('mutation { disableConnectWiseIntegration(confirm: true) }', {}, token);
    expect(disabled.errors).toBeUndefined();

    expect(await alertEvent(bed.t, token, pending.id)).toMatchObject({ status: 'NOT_TICKETED', notTicketedReason: 'INTEGRATION_DISABLED' });
    expect(await ticketJobs(providerId)).toBe(0);
    const em = bed.t.app.orm.em.fork();
    expect(await em.execute('select 1 from alert_settings where provider_id = ?', [providerId])).toHaveLength(0);
    expect(await em.execute('select 1 from ticketing_settings where provider_id = ?', [providerId])).toHaveLength(0);
    const view = await bed.t.graphql<{ ticketingSettings: { automatedTicketing: boolean; alerts: { createTickets: boolean; dueDays: number }[] } }>(
      '{ ticketingSettings { automatedTicketing alerts { createTickets dueDays } } }',
      {},
      token,
    );
    expect(view.data!.ticketingSettings.automatedTicketing).toBe(false);
    expect(view.data!.ticketingSettings.alerts.every((alert) => !alert.createTickets && alert.dueDays === 1)).toBe(true);
  });
});
