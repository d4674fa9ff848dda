import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import type { Db } from 'mongodb';
import { serializeError, type Logger } from '../shared/logger.js';
import type { JobScheduler } from './scheduler.js';

/** Where Agenda keeps its jobs (read directly by the queue metrics). */
export const AGENDA_JOBS_COLLECTION = 'agenda_jobs';

export interface JobDefinition<T extends object = object> {
  name: string;
  /**
   * `stopping` aborts when the process shuts down: a long job should stop at a safe point, leave its work
   * resumable and throw `stopping.reason`; the job is then handed back (unlocked, due now) for the next start.
   */
  run(data: T, job: Job<T>, stopping: AbortSignal): Promise<void>;
  concurrency?: number;
  /**
   * How many jobs of this name one process holds locked at once (running or waiting to run). Agenda's
   * default is no limit: the first process to poll locks every due job of the name, runs `concurrency` of
   * them and leaves the rest waiting on their locks while other processes idle — and, for long jobs,
   * past their lock lifetime, when another process takes them over. Set it to `concurrency` for long jobs.
   */
  lockLimit?: number;
  /** Jobs whose lock is older than this are taken over by another worker (a crashed process). */
  lockLifetimeMs?: number;
}

export interface AgendaOptions {
  db: Db;
  logger: Logger;
  processEveryMs?: number;
}

export function createAgenda({ db, logger, processEveryMs = 1_000 }: AgendaOptions): Agenda {
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: AGENDA_JOBS_COLLECTION }),
    processEvery: processEveryMs,
    maxConcurrency: 20,
    defaultConcurrency: 5,
    defaultLockLifetime: 10 * 60_000,
    // Finished one-off jobs are history we keep in PostgreSQL (runs, events), not in the queue; a short
    // queue keeps every poll cheap, which matters on FerretDB, whose SQLite handler scans collections.
    removeOnComplete: true,
  });
  agenda.on('error', (error) => logger.error({ err: error }, 'agenda error'));
  agenda.on('fail', (error: Error | string, job: { attrs: { name: string } }) =>
    logger.error({ err: error, job: job.attrs.name }, 'job failed'),
  );
  return agenda;
}

export interface JobsShutdown {
  /** Jobs stopped at a safe point and due again at once, for the next process to resume. */
  handedBack: string[];
  /** Jobs still running when the grace period ended: they keep their lock until it lapses (as after a crash). */
  stillRunning: string[];
}

export interface JobRunner {
  /**
   * Takes no more jobs, asks the running ones to stop, and waits up to `graceMs` for them; the
   * connection stays open (the caller closes it after).
   */
  stop(graceMs: number): Promise<JobsShutdown>;
}

export function defineJobs(agenda: Agenda, definitions: JobDefinition[]): JobRunner {
  const stopping = new AbortController();
  /** Jobs this process runs, until Agenda has saved their state (its 'complete' comes after that). */
  const running = new Map<string, string>();
  const handedBack: string[] = [];
  let allDone: (() => void) | undefined;
  agenda.on('complete', (job: Job) => {
    running.delete(String(job.attrs._id));
    if (running.size === 0) allDone?.();
  });
  // Agenda saves a job that returns with `nextRunAt` set as unlocked and due then, and does not remove it.
  // That is the hand-back; agenda.stop() alone leaves a running job locked until its lock lifetime ends.
  const handBack = (job: Job) => {
    job.attrs.nextRunAt = new Date();
    handedBack.push(job.attrs.name);
  };

  for (const definition of definitions) {
    agenda.define(
      definition.name,
      async (job: Job) => {
        running.set(String(job.attrs._id), definition.name);
        if (stopping.signal.aborted) return handBack(job);
        try {
          await definition.run(job.attrs.data as object, job as Job<object>, stopping.signal);
        } catch (error) {
          if (stopping.signal.aborted && error === stopping.signal.reason) return handBack(job);
          rethrowStorable(error);
        }
      },
      { concurrency: definition.concurrency, lockLimit: definition.lockLimit, lockLifetime: definition.lockLifetimeMs },
    );
  }

  return {
    async stop(graceMs) {
      stopping.abort(new JobsStopping());
      // Stops polling and unlocks jobs fetched but not started; running ones keep their locks meanwhile.
      await agenda.stop(false);
      if (running.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          allDone = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return { handedBack: [...handedBack], stillRunning: [...running.values()] };
    },
  };
}

/** The reason `stopping` carries; a job that throws it is handed back, not failed. */
export class JobsStopping extends Error {
  constructor() {
    super('the server is shutting down');
    this.name = 'JobsStopping';
  }
}

/**
 * Agenda stores a failed job's `err.message` as `failReason` in MongoDB: a database error's message is
 * the whole statement with its values (sealed keys included), so it is stored as the logs show it.
 */
function rethrowStorable(error: unknown): never {
  if (!(error instanceof Error)) throw error;
  const message = serializeError(error).message;
  if (typeof message !== 'string' || message === error.message) throw error;
  const storable = new Error(message);
  storable.name = error.name;
  throw storable;
}

export function agendaScheduler(agenda: Agenda, db: Db): JobScheduler {
  const collection = db.collection(AGENDA_JOBS_COLLECTION);
  const scheduler: JobScheduler = {
    async now(name, data) {
      await agenda.now(name, data);
    },
    async enqueueOnce(name, data, key) {
      await agenda.create(name, data).unique({ name, ...dataKey(key) }, { insertOnly: true }).schedule(new Date()).save();
    },
    async at(when, name, data) {
      await agenda.schedule(when, name, data);
    },
    async every(interval, name, data, timeZone) {
      // Agenda's own every() keeps one recurring document per job *name*, so a second provider's schedule
      // would replace the first's. One per (name, data) instead; saving again updates it in place.
      const job = agenda.create(name, data);
      job.repeatEvery(interval, { timezone: timeZone, skipImmediate: true });
      const schedule = { name, repeatInterval: { $ne: null }, ...dataKey(data) };
      job.unique(schedule);
      await job.save();
      // Instances starting together each upsert the schedule, and without a unique index (FerretDB 1.x
      // has no partial ones) both may insert. Each then keeps the oldest: all agree on which one.
      const copies = await collection.find(schedule, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray();
      if (copies.length > 1) await collection.deleteMany({ _id: { $in: copies.slice(1).map((copy) => copy._id) } });
    },
    async everyAll(schedules) {
      // Each every() is a write and a read; on FerretDB, hundreds of them made a start take over a minute.
      const names = [...new Set(schedules.map((schedule) => schedule.name))];
      const stored = await collection
        .find(
          { name: { $in: names }, repeatInterval: { $ne: null } },
          { projection: { name: 1, data: 1, repeatInterval: 1, repeatTimezone: 1 } },
        )
        .toArray();
      const copiesOf = new Map<string, StoredSchedule[]>();
      for (const document of stored as unknown as StoredSchedule[]) {
        const key = scheduleKey(document.name, document.data);
        const copies = copiesOf.get(key);
        if (copies) copies.push(document);
        else copiesOf.set(key, [document]);
      }
      for (const schedule of schedules) {
        const copies = copiesOf.get(scheduleKey(schedule.name, schedule.data)) ?? [];
        const [copy] = copies;
        const unchanged =
          copies.length === 1 &&
          copy!.repeatInterval === schedule.interval &&
          (copy!.repeatTimezone ?? undefined) === schedule.timeZone;
        if (!unchanged) await scheduler.every(schedule.interval, schedule.name, schedule.data, schedule.timeZone);
      }
    },
    async cancel(names, dataMatch = {}) {
      const data = Object.keys(dataMatch).length > 0 ? dataMatch : undefined;
      let removed = 0;
      for (const name of names) removed += await agenda.cancel({ name, data });
      return removed;
    },
  };
  return scheduler;
}

interface StoredSchedule {
  name: string;
  data?: unknown;
  repeatInterval: string;
  repeatTimezone?: string | null;
}

/** A schedule's identity: its name and data (field order aside, as a Mongo match ignores it). */
function scheduleKey(name: string, data: unknown): string {
  const fields = data && typeof data === 'object' ? Object.entries(data).sort(([a], [b]) => a.localeCompare(b)) : [];
  return JSON.stringify([name, fields]);
}

/** A Mongo filter matching jobs whose data has these fields (an empty object matches any data). */
function dataKey(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([field, value]) => [`data.${field}`, value]));
}
