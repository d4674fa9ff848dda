import { describe, expect, it } from 'vitest';
import { connectToSimulator } from '../../../test-support/connectwise-app.js';
import { useServerProcesses } from '../../../test-support/server-processes.js';
import { alert, createOrganizations, enableTicketing, mapOrganization, report, waitFor } from '../../../test-support/ticketing-fixtures.js';
import type { TestApp } from '../../../test-support/test-app.js';
import { AGENDA_JOBS_COLLECTION } from '../../jobs/agenda.js';
import { CREATE_TICKETS_JOB } from './ticketing.jobs.js';

/*
 * A rolling restart in the middle of ticketing: the stopped instance finishes the ConnectWise writes it
 * has under way, claims nothing more and hands its drain back; the next instance carries on at once (not
 * after a lock or a claim lapses), and every ticket and every note is written once.
 */
const NOTE_INTERVAL_MS = 300;
const bed = useServerProcesses({ companies: 4, additionsPerAgreement: 1 }, { runLockMs: 10 * 60_000 });
const worker = () => bed.worker({ ticketing: { retry: { baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 4 }, noteIntervalMs: NOTE_INTERVAL_MS } });
// 40 alerts at 10 at a time, 2 s each: 8 s of work, more than the 5 s a stop waits for running jobs.
const SUBJECTS = Array.from({ length: 40 }, (_, i) => `user${i}@acme.com`);
const WRITE_MS = 2_000;

async function rows<T>(sql: string, params: unknown[]): Promise<[T, ...T[]]> {
  return bed.t.app.orm.em.fork().execute<[T, ...T[]]>(sql, params);
}

/** Stops the instance while it is writing; it must be done well before the work would have been. */
async function stopMidWay(instance: TestApp, providerId: string): Promise<void> {
  const began = Date.now();
  await instance.stop();
  expect(Date.now() - began).toBeLessThan(WRITE_MS + 2_000);
  const [held] = await rows<{ n: string }>(
    "select (select count(*) from alert_events where provider_id = ? and claimed_until > now()) + (select count(*) from incidents where provider_id = ? and claimed_until > now()) as n",
    [providerId, providerId],
  );
  expect(Number(held!.n)).toBe(0);
  const drain = await bed.t.app.mongo.db().collection(AGENDA_JOBS_COLLECTION).findOne({ name: CREATE_TICKETS_JOB, 'data.providerId': providerId });
  expect(drain).toMatchObject({ lockedAt: null, nextRunAt: expect.any(Date) });
}

describe('ticketing across a rolling restart', () => {
  it('hands the drain over mid-tickets and mid-notes: every ticket and every note written once', { timeout: 120_000 }, async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await createOrganizations(bed.t, token, ['Acme, Inc.']);
    await mapOrganization(bed, token, org!.id);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT', recurrence: 'NOTE_ON_OPEN_TICKET' }]);
    const reportAll = async () => {
      const result = await report(bed.t, token, SUBJECTS.map((subject) => alert({ organizationId: org!.id, subject })));
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.reportAlerts.events.map((event) => event.id);
    };
    const statuses = (ids: string[]) => rows<{ status: string; n: string }>('select status, count(*) as n from alert_events where id in (?) group by status', [ids]);
    const countOf = async (ids: string[], status: string) => Number((await statuses(ids)).find((row) => row.status === status)?.n ?? 0);

    // Tickets: the first instance is stopped after its first batch is written.
    const slowTickets = bed.sim.addFault({ method: 'POST', path: 'service/tickets', type: 'latency', ms: WRITE_MS });
    const first = await worker();
    const alerts = await reportAll();
    await waitFor(async () => (await countOf(alerts, 'ticketed')) > 0, 'the first tickets', 30_000);
    await stopMidWay(first, providerId);
    const ticketedByFirst = await countOf(alerts, 'ticketed');
    expect(ticketedByFirst).toBeLessThan(SUBJECTS.length);
    bed.sim.removeFault(slowTickets);

    // Notes: each subject again, so each open ticket gets one note; the second instance is stopped mid-way.
    const slowNotes = bed.sim.addFault({ method: 'POST', path: 'service/tickets/*/notes', type: 'latency', ms: WRITE_MS });
    const second = await worker();
    await waitFor(async () => (await countOf(alerts, 'ticketed')) === SUBJECTS.length, 'every alert ticketed', 60_000);
    const repeats = await reportAll();
    await waitFor(async () => (await countOf(repeats, 'noted')) > 0, 'the first notes', 30_000);
    await stopMidWay(second, providerId);
    expect(await countOf(repeats, 'noted')).toBeLessThan(SUBJECTS.length);
    bed.sim.removeFault(slowNotes);

    await worker();
    await waitFor(async () => (await countOf(repeats, 'noted')) === SUBJECTS.length, 'every repeat noted', 60_000);

    const [{ tickets }] = await rows<{ tickets: number[] }>('select array_agg(distinct ticket_id) as tickets from alert_events where id in (?)', [alerts]);
    expect(tickets).toHaveLength(SUBJECTS.length);
    // Once in ConnectWise: one ticket per first alert, one note per open ticket.
    const posted = (route: string) => bed.sim.requests.filter((request) => request.method === 'POST' && request.route === route);
    expect(posted('service/tickets')).toHaveLength(SUBJECTS.length);
    expect(bed.sim.tickets).toHaveLength(SUBJECTS.length);
    for (const ticketId of tickets) expect(posted(`service/tickets/${ticketId}/notes`), `notes on ticket ${ticketId}`).toHaveLength(1);
  });
});

