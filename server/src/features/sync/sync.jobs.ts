import type { JobDefinition } from '../../jobs/agenda.js';
import type { JobScheduler, RecurringSchedule } from '../../jobs/scheduler.js';
import { monthOf } from '../../shared/billing-month.js';
import type { Logger } from '../../shared/logger.js';
import type { SyncService } from './sync.service.js';
import { SYNC_RUN_JOB } from './sync.service.js';

/** The product's promise: every day at 12:00 in New York, whatever the season. */
export const SYNC_TIME_ZONE = 'America/New_York';
export const DAILY_SYNC_CRON = '0 12 * * *';
/**
 * 00:05 on the 1st: the previous month's final run. The 12:00 run of the 1st already writes the new
 * month, so without it growth between 12:00 and midnight on a month's last day would never be billed.
 */
export const MONTH_END_SYNC_CRON = '5 0 1 * *';
export const SYNC_DAILY_JOB = 'sync.daily';
export const SYNC_MONTH_END_JOB = 'sync.month-end';
export const SYNC_RECOVER_JOB = 'sync.recover';
export const SYNC_PROVIDER_JOBS = [SYNC_DAILY_JOB, SYNC_MONTH_END_JOB, SYNC_RUN_JOB];

/** Providers' runs one process works at once (each through its provider's own ConnectWise client). */
export const SYNC_RUNS_PER_WORKER = 4;

/** Providers' scheduled slots (create the run, queue it) one process handles at once. */
const SCHEDULED_JOBS_PER_WORKER = 5;

/** A run whose worker stopped touching it for this long is handed to another worker. */
export const DEFAULT_RUN_LOCK_MS = 60_000;

export async function scheduleProviderSync(jobs: JobScheduler, providerId: string): Promise<void> {
  await scheduleProviderSyncs(jobs, [providerId]);
}

/** At start: every connected provider has its daily and month-end schedules (one read when all are there). */
export async function scheduleProviderSyncs(jobs: JobScheduler, providerIds: string[]): Promise<void> {
  await jobs.everyAll(
    providerIds.flatMap((providerId): RecurringSchedule[] => [
      { interval: DAILY_SYNC_CRON, name: SYNC_DAILY_JOB, data: { providerId }, timeZone: SYNC_TIME_ZONE },
      { interval: MONTH_END_SYNC_CRON, name: SYNC_MONTH_END_JOB, data: { providerId }, timeZone: SYNC_TIME_ZONE },
    ]),
  );
}

export async function scheduleSyncRecovery(jobs: JobScheduler): Promise<void> {
  await jobs.every('1 minute', SYNC_RECOVER_JOB, {});
}

interface ProviderJob {
  providerId: string;
}

export interface SyncJobDeps {
  syncFor(providerId: string): SyncService;
  jobs: JobScheduler;
  logger: Logger;
  /** Providers with an active run nobody has touched for a while (a crashed worker's). */
  staleRuns(olderThan: Date): Promise<{ providerId: string; runId: string }[]>;
  runLockMs?: number;
}

export function syncJobs({ syncFor, jobs, logger, staleRuns, runLockMs = DEFAULT_RUN_LOCK_MS }: SyncJobDeps): JobDefinition[] {
  const enqueue = (providerId: string, runId: string) => jobs.enqueueOnce(SYNC_RUN_JOB, { providerId, runId }, { runId });

  /** A scheduled slot: its run is created once (whichever process gets there first) and queued. */
  const scheduledJob = (name: string, slotOf: (now: Date) => { slot: string; month: string }): JobDefinition => ({
    name,
    // Every provider's slot falls due at the same minute. Agenda locks all due jobs of a name before it
    // runs one; capped, each process takes five, runs them and takes five more on its next poll.
    concurrency: SCHEDULED_JOBS_PER_WORKER,
    lockLimit: SCHEDULED_JOBS_PER_WORKER,
    async run(data) {
      const { providerId } = data as ProviderJob;
      const { slot, month } = slotOf(new Date());
      const { run, busyWith } = await syncFor(providerId).scheduledRun(slot, month);
      if (run) await enqueue(providerId, run.id);
      if (busyWith) logger.info({ providerId, slot, runId: busyWith.id }, 'a run was in progress at the scheduled time; it covers this slot');
    },
  });

  return [
    {
      name: SYNC_RUN_JOB,
      concurrency: SYNC_RUNS_PER_WORKER,
      // Only the runs it is working: the other queued runs stay free for the other workers.
      lockLimit: SYNC_RUNS_PER_WORKER,
      lockLifetimeMs: runLockMs,
      async run(data: object, job, stopping) {
        const { providerId, runId } = data as ProviderJob & { runId: string };
        await syncFor(providerId).execute(runId, () => job.touch(), runLockMs / 4, stopping);
      },
    },
    scheduledJob(SYNC_DAILY_JOB, (now) => ({
      slot: `daily:${new Intl.DateTimeFormat('en-CA', { timeZone: SYNC_TIME_ZONE }).format(now)}`,
      month: monthOf(now, SYNC_TIME_ZONE).slice(0, 7),
    })),
    scheduledJob(SYNC_MONTH_END_JOB, (now) => {
      // An hour back from 00:05 on the 1st is the month that just ended.
      const month = monthOf(new Date(now.getTime() - 60 * 60_000), SYNC_TIME_ZONE).slice(0, 7);
      return { slot: `month-end:${month}`, month };
    }),
    {
      name: SYNC_RECOVER_JOB,
      async run() {
        for (const { providerId, runId } of await staleRuns(new Date(Date.now() - 2 * runLockMs))) await enqueue(providerId, runId);
      },
    },
  ];
}
