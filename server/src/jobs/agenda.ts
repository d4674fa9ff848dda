import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import type { Db } from 'mongodb';
import type { Logger } from '../shared/logger.js';
import type { JobScheduler } from './scheduler.js';

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
    backend: new MongoBackend({ mongo: db, collection: 'agenda_jobs' }),
    processEvery: processEveryMs,
    maxConcurrency: 20,
    defaultConcurrency: 5,
    defaultLockLifetime: 10 * 60_000,
  });
  agenda.on('error', (error) => logger.error({ err: error }, 'agenda error'));
  agenda.on('fail', (error: Error | string, job: { attrs: { name: string } }) =>
    logger.error({ err: error, job: job.attrs.name }, 'job failed'),
  );
  return agenda;
}

export function defineJobs(agenda: Agenda, definitions: JobDefinition[]): void {
  for (const definition of definitions) {
    agenda.define(definition.name, (job: Job) => definition.run(job.attrs.data as object, job as Job<object>), {
      concurrency: definition.concurrency,
      lockLifetime: definition.lockLifetimeMs,
    });
  }
}

export function agendaScheduler(agenda: Agenda): JobScheduler {
  return {
    async now(name, data) {
      await agenda.now(name, data);
    },
    async at(when, name, data) {
      await agenda.schedule(when, name, data);
    },
    async every(interval, name, data, timeZone) {
      // Agenda keeps one document per (name, data) for recurring jobs, so calling this at every start is safe.
      await agenda.every(interval, name, data, { timezone: timeZone, skipImmediate: true });
    },
    async cancel(names, dataMatch = {}) {
      const data = Object.keys(dataMatch).length > 0 ? dataMatch : undefined;
      let removed = 0;
      for (const name of names) removed += await agenda.cancel({ name, data });
      return removed;
    },
  };
}
