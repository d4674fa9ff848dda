import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Role } from '../auth/roles.js';
import { CREATE_TICKETS_JOB, WAKE_STALLED_ALERTS_JOB } from './ticketing.jobs.js';
import {
  alert,
  alertEvent,
  createOrganizations,
  enableTicketing,
  EVENT_FIELDS,
  eventWithStatus,
  mapOrganization,
  report,
  reportOne,
  ticketOptions,
  waitFor,
  type AlertEventView,
} from '../../../test-support/ticketing-fixtures.js';

// One key for every app process of this file: they read the keys the first one sealed.
const secretKey = randomBytes(32);
// Short backoff and 3 attempts, so "retry until failed" takes well under a second.
const bed = useConnectWiseTestBed(
  { companies: 12, additionsPerAgreement: 1 },
  { secretKey, processJobs: true, jobsProcessEveryMs: 250, ticketing: { retry: { baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 3 } } },
);

const posts = (xref: string) => bed.sim.requests.filter((request) => request.method === 'POST' && request.route === 'service/tickets' && (request.body as { externalXRef?: string })?.externalXRef === xref);
const lookups = (xref: string) => bed.sim.requests.filter((request) => request.method === 'GET' && request.route === 'service/tickets' && (request.query.conditions ?? '').includes(xref));
const ticketsWith = (xref: string) => bed.sim.tickets.filter((ticket) => ticket.externalXRef === xref);

/** A connected provider with one mapped organization and User Lockout tickets on. */
async function ticketingProvider(setting: { priorityId?: number | null; sourceId?: number | null; dueDays?: number } = {}) {
  const admin = await bed.t.createAdmin();
  await connectToSimulator(bed, admin.token);
  const [org] = await createOrganizations(bed.t, admin.token, ['Acme, Inc.']);
  const companyId = await mapOrganization(bed, admin.token, org!.id);
  await enableTicketing(bed.t, admin.token, [{ alertType: 'USER_LOCKOUT', ...setting }]);
  return { ...admin, org: org!, companyId };
}

/** Another app process on the same PostgreSQL and its own Agenda store (`mongodbUrl`), trusting the simulator. */
function otherProcess(mongodbUrl: string, processJobs: boolean): Promise<TestApp> {
  return startTestApp({
    mongodbUrl,
    secretKey,
    processJobs,
    jobsProcessEveryMs: 250,
    connectWise: { clientId: bed.sim.clientId, ca: bed.sim.ca, retryBaseDelayMs: 5, timeoutMs: 5_000, maxRequestsPerMinute: 100_000 },
  });
}

function freshAgendaStore(): string {
  const url = new URL(inject('mongodbUrl'));
  url.pathname = `/test_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

describe('the ticket job', () => {
  it('opens one ticket for the mapped company with the alert’s priority, source, due date (end of day, New York), summary, description and our externalXRef', async () => {
    const options = await ticketOptions(bed.t, (await ticketingProvider()).token);
    const { token, org, companyId } = await ticketingProvider({ priorityId: options.priority('Quick Response'), sourceId: options.source('Monitoring'), dueDays: 2 });

    const reported = await reportOne(bed.t, token, {
      organizationId: org.id,
      occurredAt: '2025-11-25T14:00:00Z',
      subject: 'jdoe@acme.com',
      details: { failedAttempts: 5, ip: '203.0.113.7' },
    });
    const event = await eventWithStatus(bed.t, token, reported.id, 'TICKETED', 'FAILED');

    expect(event).toMatchObject({ status: 'TICKETED', ticketCompanyId: companyId, error: null, attempts: 1, externalXRef: `highwater:${reported.id}` });
    const [ticket, ...others] = ticketsWith(event.externalXRef);
    expect(others).toEqual([]);
    expect(ticket).toMatchObject({
      id: event.ticketId,
      summary: 'User Lockout — jdoe@acme.com',
      company: { id: companyId },
      priority: { id: options.priority('Quick Response'), name: 'Priority 2 - Quick Response' },
      source: { id: options.source('Monitoring'), name: 'Monitoring' },
      // 09:00 EST on 25 November + 2 days, at 23:59:59 New York time.
      requiredDate: '2025-11-28T04:59:59Z',
      externalXRef: `highwater:${reported.id}`,
    });
    expect(ticket!.initialDescription).toContain('JumpCloud alert: User Lockout');
    expect(ticket!.initialDescription).toContain('Organization: Acme, Inc.');
    expect(ticket!.initialDescription).toContain('User: jdoe@acme.com');
    expect(ticket!.initialDescription).toContain('failedAttempts: 5');
    expect(ticket!.initialDescription).toContain('ip: 203.0.113.7');
    // A first attempt cannot have a ticket to find yet: one POST, no lookup.
    expect(posts(event.externalXRef)).toHaveLength(1);
    expect(lookups(event.externalXRef)).toHaveLength(0);
  });

  it('leaves the priority to ConnectWise when it is None', async () => {
    const { token, org } = await ticketingProvider({ priorityId: null, dueDays: 0 });
    const reported = await reportOne(bed.t, token, { organizationId: org.id });
    const event = await eventWithStatus(bed.t, token, reported.id, 'TICKETED', 'FAILED');
    const [post] = posts(event.externalXRef);
    expect((post!.body as Record<string, unknown>).priority).toBeUndefined();
    expect(ticketsWith(event.externalXRef)[0]!.priority.name).toBe('Priority 3 - Normal Response');
  });

  it('opens no second ticket when the same event is reported again, before or after it was ticketed', async () => {
    const { token, org } = await ticketingProvider();
    const first = await reportOne(bed.t, token, { organizationId: org.id, externalEventId: 'di-dedupe-1' });
    const replayedAtOnce = await reportOne(bed.t, token, { organizationId: org.id, externalEventId: 'di-dedupe-1' });
    const event = await eventWithStatus(bed.t, token, first.id, 'TICKETED', 'FAILED');
    const replayedLater = await reportOne(bed.t, token, { organizationId: org.id, externalEventId: 'di-dedupe-1' });
    expect([replayedAtOnce.id, replayedLater.id]).toEqual([first.id, first.id]);
    expect(replayedLater).toMatchObject({ status: 'TICKETED', ticketId: event.ticketId });
    // Nothing is left waiting that could open another ticket.
    const pending = await bed.t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents(filter: { status: PENDING }) { totalCount } }', {}, token);
    expect(pending.data!.alertEvents.totalCount).toBe(0);
    expect(ticketsWith(event.externalXRef)).toHaveLength(1);
    expect(posts(event.externalXRef)).toHaveLength(1);
  });

  it('records the ticket an attempt created just before a crash instead of opening a second one', async () => {
    const { token, org, companyId } = await ticketingProvider();
    const store = freshAgendaStore();
    const intake = await otherProcess(store, false);
    let worker: TestApp | undefined;
    try {
      const reported = await reportOne(intake, token, { organizationId: org.id });
      expect(reported.status).toBe('PENDING');
      // What a worker that died between "created in ConnectWise" and "recorded here" leaves behind: the
      // attempt counted and marked as having sent its POST, its claim lapsed, and the ticket in ConnectWise.
      await intake.app.orm.em
        .fork()
        .execute("update alert_events set attempts = 1, ticket_requested_at = now(), claimed_until = now() - interval '1 second' where id = ?", [reported.id]);
      const created = bed.sim.data.nextId.ticket++;
      bed.sim.data.tickets.push({
        id: created,
        summary: 'User Lockout — jdoe@acme.com',
        company: { id: companyId, identifier: 'C', name: 'Acme' },
        board: { id: 1, name: 'Help Desk' },
        priority: { id: 3, name: 'Priority 3 - Normal Response' },
        status: { id: 1, name: 'New' },
        externalXRef: reported.externalXRef,
      });

      worker = await otherProcess(store, true);
      const event = await eventWithStatus(bed.t, token, reported.id, 'TICKETED', 'FAILED');
      expect(event).toMatchObject({ status: 'TICKETED', ticketId: created, attempts: 2 });
      expect(ticketsWith(reported.externalXRef)).toHaveLength(1);
      expect(lookups(reported.externalXRef)).toHaveLength(1);
      expect(posts(reported.externalXRef)).toHaveLength(0);
    } finally {
      await worker?.stop();
      await intake.stop();
    }
  });

  it('reads the gates again when the job runs: an organization unmapped meanwhile gets no ticket and ConnectWise is not called', async () => {
    const { token, org } = await ticketingProvider();
    const store = freshAgendaStore();
    const intake = await otherProcess(store, false);
    let worker: TestApp | undefined;
    try {
      const reported = await reportOne(intake, token, { organizationId: org.id });
      expect(reported.status).toBe('PENDING');
      const off = await bed.t.graphql('mutation($id: ID!) { disableMapping(organizationId: $id) }', { id: org.id }, token);
      expect(off.errors).toBeUndefined();
      worker = await otherProcess(store, true);
      const event = await eventWithStatus(bed.t, token, reported.id, 'NOT_TICKETED', 'TICKETED', 'FAILED');
      expect(event).toMatchObject({ status: 'NOT_TICKETED', notTicketedReason: 'ORGANIZATION_NOT_MAPPED' });
      expect([...posts(reported.externalXRef), ...lookups(reported.externalXRef)]).toEqual([]);
    } finally {
      await worker?.stop();
      await intake.stop();
    }
  });

  it('retries with backoff while ConnectWise fails, then shows FAILED with the error; retryAlert queues it again and it is ticketed once', async () => {
    const { token, org } = await ticketingProvider();
    const outage = bed.sim.addFault({ method: 'POST', path: 'service/tickets', type: 'status', status: 503, name: 'outage' });
    let event: AlertEventView;
    try {
      const reported = await reportOne(bed.t, token, { organizationId: org.id });
      event = await eventWithStatus(bed.t, token, reported.id, 'FAILED', 'TICKETED');
      expect(event).toMatchObject({ status: 'FAILED', attempts: 3, ticketId: null, nextAttemptAt: null });
      expect(event.error).toMatch(/^ConnectWise unavailable: .*\(gave up after 3 attempts\)$/);
      const sent = posts(event.externalXRef);
      expect(sent).toHaveLength(3);
      // Each later attempt asked ConnectWise for our key before posting again.
      expect(lookups(event.externalXRef)).toHaveLength(2);
      const gaps = sent.slice(1).map((request, i) => request.atMs - sent[i]!.atMs);
      expect(gaps.every((gap) => gap >= 40)).toBe(true);
    } finally {
      bed.sim.removeFault(outage);
    }

    const retried = await bed.t.graphql<{ retryAlert: AlertEventView }>(`mutation($id: ID!) { retryAlert(id: $id) { ${EVENT_FIELDS} } }`, { id: event.id }, token);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.retryAlert).toMatchObject({ status: 'PENDING', attempts: 0 });
    const ticketed = await eventWithStatus(bed.t, token, event.id, 'TICKETED', 'FAILED');
    expect(ticketed).toMatchObject({ status: 'TICKETED', attempts: 1, error: null });
    expect(ticketsWith(event.externalXRef)).toHaveLength(1);
    expect(lookups(event.externalXRef)).toHaveLength(3);
    const audit = await bed.t.graphql<{ auditLog: { nodes: { action: string }[] } }>('{ auditLog(first: 1) { nodes { action } } }', {}, token);
    expect(audit.data!.auditLog.nodes[0]!.action).toBe('ticketing.alert-retried');
  });

  it('tickets a burst of alerts from concurrent calls exactly once each', async () => {
    const { token, org } = await ticketingProvider();
    const calls = Array.from({ length: 6 }, () => report(bed.t, token, Array.from({ length: 5 }, () => alert({ organizationId: org.id }))));
    const events = (await Promise.all(calls)).flatMap((result) => result.data!.reportAlerts.events);
    expect(events).toHaveLength(30);
    // One query for the whole burst: thirty pollers would compete with the drain for the machine.
    await waitFor(async () => {
      const pending = await bed.t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents(filter: { status: PENDING }) { totalCount } }', {}, token);
      return pending.data?.alertEvents.totalCount === 0;
    }, 'the burst to be ticketed', 30_000);
    const done = await Promise.all(events.map((event) => alertEvent(bed.t, token, event.id)));
    expect(done.every((event) => event.status === 'TICKETED')).toBe(true);
    expect(new Set(done.map((event) => event.ticketId)).size).toBe(30);
    expect(done.flatMap((event) => posts(event.externalXRef))).toHaveLength(30);
    expect(done.every((event) => ticketsWith(event.externalXRef).length === 1)).toBe(true);
  });

  it('wakes a provider whose pending events lost their job (the stalled-event check)', async () => {
    const { token, org } = await ticketingProvider();
    const store = freshAgendaStore();
    const intake = await otherProcess(store, false);
    let worker: TestApp | undefined;
    try {
      const reported = await reportOne(intake, token, { organizationId: org.id });
      // The wake-up is lost (say, the job store was restored from a backup), and the event is long overdue.
      await intake.app.mongo.db().collection('agenda_jobs').deleteMany({ name: CREATE_TICKETS_JOB });
      await intake.app.orm.em.fork().execute("update alert_events set next_attempt_at = now() - interval '20 minutes' where id = ?", [reported.id]);
      worker = await otherProcess(store, true);
      await worker.app.jobs.now(WAKE_STALLED_ALERTS_JOB, {});
      const event = await eventWithStatus(bed.t, token, reported.id, 'TICKETED', 'FAILED');
      expect(event.status).toBe('TICKETED');
      expect(ticketsWith(reported.externalXRef)).toHaveLength(1);
    } finally {
      await worker?.stop();
      await intake.stop();
    }
  });

  it('fails at once, without retrying, when ConnectWise refuses the ticket (the company was deleted there)', async () => {
    const { token, org, companyId } = await ticketingProvider();
    const company = bed.sim.data.company(companyId)!;
    company.deletedFlag = true;
    try {
      const reported = await reportOne(bed.t, token, { organizationId: org.id });
      const event = await eventWithStatus(bed.t, token, reported.id, 'FAILED', 'TICKETED');
      expect(event.attempts).toBe(1);
      expect(event.error).toMatch(/ConnectWise refused the request/);
      expect(posts(event.externalXRef)).toHaveLength(1);
    } finally {
      company.deletedFlag = false;
    }
  });
});

describe('alertEventUpdated', () => {
  type Update = { alertEventUpdated: { id: string; status: string; ticketId: number | null } };

  function subscribe(token: string) {
    const client = createClient({ url: bed.t.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const received: Update['alertEventUpdated'][] = [];
    const errors: unknown[] = [];
    const listeners = new Set<() => void>();
    client.subscribe<Update>(
      { query: 'subscription { alertEventUpdated { id status ticketId } }' },
      {
        next: ({ data, errors: problems }) => {
          if (problems) errors.push(...problems);
          if (data) received.push(data.alertEventUpdated);
          for (const listener of listeners) listener();
        },
        error: (error) => errors.push(error),
        complete: () => undefined,
      },
    );
    return {
      received,
      errors,
      /** Resolves once a received update satisfies `predicate`. */
      until(predicate: (updates: Update['alertEventUpdated'][]) => boolean, timeoutMs = 10_000) {
        return waitFor(async () => predicate(received), 'a subscription update', timeoutMs);
      },
      dispose: () => client.dispose(),
    };
  }

  /**
   * The server registers a subscription a moment after the socket opens: report (NOT_TICKETED) probe
   * events until one comes through, instead of waiting a fixed time. Returns the probes' ids.
   */
  async function registered(subscription: ReturnType<typeof subscribe>, token: string, organizationId: string): Promise<string[]> {
    const probes: string[] = [];
    while (probes.length < 20) {
      const probe = await reportOne(bed.t, token, { organizationId, alertType: 'USER_PASSWORD_EXPIRED' });
      probes.push(probe.id);
      const arrived = await subscription.until((updates) => updates.some((update) => update.id === probe.id), 500).then(() => true, () => false);
      if (arrived) return probes;
    }
    throw new Error(`the subscription never delivered: ${JSON.stringify(subscription.errors)}`);
  }

  it("streams each status change of the provider's own events, and nothing of another provider's", async () => {
    const a = await ticketingProvider();
    const b = await ticketingProvider();
    const readOnly = await bed.t.createAdmin({ roles: [Role.ADMIN] });
    const [subA, subB, subReadOnly] = [subscribe(a.token), subscribe(b.token), subscribe(readOnly.token)];
    try {
      await registered(subA, a.token, a.org.id);
      const probesB = await registered(subB, b.token, b.org.id);

      const reported = await reportOne(bed.t, a.token, { organizationId: a.org.id });
      await subA.until((updates) => updates.some((update) => update.id === reported.id && update.status === 'TICKETED'));
      expect(subA.received.filter((update) => update.id === reported.id).map((update) => update.status)).toEqual(['PENDING', 'TICKETED']);
      expect(subA.received.find((update) => update.id === reported.id && update.status === 'TICKETED')!.ticketId).toBeGreaterThan(0);

      const own = await reportOne(bed.t, b.token, { organizationId: b.org.id, alertType: 'USER_PASSWORD_EXPIRED' });
      await subB.until((updates) => updates.some((update) => update.id === own.id));
      expect(new Set(subB.received.map((update) => update.id))).toEqual(new Set([...probesB, own.id]));
      expect(subReadOnly.received).toEqual([]);
    } finally {
      await Promise.all([subA.dispose(), subB.dispose(), subReadOnly.dispose()]);
    }
  });
});
