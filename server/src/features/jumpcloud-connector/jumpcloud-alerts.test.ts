import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { startJumpCloudSimulator, type JumpCloudSimulator, type RequestLogEntry } from '../../../test-support/jumpcloud-sim/index.js';
import { objectId } from '../../../test-support/jumpcloud-sim/state.js';
import { enableTicketing, EVENT_FIELDS, mapOrganization, waitFor, type AlertEventView } from '../../../test-support/ticketing-fixtures.js';
import { alertItem, JUMPCLOUD_ALERTS_JOB } from './alert-poll.js';

/*
 * The Directory Insights alert poll end to end: the `jumpcloud.alerts` Agenda job reads the JumpCloud
 * simulator's events of each mapped organization, and alerts become tickets in the ConnectWise simulator.
 */

let jc: JumpCloudSimulator;
beforeAll(async () => {
  jc = await startJumpCloudSimulator();
});
afterAll(async () => {
  await jc?.close();
});
const bed = useConnectWiseTestBed(
  { companies: 13, additionsPerAgreement: 1 },
  {
    processJobs: true,
    jobsProcessEveryMs: 250,
    // Read when the test bed starts the app, after the JumpCloud simulator is up.
    get jumpCloud() {
      // Pages of two, so paging (and a cursor inside a run of equal timestamps) happens with a few events.
      return { ca: jc.ca, retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 3_000, eventPageSize: 2 };
    },
  },
);

const INSIGHTS = '/insights/directory/v1/events';
const lastSeq = () => jc.requests.at(-1)?.seq ?? 0;
const insightsRequests = (after: number, orgId?: string) =>
  jc.requests.filter((entry: RequestLogEntry) => entry.seq > after && entry.path === INSIGHTS && (!orgId || entry.orgId === orgId));

interface Setup {
  token: string;
  providerId: string;
  /** JumpCloud organization id → highwater organization id, by JumpCloud name order. */
  orgs: { jumpCloudId: string; id: string; name: string }[];
}

/** A provider connected to both simulators, its JumpCloud organizations polled in, the first `mapped` of them mapped. */
async function setup(organizationCount: number, mapped: number): Promise<Setup> {
  const jumpCloudProviderId = objectId();
  const seeded = jc.seedOrganizations(organizationCount, 1, { providerId: jumpCloudProviderId });
  const admin = await bed.t.createAdmin();
  await connectToSimulator(bed, admin.token);
  const connected = await bed.t.graphql(
    'mutation($input: ConnectJumpCloudInput!) { connectJumpCloud(input: $input) { id } }',
    { input: { providerId: jumpCloudProviderId, apiKey: jc.apiKey, baseUrl: jc.url, insightsBaseUrl: jc.url } },
    admin.token,
  );
  expect(connected.errors).toBeUndefined();
  const organizations = await waitFor(async () => {
    const result = await bed.t.graphql<{ organizations: { nodes: { id: string; externalId: string; name: string }[] } }>(
      '{ organizations(first: 100) { nodes { id externalId name } } }',
      {},
      admin.token,
    );
    const nodes = result.data?.organizations.nodes ?? [];
    return nodes.length === organizationCount ? nodes : undefined;
  }, 'the first JumpCloud poll');
  const orgs = seeded
    .map((org) => ({ jumpCloudId: org.id, id: organizations.find((node) => node.externalId === org.id)!.id, name: org.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const org of orgs.slice(0, mapped)) await mapOrganization(bed, admin.token, org.id);
  return { token: admin.token, providerId: admin.providerId, orgs };
}

interface AlertConnection {
  alertsPolledAt: string | null;
  alertsError: string | null;
}

async function alertConnection(token: string): Promise<AlertConnection> {
  const result = await bed.t.graphql<{ jumpCloudConnection: AlertConnection }>('{ jumpCloudConnection { alertsPolledAt alertsError } }', {}, token);
  expect(result.errors).toBeUndefined();
  return result.data!.jumpCloudConnection;
}

async function connectionHealth(token: string): Promise<{ status: string; lastError: string | null; lastPolledAt: string | null }> {
  const result = await bed.t.graphql<{ jumpCloudConnection: { status: string; lastError: string | null; lastPolledAt: string | null } }>(
    '{ jumpCloudConnection { status lastError lastPolledAt } }',
    {},
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.jumpCloudConnection;
}

/** Runs the provider's alert poll now (as the every-minute schedule would) and waits for it to finish. */
async function pollAlerts({ token, providerId }: Setup): Promise<AlertConnection> {
  const before = (await alertConnection(token)).alertsPolledAt;
  await bed.t.app.jobs.now(JUMPCLOUD_ALERTS_JOB, { providerId });
  return waitFor(async () => {
    const current = await alertConnection(token);
    return current.alertsPolledAt !== before ? current : undefined;
  }, 'the alert poll');
}

type PolledEvent = AlertEventView & { source: string; subject: string; kind: string; organization: { id: string } };

async function alertEvents(token: string, kind: 'ALERT' | 'RESOLUTION' = 'ALERT'): Promise<PolledEvent[]> {
  const result = await bed.t.graphql<{ alertEvents: { nodes: PolledEvent[] } }>(
    `query($f: AlertEventFilter) { alertEvents(first: 100, filter: $f) { nodes { ${EVENT_FIELDS} source subject kind organization { id } } } }`,
    { f: { kind } },
    token,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.alertEvents.nodes;
}

describe('jumpcloud.alerts', { timeout: 120_000 }, () => {
  it('is scheduled every minute per provider when JumpCloud is connected', async () => {
    const s = await setup(1, 0);
    const job = await bed.t.app.mongo.db().collection('agenda_jobs').findOne({ name: JUMPCLOUD_ALERTS_JOB, 'data.providerId': s.providerId });
    expect(job).toMatchObject({ repeatInterval: '1 minute' });
  });

  it('reads the mapped organizations’ events after their cursor and turns alert events into tickets, once each', async () => {
    const s = await setup(3, 2);
    const [acme, beta, unmapped] = s.orgs as [Setup['orgs'][0], Setup['orgs'][0], Setup['orgs'][0]];
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }, { alertType: 'USER_PASSWORD_EXPIRED', createTickets: false }]);
    // The first read starts each organization's cursor.
    await pollAlerts(s);

    jc.appendEvents(acme.jumpCloudId, [
      { event_type: 'user_lockout', resource: { type: 'user', email: 'jdoe@acme.test', username: 'jdoe' } },
      { event_type: 'user_login_attempt', resource: { type: 'user', email: 'jdoe@acme.test' } },
      { event_type: 'user_password_expired', resource: { type: 'user', username: 'asmith' } },
    ]);
    jc.appendEvents(beta.jumpCloudId, [{ service: 'systems', event_type: 'user_lockout', resource: { type: 'user', email: 'kim@beta.test' } }]);
    jc.appendEvents(unmapped.jumpCloudId, [{ event_type: 'user_lockout', resource: { email: 'x@unmapped.test' } }]);
    const mark = lastSeq();
    const polled = await pollAlerts(s);
    expect(polled.alertsError).toBeNull();

    // Only mapped organizations are read, only for the services the event table names.
    expect(insightsRequests(mark, unmapped.jumpCloudId)).toEqual([]);
    const [request] = insightsRequests(mark, acme.jumpCloudId);
    expect(request!.body).toMatchObject({ service: ['directory', 'systems'], sort: 'ASC' });

    const lockouts = await waitFor(async () => {
      const events = await alertEvents(s.token);
      const ticketed = events.filter((event) => event.status === 'TICKETED');
      return ticketed.length === 2 ? events : undefined;
    }, 'two lockout tickets');
    expect(lockouts).toHaveLength(3);
    const bySubject = new Map(lockouts.map((event) => [event.subject, event]));
    expect(bySubject.get('jdoe@acme.test')).toMatchObject({ alertType: 'USER_LOCKOUT', source: 'JUMPCLOUD_DIRECTORY_INSIGHTS', status: 'TICKETED', organization: { id: acme.id } });
    expect(bySubject.get('kim@beta.test')).toMatchObject({ alertType: 'USER_LOCKOUT', status: 'TICKETED', organization: { id: beta.id } });
    expect(bySubject.get('asmith')).toMatchObject({ alertType: 'USER_PASSWORD_EXPIRED', status: 'NOT_TICKETED', notTicketedReason: 'ALERT_TYPE_OFF' });
    const ticket = bed.sim.tickets.find((candidate) => candidate.externalXRef === bySubject.get('jdoe@acme.test')!.externalXRef);
    expect(ticket?.summary).toBe('User Lockout — jdoe@acme.test');

    // The next read is a new query from the newest event's time (no X-Search_after kept), and stores nothing twice.
    const again = lastSeq();
    await pollAlerts(s);
    const [next] = insightsRequests(again, acme.jumpCloudId);
    const newest = jc.events.filter((event) => event.organization === acme.jumpCloudId).at(-1)!;
    expect(next!.body).toMatchObject({ start_time: newest.timestamp });
    expect((next!.body as { search_after?: unknown }).search_after).toBeUndefined();
    expect(await alertEvents(s.token)).toHaveLength(3);
    expect(bed.sim.tickets.filter((candidate) => lockouts.some((event) => event.externalXRef === candidate.externalXRef))).toHaveLength(2);
  });

  it('makes no Insights calls while automated ticketing is off; once on, events older than one poll interval are not ticketed', async () => {
    const s = await setup(1, 1);
    const [acme] = s.orgs;
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }]);
    await pollAlerts(s);
    await bed.t.graphql('mutation { setAutomatedTicketing(enabled: false) { automatedTicketing } }', {}, s.token);

    jc.appendEvents(acme!.jumpCloudId, [{ event_type: 'user_lockout', resource: { email: 'while-off@acme.test' }, timestamp: new Date(Date.now() - 5 * 60_000) }]);
    const mark = lastSeq();
    await pollAlerts(s);
    expect(insightsRequests(mark)).toEqual([]);

    await bed.t.graphql('mutation { setAutomatedTicketing(enabled: true) { automatedTicketing } }', {}, s.token);
    jc.appendEvents(acme!.jumpCloudId, [{ event_type: 'user_lockout', resource: { email: 'after@acme.test' } }]);
    await pollAlerts(s);
    expect((await alertEvents(s.token)).map((event) => event.subject)).toEqual(['after@acme.test']);
  });

  it('reports an organization whose events cannot be read, carries on with the others, and reads it next time', async () => {
    const s = await setup(2, 2);
    const [first, second] = s.orgs as [Setup['orgs'][0], Setup['orgs'][0]];
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }]);
    await pollAlerts(s);
    jc.appendEvents(first.jumpCloudId, [{ event_type: 'user_lockout', resource: { email: 'one@first.test' } }]);
    jc.appendEvents(second.jumpCloudId, [{ event_type: 'user_lockout', resource: { email: 'two@second.test' } }]);

    // A 400 is not retried: the first organization read fails this time.
    const fault = jc.addFault({ type: 'status', status: 400, message: 'bad query', path: INSIGHTS.slice(1), times: 1 });
    let polled: AlertConnection;
    try {
      polled = await pollAlerts(s);
    } finally {
      jc.removeFault(fault);
    }
    expect(polled.alertsError).toMatch(/^Directory Insights could not be read for 1 of 2 organizations; first: /);
    expect((await alertEvents(s.token)).map((event) => event.subject)).toHaveLength(1);

    expect((await pollAlerts(s)).alertsError).toBeNull();
    expect((await alertEvents(s.token)).map((event) => event.subject).sort()).toEqual(['one@first.test', 'two@second.test']);
  });

  it('skips an event it cannot read, tickets the others on the page, and says which organization sent it', async () => {
    const s = await setup(1, 1);
    const [only] = s.orgs as [Setup['orgs'][0]];
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }]);
    await pollAlerts(s);
    const at = new Date().toISOString();
    const readable = { id: `evt-${randomUUID()}`, service: 'directory', event_type: 'user_lockout', timestamp: at, resource: { email: 'ok@only.test' } };
    // Directory Insights gives events no schema; one without an id cannot be deduplicated, so it is skipped.
    const page = [{ service: 'directory', event_type: 'user_lockout', timestamp: at, resource: { email: 'noid@only.test' } }, readable];
    const fault = jc.addFault({ type: 'respond', path: INSIGHTS.slice(1), body: page, headers: { 'X-Result-Count': '2', 'X-Limit': '1000' }, times: 1 });
    let polled: AlertConnection;
    try {
      polled = await pollAlerts(s);
    } finally {
      jc.removeFault(fault);
    }

    expect(polled.alertsError).toMatch(new RegExp(`^Directory Insights could not be read for 1 of 1 organizations; first: ${only.name}: 1 event\\(s\\) could not be read and were skipped \\(id: `));
    expect((await alertEvents(s.token)).map((event) => event.subject)).toEqual(['ok@only.test']);
  });

  it('stops at a rejected key, says so, and moves no cursor', async () => {
    const s = await setup(3, 3);
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }]);
    await pollAlerts(s);
    for (const org of s.orgs) jc.appendEvents(org.jumpCloudId, [{ event_type: 'user_lockout', resource: { email: `a@${org.jumpCloudId}.test` } }]);
    const rotated = jc.rotateApiKey();
    expect((await pollAlerts(s)).alertsError).toMatch(/JumpCloud rejected the API key \(401\)/);
    expect(await alertEvents(s.token)).toEqual([]);

    // With the current key saved, the events the rejected read missed are read and stored.
    const updated = await bed.t.graphql('mutation($input: UpdateJumpCloudConnectionInput!) { updateJumpCloudConnection(input: $input) { id } }', { input: { apiKey: rotated } }, s.token);
    expect(updated.errors).toBeUndefined();
    expect((await pollAlerts(s)).alertsError).toBeNull();
    expect(await alertEvents(s.token)).toHaveLength(3);
  });

  it('marks the connection FAILING when Directory Insights refuses the key (401) or an organization (403), saying what to do, and clears it once a read is accepted', async () => {
    const s = await setup(1, 1);
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }]);
    // The first connection poll has written its result (CONNECTED): nothing else writes the status meanwhile.
    await waitFor(async () => (await connectionHealth(s.token)).lastPolledAt, 'the first poll to finish');
    await pollAlerts(s);
    expect(await connectionHealth(s.token)).toMatchObject({ status: 'CONNECTED', lastError: null });

    const rejected = jc.addFault({ type: 'status', status: 401, message: 'Unauthorized', path: INSIGHTS.slice(1), times: 1 });
    try {
      await pollAlerts(s);
    } finally {
      jc.removeFault(rejected);
    }
    expect(await connectionHealth(s.token)).toMatchObject({ status: 'FAILING', lastError: expect.stringMatching(/^JumpCloud rejected the API key \(401\).*updateJumpCloudConnection/) });
    await pollAlerts(s);
    expect(await connectionHealth(s.token)).toMatchObject({ status: 'CONNECTED', lastError: null });

    const refused = jc.addFault({ type: 'status', status: 403, message: 'Forbidden', path: INSIGHTS.slice(1), times: 1 });
    try {
      await pollAlerts(s);
    } finally {
      jc.removeFault(refused);
    }
    const failing = await connectionHealth(s.token);
    expect(failing.status).toBe('FAILING');
    expect(failing.lastError).toMatch(/^JumpCloud refused access \(403\) to the Directory Insights events of .+: the administrator whose API key is used has no access to it\. Grant it/);
    await pollAlerts(s);
    expect(await connectionHealth(s.token)).toMatchObject({ status: 'CONNECTED', lastError: null });
  });

  it('raises the four alerts from events named exactly as in JumpCloud’s catalogue, one ConnectWise ticket each, and nothing for other events', async () => {
    const s = await setup(1, 1);
    const [acme] = s.orgs as [Setup['orgs'][0]];
    await enableTicketing(bed.t, s.token, [
      { alertType: 'DISK_ENCRYPTION_KEY_DECRYPTED' },
      { alertType: 'USER_ADMIN_ACCESS_GRANTED' },
      { alertType: 'USER_LOCKOUT' },
      { alertType: 'USER_PASSWORD_EXPIRED' },
    ]);
    await pollAlerts(s);
    const ticketsBefore = bed.sim.tickets.length;

    const user = { type: 'user', username: 'jdoe', email: 'jdoe@acme.test' };
    jc.appendEvents(acme.jumpCloudId, [
      // The four alerts.
      { service: 'systems', event_type: 'system_fde_key_decrypt', system: { hostname: 'acme-mbp-7', displayName: 'Acme MBP 7' }, resource: user },
      { service: 'directory', event_type: 'user_admin_granted', resource: user, initiated_by: { type: 'admin', email: 'admin@msp.test' } },
      { service: 'directory', event_type: 'user_lockout', resource: user },
      { service: 'directory', event_type: 'user_password_expired', resource: { type: 'user', username: 'asmith', email: 'asmith@acme.test' } },
      // Catalogue events that raise no alert, some of them look-alikes.
      { service: 'directory', event_type: 'user_login_attempt', resource: user, success: false },
      { service: 'directory', event_type: 'user_group_admin_grant', resource: { type: 'user_group', name: 'Engineering' } },
      { service: 'systems', event_type: 'system_fde_key_update', system: { hostname: 'acme-mbp-7' } },
      { service: 'systems', event_type: 'login_attempt', resource: user },
      // Resolution events: recorded, never ticketed.
      { service: 'directory', event_type: 'user_unlocked', resource: user },
      { service: 'directory', event_type: 'user_password_change', resource: user },
      { service: 'systems', event_type: 'user_password_change', resource: user, system: { hostname: 'acme-mbp-7' } },
      { service: 'directory', event_type: 'user_admin_revoked', resource: user },
    ]);
    expect((await pollAlerts(s)).alertsError).toBeNull();

    const alerts = await waitFor(async () => {
      const events = await alertEvents(s.token);
      return events.length === 4 && events.every((event) => event.status === 'TICKETED') ? events : undefined;
    }, 'four tickets');
    expect(new Map(alerts.map((event) => [event.alertType, event.subject]))).toEqual(
      new Map([
        ['DISK_ENCRYPTION_KEY_DECRYPTED', 'Acme MBP 7'],
        ['USER_ADMIN_ACCESS_GRANTED', 'jdoe@acme.test'],
        ['USER_LOCKOUT', 'jdoe@acme.test'],
        ['USER_PASSWORD_EXPIRED', 'asmith@acme.test'],
      ]),
    );
    const created = bed.sim.tickets.slice(ticketsBefore);
    expect(created).toHaveLength(4);
    expect(new Set(created.map((ticket) => ticket.externalXRef))).toEqual(new Set(alerts.map((event) => event.externalXRef)));
    expect(created.map((ticket) => ticket.summary).sort()).toEqual([
      'Disk Encryption Key Decrypted — Acme MBP 7',
      'User Admin Access Granted — jdoe@acme.test',
      'User Lockout — jdoe@acme.test',
      'User Password Expired — asmith@acme.test',
    ]);

    // The resolutions are stored as data beside the alerts (with the alert each resolves), and open nothing.
    const resolutions = await alertEvents(s.token, 'RESOLUTION');
    expect(resolutions.map((event) => [event.alertType, event.status, event.kind, event.ticketId]).sort()).toEqual(
      [
        ['USER_ADMIN_ACCESS_GRANTED', 'RECORDED', 'RESOLUTION', null],
        ['USER_LOCKOUT', 'RECORDED', 'RESOLUTION', null],
        ['USER_PASSWORD_EXPIRED', 'RECORDED', 'RESOLUTION', null],
        ['USER_PASSWORD_EXPIRED', 'RECORDED', 'RESOLUTION', null],
      ].sort(),
    );
    await pollAlerts(s);
    expect(bed.sim.tickets.slice(ticketsBefore)).toHaveLength(4);
    expect(await alertEvents(s.token, 'RESOLUTION')).toHaveLength(4);
  });

  it('keeps its place across runs of equal timestamps and page boundaries: a fresh poll misses nothing and repeats nothing', async () => {
    const s = await setup(1, 1);
    const [acme] = s.orgs as [Setup['orgs'][0]];
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }]);
    await pollAlerts(s);

    // Five events in one millisecond: pages of two split the run twice.
    const at = new Date(Date.now() - 10_000);
    const lockout = (email: string, timestamp = at) => ({ event_type: 'user_lockout', timestamp, resource: { type: 'user', email } });
    jc.appendEvents(acme.jumpCloudId, ['a', 'b', 'c', 'd', 'e'].map((name) => lockout(`${name}@acme.test`)));
    let mark = lastSeq();
    await pollAlerts(s);
    expect(insightsRequests(mark, acme.jumpCloudId)).toHaveLength(3);
    expect(await alertEvents(s.token)).toHaveLength(5);

    // Every poll is a new job and a new poller: all it knows is the stored time and the ids seen at it.
    // Events that reach JumpCloud late with that same timestamp are read; those already seen are not.
    jc.appendEvents(acme.jumpCloudId, [lockout('late1@acme.test'), lockout('late2@acme.test'), lockout('next@acme.test', new Date(at.getTime() + 1))]);
    mark = lastSeq();
    await pollAlerts(s);
    const [first] = insightsRequests(mark, acme.jumpCloudId);
    expect(first!.body).toMatchObject({ start_time: at.toISOString() });
    expect((first!.body as { search_after?: unknown }).search_after).toBeUndefined();
    const subjects = (await alertEvents(s.token)).map((event) => event.subject).sort();
    expect(subjects).toEqual(['a', 'b', 'c', 'd', 'e', 'late1', 'late2', 'next'].map((name) => `${name}@acme.test`).sort());

    await pollAlerts(s);
    expect(await alertEvents(s.token)).toHaveLength(8);
    const events = await waitFor(async () => {
      const current = await alertEvents(s.token);
      return current.every((event) => event.status === 'TICKETED') ? current : undefined;
    }, 'eight tickets');
    const xrefs = new Set(events.map((event) => event.externalXRef));
    expect(bed.sim.tickets.filter((ticket) => xrefs.has(ticket.externalXRef ?? ''))).toHaveLength(8);
  });

  it('after a poll crashes having stored part of a page, the next one stores the rest and repeats no ticket', async () => {
    const s = await setup(1, 1);
    const [acme] = s.orgs as [Setup['orgs'][0]];
    await enableTicketing(bed.t, s.token, [{ alertType: 'USER_LOCKOUT' }]);
    await pollAlerts(s);
    jc.appendEvents(acme.jumpCloudId, ['one', 'two', 'three'].map((name) => ({ event_type: 'user_lockout', resource: { type: 'user', email: `${name}@acme.test` } })));

    // The first page's alerts are stored, then writing its cursor fails (as a crash there would leave it).
    const em = bed.t.app.orm.em.fork();
    await em.execute(`create or replace function test_refuse_cursor() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`);
    await em.execute(`create trigger test_refuse_cursor before insert or update on jumpcloud_alert_cursors for each row when (new.organization_id = '${acme.id}') execute function test_refuse_cursor()`);
    let crashed: AlertConnection;
    try {
      crashed = await pollAlerts(s);
    } finally {
      await em.execute('drop trigger if exists test_refuse_cursor on jumpcloud_alert_cursors');
    }
    expect(crashed.alertsError).toMatch(/could not be stored/);
    expect((await alertEvents(s.token)).map((event) => event.subject).sort()).toEqual(['one@acme.test', 'two@acme.test']);

    expect((await pollAlerts(s)).alertsError).toBeNull();
    const events = await waitFor(async () => {
      const current = await alertEvents(s.token);
      return current.length === 3 && current.every((event) => event.status === 'TICKETED') ? current : undefined;
    }, 'three tickets');
    expect(events.map((event) => event.subject).sort()).toEqual(['one@acme.test', 'three@acme.test', 'two@acme.test']);
    const xrefs = new Set(events.map((event) => event.externalXRef));
    expect(bed.sim.tickets.filter((ticket) => xrefs.has(ticket.externalXRef ?? ''))).toHaveLength(3);
  });
});

describe('alertItem', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const org = '6f1c0f7e-1d1e-4c36-9c1d-000000000001';

  it('maps an event through the event table, naming the user or the device', () => {
    expect(alertItem({ id: 'e1', event_type: 'USER_LOCKOUT', service: 'directory', timestamp: '2026-11-25T11:59:00Z', resource: { username: 'jdoe' } }, org, now)).toMatchObject({
      externalEventId: 'jumpcloud:e1',
      alertType: 'user-lockout',
      organizationId: org,
      occurredAt: new Date('2026-11-25T11:59:00Z'),
      subject: 'jdoe',
      details: { jumpCloudEventId: 'e1', eventType: 'USER_LOCKOUT', resource: { username: 'jdoe' } },
    });
    const device = alertItem({ id: 'e2', event_type: 'system_fde_key_decrypt', service: 'systems', timestamp: '2026-11-25T11:00:00Z', system: { hostname: 'mbp-7' } }, org, now);
    expect(device).toMatchObject({ alertType: 'disk-encryption-key-decrypted', subject: 'mbp-7' });
  });

  it('ignores events no alert is mapped to and events without a usable time; clamps times from clocks running ahead', () => {
    expect(alertItem({ id: 'e3', event_type: 'user_login_attempt', service: 'directory', timestamp: '2026-11-25T11:00:00Z' }, org, now)).toBeUndefined();
    expect(alertItem({ id: 'e4', event_type: 'user_lockout', service: 'directory', timestamp: 'yesterday' }, org, now)).toBeUndefined();
    expect(alertItem({ id: 'e5', event_type: 'user_lockout', service: 'directory', timestamp: '2026-11-25T13:00:00Z' }, org, now)?.occurredAt).toEqual(now);
    expect(alertItem({ id: 'e6', event_type: 'user_lockout', timestamp: '2026-11-25T11:00:00Z' }, org, now)?.subject).toBe('user (JumpCloud event e6)');
  });
});
