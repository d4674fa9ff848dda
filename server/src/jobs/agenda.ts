import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import type { Db } from 'mongodb';
import { serializeError, type Logger } from '../shared/logger.js';
import type { JobScheduler } from './scheduler.js';

/** Where Agenda keeps its jobs (read directly by the queue metrics). */
export const AGENDA_JOBS_COLLECTION = 'agenda_jobs';

export interface JobDefinition<T extends object = object> {
  name: string;
  run(data: T, job: Job<T>): Promise<void>;
  concurrency?: number;
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

export function defineJobs(agenda: Agenda, definitions: JobDefinition[]): void {
  for (const definition of definitions) {
    agenda.define(definition.name, (job: Job) => definition.run(job.attrs.data as object, job as Job<object>).catch(rethrowStorable), {
      concurrency: definition.concurrency,
      lockLifetime: definition.lockLifetimeMs,
    });
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

export function agendaScheduler(agenda: Agenda): JobScheduler {
  return {
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
      job.unique({ name, repeatInterval: { $ne: null }, ...dataKey(data) });
      await job.save();
    },
    async cancel(names, dataMatch = {}) {
      const data = Object.keys(dataMatch).length > 0 ? dataMatch : undefined;
      let removed = 0;
      for (const name of names) removed += await agenda.cancel({ name, data });
      return removed;
    },
  };
}

/** A Mongo filter matching jobs whose data has these fields (an empty object matches any data). */
function dataKey(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([field, value]) => [`data.${field}`, value]));
}
