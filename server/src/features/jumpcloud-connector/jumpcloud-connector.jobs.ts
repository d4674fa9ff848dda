import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition } from '../../jobs/agenda.js';
import type { JobScheduler, RecurringSchedule } from '../../jobs/scheduler.js';
import type { Logger } from '../../shared/logger.js';
import { ALERT_POLL_INTERVAL, ALERT_POLL_INTERVAL_MS, JUMPCLOUD_ALERTS_JOB } from './alert-poll.js';
import { JumpCloudConnection } from './jumpcloud-connection.entity.js';
import {
  JUMPCLOUD_POLL_JOB,
  POLL_LEASE_MS,
  pollInterval,
  type JumpCloudConnectorService,
  type JumpCloudPollJobData,
} from './jumpcloud-connector.service.js';

export interface JumpCloudJobDeps {
  /** The connector service of one provider, on a fresh EntityManager scoped to it (as a request's would be). */
  connectorFor(providerId: string): JumpCloudConnectorService;
  jobs: JobScheduler;
  logger: Logger;
}

export function jumpCloudJobs({ connectorFor, jobs, logger }: JumpCloudJobDeps): JobDefinition[] {
  return [
    {
      name: JUMPCLOUD_POLL_JOB,
      // Several providers at once; one provider's polls never overlap (Agenda's lock per job, and the
      // connection's poll lease across the recurring and the on-demand job).
      concurrency: 4,
      lockLifetimeMs: POLL_LEASE_MS,
      async run(data: object, job, stopping) {
        const { providerId } = data as Partial<JumpCloudPollJobData>;
        if (!providerId) {
          logger.warn({ data }, 'jumpcloud.poll without a providerId: ignored');
          return;
        }
        // The lease on the connection row is what keeps polls apart; Agenda's lock only spares a second
        // worker the attempt. A touch that finds the job document gone (a schedule re-written while this
        // on-demand run went on) must not stop a poll that is otherwise fine.
        const heartbeat = () =>
          job.touch().catch((error: unknown) => logger.warn({ err: error, providerId }, 'could not extend the jumpcloud.poll job lock'));
        const outcome = await connectorFor(providerId).poll({ heartbeat, stopping });
        if (!outcome.polled && outcome.reason === 'not-connected') {
          // Disconnected, but the schedule survived (the cancel after the delete failed): stop it now.
          await jobs.cancel([JUMPCLOUD_POLL_JOB], { providerId });
          logger.info({ providerId }, 'JumpCloud is no longer connected: poll schedule removed');
        } else if (!outcome.polled) {
          logger.info({ providerId }, 'a JumpCloud poll of this provider is already running: skipped');
        }
      },
    },
    {
      name: JUMPCLOUD_ALERTS_JOB,
      concurrency: 4,
      // Agenda's lock keeps one provider's reads from overlapping; a crashed worker's lapses after this.
      lockLifetimeMs: 10 * ALERT_POLL_INTERVAL_MS,
      async run(data: object) {
        const { providerId } = data as Partial<JumpCloudPollJobData>;
        if (!providerId) {
          logger.warn({ data }, 'jumpcloud.alerts without a providerId: ignored');
          return;
        }
        const summary = await connectorFor(providerId).pollAlerts();
        if (!summary) {
          await jobs.cancel([JUMPCLOUD_ALERTS_JOB], { providerId });
          logger.info({ providerId }, 'JumpCloud is no longer connected: alert poll schedule removed');
        }
      },
    },
  ];
}

/** At start: every connection has its recurring poll (a lost or never-written schedule is restored). */
export async function scheduleJumpCloudPolls(rootEm: EntityManager, jobs: JobScheduler): Promise<number> {
  // Across every provider, so the tenant filter is off on purpose.
  const connections = await rootEm
    .fork()
    .find(JumpCloudConnection, {}, { filters: false, fields: ['provider', 'pollIntervalMinutes'] });
  await jobs.everyAll(
    connections.flatMap((connection): RecurringSchedule[] => {
      const data: JumpCloudPollJobData = { providerId: connection.provider.id };
      return [
        { interval: pollInterval(connection.pollIntervalMinutes), name: JUMPCLOUD_POLL_JOB, data },
        { interval: ALERT_POLL_INTERVAL, name: JUMPCLOUD_ALERTS_JOB, data },
      ];
    }),
  );
  return connections.length;
}
