import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition } from '../../jobs/agenda.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import type { Logger } from '../../shared/logger.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { AlertEventsService, DEFAULT_TICKET_RETRY, type TicketRetryPolicy } from './alert-events.service.js';
import { DEFAULT_NOTE_INTERVAL_MS, type IncidentWorkOptions } from './incident-work.js';
import { batchedTicketReader } from './ticket-reader.js';
import { beginDrain, CREATE_TICKETS_JOB, endDrain, nextWake, takeMore, wakeTicketDrain, type CreateTicketsJobData } from './ticket-queue.js';
import type { TicketingService } from './ticketing.service.js';

export { CREATE_TICKETS_JOB };
/** Every minute: wakes the drain of providers whose pending events are overdue; global (all providers). */
export const WAKE_STALLED_ALERTS_JOB = 'ticketing.wake-stalled-alerts';
/** A pending event this much past its due attempt and held by no drain is taken to have lost its wake-up. */
const STALLED_AFTER_MS = 2 * 60_000;
/**
 * An idle drain waits this long for new events before it ends: under a stream of alerts it keeps
 * running, and the job store sees no write per alert.
 */
const LINGER_MS = 1_000;
/**
 * A drain hands over to a fresh job after this long, so its Agenda lock stays short (a crashed
 * process's drain is taken over after TICKET_JOB_LOCK_MS) however long a stream of alerts lasts.
 */
const DRAIN_RUN_MS = 60_000;
const TICKET_JOB_LOCK_MS = 10 * 60_000;

/** Jobs that carry data.providerId and stop with the integration ("disable & clear" cancels them). */
export const ticketingProviderJobNames = [CREATE_TICKETS_JOB];

export interface TicketingJobsOptions {
  rootEm: EntityManager;
  jobs: JobScheduler;
  logger: Logger;
  /** Ticketing services for one provider, on a fresh scoped EntityManager. */
  servicesFor(scope: TenantScope): TicketingService;
  retry?: Partial<TicketRetryPolicy>;
  /** Ticket attempts one drain has going at once. Default 10. */
  concurrency?: number;
  /** At most one note per incident this often (default a minute); tests shorten it. */
  noteIntervalMs?: number;
}

export function ticketingJobs(options: TicketingJobsOptions): JobDefinition[] {
  const policy: TicketRetryPolicy = { ...DEFAULT_TICKET_RETRY, ...options.retry };
  const concurrency = options.concurrency ?? 10;
  const workOptions: IncidentWorkOptions = { policy, noteIntervalMs: options.noteIntervalMs ?? DEFAULT_NOTE_INTERVAL_MS };
  const { jobs, logger } = options;

  const drain: JobDefinition<CreateTicketsJobData> = {
    name: CREATE_TICKETS_JOB,
    // Different providers' drains side by side; one provider's runs one at a time per process.
    concurrency: 5,
    lockLifetimeMs: TICKET_JOB_LOCK_MS,
    async run({ providerId }, _job, stopping) {
      const scope = { providerId };
      if (!beginDrain(providerId)) return; // one is running here already, and now knows there is more
      const stopped = whenAborted(stopping);
      const handOverAt = Date.now() + DRAIN_RUN_MS;
      // One reader for the run: incidents falling due together read their tickets in one request.
      const runServices = options.servicesFor(scope);
      const runOptions: IncidentWorkOptions = { ...workOptions, readTicket: batchedTicketReader((work) => runServices.integration.call(work)) };
      const inFlight = new Set<Promise<void>>();
      let handOver = false;
      let lingered = false;
      try {
        // Keeps up to `concurrency` attempts going, claiming more as each one ends.
        for (;;) {
          // At shutdown: claim nothing more, finish the attempts under way (each records its ticket or
          // note), and hand the job back so another instance carries on at once.
          if (stopping.aborted || Date.now() > handOverAt) {
            handOver = true;
            await Promise.all(inFlight);
            break;
          }
          const free = concurrency - inFlight.size;
          const services = options.servicesFor(scope);
          const events = free > 0 ? await services.events.claimDue(free) : [];
          // Incidents' writes (notes, resolutions) with what is left: new tickets first.
          const incidents = free - events.length > 0 ? await services.incidents.claimDue(free - events.length) : [];
          const claimed = [...events, ...incidents];
          // Each on its own EntityManager: identity maps stay small, and one failure is its own.
          const attempts = [
            ...events.map((eventId) => ({ eventId, run: () => options.servicesFor(scope).events.createTicket(eventId, policy) })),
            ...incidents.map((incidentId) => ({ incidentId, run: () => options.servicesFor(scope).work.run(incidentId, runOptions) })),
          ];
          for (const { run, ...ids } of attempts) {
            const attempt: Promise<void> = run()
              .catch((error: unknown) => logger.error({ err: error, providerId, ...ids }, 'alert ticket work crashed; retried when its claim lapses'))
              .finally(() => inFlight.delete(attempt));
            inFlight.add(attempt);
          }
          if (claimed.length > 0 && inFlight.size < concurrency) continue;
          if (inFlight.size > 0) {
            // Until a slot frees up, new events arrive while slots are free, or the server stops.
            const wake = inFlight.size < concurrency ? [...inFlight, nextWake(providerId)] : [...inFlight];
            await Promise.race([...wake, stopped]);
            continue;
          }
          if (takeMore(providerId)) continue;
          if (!lingered) {
            lingered = true;
            if (stopping.aborted) break;
            if (await wokenWithin(providerId, LINGER_MS, stopped)) {
              lingered = false;
              continue;
            }
            if (takeMore(providerId)) continue;
          }
          break;
        }
      } finally {
        // No await between the last empty claim and this: a wake after it queues a new drain.
        endDrain(providerId);
      }
      // Unclaimed work waits in PostgreSQL; the handed-back job brings the next instance to it.
      if (stopping.aborted) throw stopping.reason;
      if (handOver) {
        await wakeTicketDrain(jobs, providerId);
        return;
      }
      const services = options.servicesFor(scope);
      const due = [await services.events.nextAttemptAt(), await services.incidents.nextWorkAt()].filter((at): at is Date => at !== null);
      const next = due.length > 0 ? new Date(Math.min(...due.map((at) => at.getTime()))) : null;
      if (next) await jobs.at<CreateTicketsJobData>(next, CREATE_TICKETS_JOB, { providerId });
    },
  };
  const wakeStalled: JobDefinition = {
    name: WAKE_STALLED_ALERTS_JOB,
    async run() {
      const woken = await AlertEventsService.wakeStalled(options.rootEm.fork(), jobs, STALLED_AFTER_MS);
      if (woken > 0) logger.warn({ providers: woken }, 'woke the alert ticket drain of providers with stalled events');
    },
  };
  return [drain as JobDefinition, wakeStalled];
}

export async function scheduleTicketingJobs(jobs: JobScheduler): Promise<void> {
  await jobs.every('* * * * *', WAKE_STALLED_ALERTS_JOB, {}, 'UTC');
}

/** True when the drain is woken within `ms`; false at once when the server stops. */
function wokenWithin(providerId: string, ms: number, stopped: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void Promise.race([nextWake(providerId).then(() => true), stopped.then(() => false)]).then((woken) => {
      clearTimeout(timer);
      resolve(woken);
    });
  });
}

/** Resolves when the server starts stopping (one listener per drain run). */
function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
