import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { createLogger } from '../shared/logger.js';
import { AGENDA_JOBS_COLLECTION, agendaScheduler, createAgenda, defineJobs } from './agenda.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

it('stores a job that failed on a database error without the statement’s values', async () => {
  const secret = 'customer-private-value-7f3a';
  const agenda = createAgenda({ db: t.app.mongo.db(), logger: createLogger('silent'), processEveryMs: 50 });
  await agenda.ready;
  defineJobs(agenda, [
    {
      name: 'test.failing-insert',
      run: async () => {
        await t.app.orm.em.fork().execute('select ?::int as n', [secret]);
      },
    },
  ]);
  await agenda.start();
  try {
    await agenda.now('test.failing-insert', {});
    const jobs = t.app.mongo.db().collection<{ name: string; failReason?: string; failedAt?: Date | null }>(AGENDA_JOBS_COLLECTION);
    let failed: { failReason?: string } | null = null;
    for (let attempt = 0; attempt < 100 && !failed; attempt++) {
      failed = await jobs.findOne({ name: 'test.failing-insert', failedAt: { $ne: null } });
      if (!failed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(failed?.failReason).toMatch(/SQLSTATE 22P02/);
    expect(failed?.failReason).not.toContain(secret);
    expect(failed?.failReason).not.toMatch(/select/i);
  } finally {
    await agenda.stop(false);
  }
});

it('keeps one recurring job per schedule when several instances start at once and each schedules it', async () => {
  const db = t.app.mongo.db();
  const instances = await Promise.all(
    Array.from({ length: 3 }, async () => {
      const agenda = createAgenda({ db, logger: createLogger('silent') });
      await agenda.ready;
      return agendaScheduler(agenda, db);
    }),
  );
  const providers = ['provider-a', 'provider-b'];
  await Promise.all(
    instances.flatMap((scheduler) => providers.map((providerId) => scheduler.every('0 12 * * *', 'test.daily', { providerId }, 'America/New_York'))),
  );
  const jobs = await db.collection(AGENDA_JOBS_COLLECTION).find({ name: 'test.daily' }).toArray();
  expect(jobs.map((job) => (job.data as { providerId: string }).providerId).sort()).toEqual(providers);
});
