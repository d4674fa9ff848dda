import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connectToSimulator } from '../../test-support/connectwise-app.js';
import type { RequestLogEntry } from '../../test-support/connectwise-sim/index.js';
import { useServerProcesses } from '../../test-support/server-processes.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../test-support/sync-fixtures.js';
import { alert, alertEvent, enableTicketing, report, waitFor } from '../../test-support/ticketing-fixtures.js';
import { WAKE_STALLED_ALERTS_JOB } from '../features/ticketing/ticketing.jobs.js';

/*
 * Fault suite, a server process killed (SIGKILL) in the middle of its work: no shutdown hook runs, its
 * job locks, run heartbeats and alert claims are left behind. Another process must finish the work,
 * writing nothing twice to ConnectWise and leaving nothing stuck.
 */

const bed = useServerProcesses({ companies: 30, agreementsPerCompany: 1, additionsPerAgreement: 2 }, { runLockMs: 2_000 });

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>(sql, params);
  return Number(row!.n);
}

describe('fault suite: a server process killed mid-work', { timeout: 120_000 }, () => {
  it('finishes a sync run whose process was killed mid-run, without redoing the organizations done or leaving a run RUNNING', async ({ task }) => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, Array.from({ length: 12 }, (_, i) => 10 + i));
    const results = (runId: string) => count('select count(*) as n from sync_results where run_id = ?', [runId]);
    // Four organizations go through at once; the rest wait on ConnectWise long enough to be killed meanwhile.
    const slow = bed.sim.addFault({ method: 'GET', path: 'finance/agreements/*/additions/*', type: 'latency', ms: 5_000, skip: 4 });
    try {
      const doomed = await bed.spawnWorker();
      const started = await bed.t.graphql<{ syncNow: { id: string } }>(`mutation { syncNow { ${RUN_FIELDS} } }`, {}, token);
      const runId = started.data!.syncNow.id;
      await waitFor(async () => (await results(runId)) >= 4, 'the first results', 30_000);
      doomed.kill();
      expect(await results(runId)).toBeLessThan(orgs.length);
      bed.sim.removeFault(slow);

      // The run's lock lapses (2 s here) and a process still alive takes it over.
      await bed.worker();
      const run = await finishedRun<{ status: string; total: number; updated: number; unchanged: number; attempts: number }>(bed, token, runId, 60_000);

      const additions = new Set(orgs.map((org) => org.additionId));
      const patches = bed.sim.patches.filter((patch) => additions.has(patch.additionId));
      const patchedTwice = orgs.reduce((extra, org) => extra + Math.max(0, patches.filter((patch) => patch.additionId === org.additionId).length - 1), 0);
      const withResult = await count('select count(distinct organization_id) as n from sync_results where run_id = ?', [runId]);
      task.meta.dataLost = orgs.length - withResult;
      task.meta.duplicates = patchedTwice + (await results(runId)) - withResult;

      expect(run).toMatchObject({ status: 'SUCCEEDED', total: 12, failed: 0, attempts: 2 });
      // An organization PATCHed just before the kill but not yet recorded is found already right: unchanged.
      expect(run.updated + run.unchanged).toBe(12);
      expect(await results(runId)).toBe(12);
      expect(patchedTwice).toBe(0);
      for (const [i, org] of orgs.entries()) {
        expect(bed.sim.data.additions.find((addition) => addition.id === org.additionId)!.quantity).toBe(10 + i);
      }
      expect(await count("select count(*) as n from sync_runs where provider_id = ? and status in ('queued', 'running')", [providerId])).toBe(0);
    } finally {
      bed.sim.removeFault(slow);
    }
  });

  it('tickets every alert exactly once after the process was killed with tickets recorded, created but not recorded, and still being sent', async ({ task }) => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await mappedOrganizations(bed, token, [5]);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT' }]);

    // ConnectWise answers the first two ticket POSTs at once, the next two after 5 s, the rest never.
    const faults = [
      bed.sim.addFault({ name: 'slow ticket', method: 'POST', path: 'service/tickets', type: 'latency', ms: 5_000, skip: 2, times: 2 }),
      bed.sim.addFault({ name: 'hung ticket', method: 'POST', path: 'service/tickets', type: 'hang', skip: 4 }),
    ];
    let lock: RowLock | undefined;
    try {
      const doomed = await bed.spawnWorker();
      const reported = await report(bed.t, token, Array.from({ length: 8 }, () => alert({ organizationId: org!.id })));
      expect(reported.errors).toBeUndefined();
      const events = reported.data!.reportAlerts.events;
      const xrefs = new Set(events.map((event) => event.externalXRef));
      const posts = () => bed.sim.requestsTo('POST', 'service/tickets').filter((entry) => xrefs.has(xrefOf(entry)));
      const ticketsOf = (xref: string) => bed.sim.tickets.filter((ticket) => ticket.externalXRef === xref);
      const isTicketed = async (xref: string) => (await alertEvent(bed.t, token, eventIdOf(xref))).status === 'TICKETED';

      // Once the two slow POSTs have reached ConnectWise (so their attempts have recorded sending one),
      // their events' rows are locked: when ConnectWise has created their tickets, the process is stuck
      // recording them, and dies there.
      await waitFor(async () => posts().length >= 4, 'four ticket POSTs', 30_000);
      const [recordedXrefs, unrecordedXrefs] = [posts().slice(0, 2).map(xrefOf), posts().slice(2, 4).map(xrefOf)];
      lock = await lockRows(bed.databaseUrl, 'alert_events', unrecordedXrefs.map(eventIdOf));
      await waitFor(
        async () => posts().length === 8 && unrecordedXrefs.every((xref) => ticketsOf(xref).length === 1) && (await lock!.waiting()).length === 2,
        'the process to be stuck recording two tickets',
        30_000,
      );
      await waitFor(async () => (await Promise.all(recordedXrefs.map(isTicketed))).every(Boolean), 'the first two tickets recorded', 30_000);

      doomed.kill();
      // Its blocked writes die with it: a crash a moment earlier would never have sent them.
      await lock.terminateWaiting();
      await lock.release();
      for (const fault of faults) bed.sim.removeFault(fault);

      // What the crash left: two tickets recorded, two in ConnectWise only, four never created; six claimed.
      const statuses = await Promise.all(events.map((event) => alertEvent(bed.t, token, event.id)));
      expect(statuses.filter((event) => event.status === 'TICKETED').map((event) => event.externalXRef).sort()).toEqual([...recordedXrefs].sort());
      expect(events.filter((event) => ticketsOf(event.externalXRef).length > 0)).toHaveLength(4);
      const createdBeforeCrash = new Map(unrecordedXrefs.map((xref) => [xref, ticketsOf(xref)[0]!.id]));

      // A dead drain's claims lapse after 9 minutes and the stalled-event check wakes the provider 2
      // minutes after that: these rows' clock is moved on ten minutes instead of waiting, and the check
      // (every minute on a worker) is run now.
      await bed.t.app.orm.em
        .fork()
        .execute(
          "update alert_events set claimed_until = claimed_until - interval '10 minutes', next_attempt_at = next_attempt_at - interval '10 minutes' where provider_id = ? and status = 'pending'",
          [providerId],
        );
      await bed.spawnWorker();
      await bed.t.app.jobs.now(WAKE_STALLED_ALERTS_JOB, {});
      const finished = await waitFor(
        async () => {
          const now = await Promise.all(events.map((event) => alertEvent(bed.t, token, event.id)));
          return now.every((event) => event.status !== 'PENDING') && now;
        },
        'every event to finish',
        60_000,
      );

      task.meta.duplicates = events.reduce((extra, event) => extra + Math.max(0, ticketsOf(event.externalXRef).length - 1), 0);
      task.meta.dataLost = finished.filter((event) => event.status !== 'TICKETED' || ticketsOf(event.externalXRef).length === 0).length;
      for (const event of finished) {
        expect(event.status, event.externalXRef).toBe('TICKETED');
        expect(ticketsOf(event.externalXRef).map((ticket) => ticket.id), event.externalXRef).toEqual([event.ticketId]);
      }
      const lookups = bed.sim.requestsTo('GET', 'service/tickets');
      for (const event of finished) {
        const sent = posts().filter((entry) => xrefOf(entry) === event.externalXRef).length;
        const lookedUp = lookups.filter((entry) => (entry.query.conditions ?? '').includes(event.externalXRef)).length;
        if (recordedXrefs.includes(event.externalXRef)) {
          expect({ attempts: event.attempts, sent, lookedUp }, 'recorded before the crash').toEqual({ attempts: 1, sent: 1, lookedUp: 0 });
        } else if (createdBeforeCrash.has(event.externalXRef)) {
          // Found by our externalXRef and recorded, not created again.
          expect(event.ticketId).toBe(createdBeforeCrash.get(event.externalXRef));
          expect({ attempts: event.attempts, sent, lookedUp }, 'created before the crash').toEqual({ attempts: 2, sent: 1, lookedUp: 1 });
        } else {
          expect({ attempts: event.attempts, sent, lookedUp }, 'in flight at the crash').toEqual({ attempts: 2, sent: 2, lookedUp: 1 });
        }
      }
      const pending = await bed.t.graphql<{ alertEvents: { totalCount: number } }>('{ alertEvents(filter: { status: PENDING }) { totalCount } }', {}, token);
      expect(pending.data!.alertEvents.totalCount).toBe(0);
    } finally {
      for (const fault of faults) bed.sim.removeFault(fault);
      await lock?.release();
    }
  });

  it('notes a repeat and closes a resolved ticket exactly once after the process was killed between each ConnectWise write and its record', async ({ task }) => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await mappedOrganizations(bed, token, [6]);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT', recurrence: 'NOTE_ON_OPEN_TICKET', closeOnResolve: true }]);
    const lockout = (kind: 'ALERT' | 'RESOLUTION' = 'ALERT') => report(bed.t, token, [alert({ organizationId: org!.id, subject: 'crash@acme.com', kind })]);
    const incidentOf = async (id: string) => {
      const result = await bed.t.graphql<{ incident: { state: string; ticketId: number; notesAdded: number; closedAt: string | null; activity: { kind: string }[] } }>(
        'query($id: ID!) { incident(id: $id) { state ticketId notesAdded closedAt activity { kind } } }',
        { id },
        token,
      );
      return result.data!.incident;
    };
    const takeOver = async () => {
      // A dead drain's claim lapses after 9 minutes: moved on instead of waiting, then the stalled check runs.
      await bed.t.app.orm.em.fork().execute("update incidents set claimed_until = now() - interval '1 minute', next_work_at = now() - interval '10 minutes' where id = ?", [incidentId]);
      await bed.t.app.jobs.now(WAKE_STALLED_ALERTS_JOB, {});
    };

    let doomed = await bed.spawnWorker();
    const first = (await lockout()).data!.reportAlerts.events[0]!;
    const ticketed = await waitFor(async () => {
      const event = await alertEvent(bed.t, token, first.id);
      return event.status === 'TICKETED' && event;
    }, 'the first ticket', 30_000);
    const incidentId = ticketed.incident!.id;
    const ticketId = ticketed.ticketId!;
    let lock: RowLock | undefined;
    const slow = bed.sim.addFault({ name: 'slow note', method: 'POST', path: `service/tickets/${ticketId}/notes`, type: 'latency', ms: 1_500 });
    const slowPatch = bed.sim.addFault({ name: 'slow close', method: 'PATCH', path: `service/tickets/${ticketId}`, type: 'latency', ms: 1_500 });
    try {
      // 1. A note: ConnectWise writes it, the process dies recording it.
      const repeat = (await lockout()).data!.reportAlerts.events[0]!;
      await waitFor(async () => bed.sim.requestsTo('POST', `service/tickets/${ticketId}/notes`).length === 1, 'the note POST', 30_000);
      lock = await lockRows(bed.databaseUrl, 'incidents', [incidentId]);
      await waitFor(async () => bed.sim.notesOf(ticketId).some((note) => note.text.includes(`highwater-note:${incidentId}:1`)) && (await lock!.waiting()).length > 0, 'the process to be stuck recording the note', 30_000);
      doomed.kill();
      await lock.terminateWaiting();
      await lock.release();
      expect((await alertEvent(bed.t, token, repeat.id)).status).toBe('NOTE_PENDING');

      doomed = await bed.spawnWorker();
      await takeOver();
      const noted = await waitFor(async () => {
        const event = await alertEvent(bed.t, token, repeat.id);
        return event.status === 'NOTED' && event;
      }, 'the repeat to be noted after the crash', 30_000);
      const written = bed.sim.notesOf(ticketId).filter((note) => note.text.includes('highwater-note:'));
      expect(written.map((note) => note.id)).toEqual([noted.noteId]);
      expect(bed.sim.requestsTo('POST', `service/tickets/${ticketId}/notes`)).toHaveLength(1);

      // 2. The close: ConnectWise closes the ticket, the process dies recording it.
      await lockout('RESOLUTION');
      await waitFor(async () => bed.sim.requestsTo('PATCH', `service/tickets/${ticketId}`).length === 1, 'the close PATCH', 30_000);
      lock = await lockRows(bed.databaseUrl, 'incidents', [incidentId]);
      await waitFor(async () => !!bed.sim.ticket(ticketId)?.closedFlag && (await lock!.waiting()).length > 0, 'the process to be stuck recording the close', 30_000);
      doomed.kill();
      await lock.terminateWaiting();
      await lock.release();

      await bed.spawnWorker();
      await takeOver();
      const resolved = await waitFor(async () => {
        const incident = await incidentOf(incidentId);
        return incident.state === 'RESOLVED' && incident;
      }, 'the incident to be resolved after the crash', 30_000);
      const kinds = resolved.activity.map((step) => step.kind);
      const patches = bed.sim.requestsTo('PATCH', `service/tickets/${ticketId}`).length;
      const notes = bed.sim.notesOf(ticketId).filter((note) => note.text.includes('highwater-note:')).length;
      task.meta.duplicates = Math.max(0, patches - 1) + Math.max(0, notes - 2);
      task.meta.dataLost = resolved.closedAt ? 0 : 1;
      expect(kinds).toEqual(['TICKET_OPENED', 'NOTE_ADDED', 'RESOLUTION_NOTE_ADDED', 'TICKET_CLOSED']);
      expect(patches).toBe(1);
      expect(notes).toBe(2);
      expect(bed.sim.tickets.filter((ticket) => ticket.summary.includes('crash@acme.com'))).toHaveLength(1);
    } finally {
      bed.sim.removeFault(slow);
      bed.sim.removeFault(slowPatch);
      await lock?.release();
    }
  });
});

interface RowLock {
  /** Backends waiting for the locked rows. */
  waiting(): Promise<number[]>;
  terminateWaiting(): Promise<void>;
  release(): Promise<void>;
}

/** Rows locked FOR UPDATE by a transaction on a connection of its own, until released. */
async function lockRows(databaseUrl: string, table: string, ids: string[]): Promise<RowLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('begin');
  await client.query(`select id from ${table} where id = any($1) for update`, [ids]);
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  let released = false;
  return {
    async waiting() {
      const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [pid]);
      return rows.map((row) => row.pid);
    },
    async terminateWaiting() {
      await client.query('select pg_terminate_backend(pid) from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [pid]);
    },
    async release() {
      if (released) return;
      released = true;
      await client.query('rollback');
      await client.end();
    },
  };
}

function xrefOf(entry: RequestLogEntry): string {
  return (entry.body as { externalXRef?: string } | undefined)?.externalXRef ?? '';
}

/** Our externalXRef is `highwater:<event id>`. */
function eventIdOf(xref: string): string {
  return xref.slice('highwater:'.length);
}
