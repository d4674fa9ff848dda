import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { DAILY_SYNC_CRON, MONTH_END_SYNC_CRON, SYNC_DAILY_JOB, SYNC_MONTH_END_JOB, SYNC_TIME_ZONE } from './sync.jobs.js';

const bed = useConnectWiseTestBed({}, { processJobs: true, jobsProcessEveryMs: 250 });

/** Agenda's own next-run computation for a recurring job that last ran at `lastRunAt`. */
function nextRunAfter(cron: string, lastRunAt: string): string {
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: bed.t.app.mongo.db(), collection: 'schedule_probe' }) });
  const job = agenda.create('probe', {}).repeatEvery(cron, { timezone: SYNC_TIME_ZONE });
  job.attrs.lastRunAt = new Date(lastRunAt);
  // computeNextRunAt is what Agenda calls after each run; it is private in the typings only.
  (job as unknown as { computeNextRunAt(): void }).computeNextRunAt();
  return job.attrs.nextRunAt!.toISOString();
}

describe('daily sync schedule (12:00 America/New_York)', () => {
  it.each([
    ['January (EST, UTC−5)', '2026-01-14T17:00:00.000Z', '2026-01-15T17:00:00.000Z'],
    ['July (EDT, UTC−4)', '2026-07-14T16:00:00.000Z', '2026-07-15T16:00:00.000Z'],
    ['the spring-forward day', '2026-03-07T17:00:00.000Z', '2026-03-08T16:00:00.000Z'],
    ['the fall-back day', '2026-10-31T16:00:00.000Z', '2026-11-01T17:00:00.000Z'],
  ])('fires at 12:00 local in %s', (_season, lastRun, expected) => {
    expect(nextRunAfter(DAILY_SYNC_CRON, lastRun)).toBe(expected);
  });

  it("runs the previous month's final sync at 00:05 on the 1st, New York time", () => {
    expect(nextRunAfter(MONTH_END_SYNC_CRON, '2026-11-15T12:00:00.000Z')).toBe('2026-12-01T05:05:00.000Z');
    expect(nextRunAfter(MONTH_END_SYNC_CRON, '2026-06-15T12:00:00.000Z')).toBe('2026-07-01T04:05:00.000Z');
  });
});

describe('scheduling per provider', () => {
  async function providerJobs(providerId: string) {
    return bed.t.app.mongo
      .db()
      .collection('agenda_jobs')
      .find({ 'data.providerId': providerId, name: { $in: [SYNC_DAILY_JOB, SYNC_MONTH_END_JOB] } })
      .toArray();
  }

  it('schedules the daily and month-end runs when ConnectWise is connected, and cancels them on disable', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const jobs = await providerJobs(providerId);
    expect(jobs.map((job) => [job.name, job.repeatInterval, job.repeatTimezone]).sort()).toEqual([
      [SYNC_DAILY_JOB, DAILY_SYNC_CRON, SYNC_TIME_ZONE],
      [SYNC_MONTH_END_JOB, MONTH_END_SYNC_CRON, SYNC_TIME_ZONE],
    ]);
    const daily = jobs.find((job) => job.name === SYNC_DAILY_JOB)!;
    const localTime = new Intl.DateTimeFormat('en-US', { timeZone: SYNC_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(daily.nextRunAt);
    expect(localTime).toBe('12:00');

    await bed.t.graphql('mutation { disableConnectWiseIntegration(confirm: true) }', {}, token);
    expect(await providerJobs(providerId)).toEqual([]);
  });

  it("keeps each provider's own schedule when several are connected", async () => {
    const first = await bed.t.createAdmin();
    const second = await bed.t.createAdmin();
    await connectToSimulator(bed, first.token);
    await connectToSimulator(bed, second.token);
    expect(await providerJobs(first.providerId)).toHaveLength(2);
    expect(await providerJobs(second.providerId)).toHaveLength(2);
  });
});
