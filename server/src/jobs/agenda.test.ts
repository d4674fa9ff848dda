import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

it('restarts without pushing a due schedule to its next day, adding what is new and repairing duplicates', async () => {
  const db = t.app.mongo.db();
  const agenda = createAgenda({ db, logger: createLogger('silent') });
  await agenda.ready;
  const scheduler = agendaScheduler(agenda, db);
  const jobs = db.collection(AGENDA_JOBS_COLLECTION);
  const name = `test.daily-${Math.random()}`;
  const daily = (providerId: string, interval = '0 12 * * *') => ({ interval, name, data: { providerId }, timeZone: 'America/New_York' });
  await scheduler.everyAll([daily('a'), daily('b')]);

  // 12:00 has come for provider a while the instances restart; provider b's schedule was stored twice.
  const due = new Date(Date.now() - 1_000);
  await jobs.updateOne({ name, 'data.providerId': 'a' }, { $set: { nextRunAt: due } });
  const { _id, ...copyOfB } = (await jobs.findOne({ name, 'data.providerId': 'b' }))!;
  await jobs.insertOne(copyOfB);
  expect(await jobs.countDocuments({ name, 'data.providerId': 'b' })).toBe(2);

  await scheduler.everyAll([daily('a'), daily('b'), daily('c')]);
  const stored = await jobs.find({ name }).toArray();
  expect(stored.map((job) => (job.data as { providerId: string }).providerId).sort()).toEqual(['a', 'b', 'c']);
  expect(stored.find((job) => job.data.providerId === 'a')?.nextRunAt).toEqual(due);

  await scheduler.everyAll([daily('a', '0 13 * * *')]);
  const changed = await jobs.find({ name, 'data.providerId': 'a' }).toArray();
  expect(changed.map((job) => job.repeatInterval)).toEqual(['0 13 * * *']);
  expect(changed[0]!.nextRunAt.getTime()).toBeGreaterThan(Date.now());
});

it('leaves due jobs beyond its lock limit to the other instance instead of holding them while it works', async () => {
  const db = t.app.mongo.db();
  const name = `test.long-${Math.random()}`;
  const startedBy: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const instance = async (who: string) => {
    const agenda = createAgenda({ db, logger: createLogger('silent'), processEveryMs: 50 });
    await agenda.ready;
    const runner = defineJobs(agenda, [
      {
        name,
        concurrency: 2,
        lockLimit: 2,
        run: async () => {
          startedBy.push(who);
          await released;
        },
      },
    ]);
    await agenda.start();
    return { agenda, runner };
  };
  const until = async (check: () => boolean) => {
    for (let waited = 0; !check(); waited += 20) {
      if (waited > 10_000) throw new Error(`timed out; started by ${startedBy.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const queue = createAgenda({ db, logger: createLogger('silent') });
  await queue.ready;
  for (let index = 0; index < 4; index++) await queue.now(name, { index });

  const first = await instance('first');
  await until(() => startedBy.length === 2);
  const second = await instance('second');
  try {
    // Without the limit the first instance would have locked all four and the second would wait.
    await until(() => startedBy.length === 4);
    expect(startedBy).toEqual(['first', 'first', 'second', 'second']);
  } finally {
    release();
    for (const { agenda, runner } of [first, second]) {
      await runner.stop(1_000);
      await agenda.stop(false);
    }
  }
});

describe('stopping one of two instances', () => {
  /** An instance on the shared job store, taking `name` jobs; `runs` counts the starts on any instance. */
  async function instance(name: string, run: (stopping: AbortSignal) => Promise<void>) {
    const agenda = createAgenda({ db: t.app.mongo.db(), logger: createLogger('silent'), processEveryMs: 50 });
    await agenda.ready;
    const runner = defineJobs(agenda, [{ name, run: (_data, _job, stopping) => run(stopping) }]);
    await agenda.start();
    return { agenda, runner };
  }
  const until = async (check: () => boolean) => {
    for (let waited = 0; !check(); waited += 20) {
      if (waited > 10_000) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('leaves a job that ignores the stop locked while it runs: the other instance does not start it a second time', async () => {
    const name = `test.stubborn-${Math.random()}`;
    let starts = 0;
    let finished = false;
    const work = async () => {
      starts++;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      finished = true;
    };
    const first = await instance(name, work);
    await first.agenda.now(name, {});
    await until(() => starts === 1);
    const second = await instance(name, work);
    try {
      expect(await first.runner.stop(100)).toEqual({ handedBack: [], stillRunning: [name] });
      await until(() => finished);
      await new Promise((resolve) => setTimeout(resolve, 300)); // several polls of the second instance
      expect(starts).toBe(1);
    } finally {
      await second.runner.stop(100);
      await second.agenda.stop(false);
    }
  });

  it('hands a job that stops at a safe point to the other instance at once', async () => {
    const name = `test.resumable-${Math.random()}`;
    const starts: string[] = [];
    const work = (who: string) => async (stopping: AbortSignal) => {
      starts.push(who);
      if (who === 'second') return;
      await new Promise((resolve) => stopping.addEventListener('abort', resolve, { once: true }));
      throw stopping.reason;
    };
    const first = await instance(name, work('first'));
    await first.agenda.now(name, {});
    await until(() => starts.length === 1);
    const second = await instance(name, work('second'));
    try {
      expect(await first.runner.stop(5_000)).toEqual({ handedBack: [name], stillRunning: [] });
      await until(() => starts.length === 2);
      expect(starts).toEqual(['first', 'second']);
    } finally {
      await second.runner.stop(100);
      await second.agenda.stop(false);
    }
  });
});
