import type { Request, Response } from 'express';
import type { Collection } from 'mongodb';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TransportObserver } from '../connectwise/index.js';
import type { Logger } from '../shared/logger.js';

/*
 * Prometheus metrics for one app instance. A registry of its own rather than prom-client's global one:
 * createApp runs several times in a test process, and the global registry refuses a name twice.
 * Labels are kept to small fixed sets (routes without ids, statuses, job names): nothing that names a
 * provider, an organization or a key ever becomes a label.
 */

export interface GraphQLRequestObservation {
  operation: string;
  type: string;
  outcome: 'ok' | 'error';
  seconds: number;
}

/** What a finished sync run tells us; a SyncRun satisfies it. */
export interface FinishedSyncRun {
  status: string;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

/** What a ticketed alert event tells us; an AlertEvent satisfies it. */
export interface TicketedAlertEvent {
  alertType: string;
  createdAt: Date;
  ticketedAt?: Date | null;
}

export interface Metrics {
  registry: Registry;
  graphqlRequest(observation: GraphQLRequestObservation): void;
  /** For the ConnectWise clients' transports. */
  connectWise: TransportObserver;
  syncRunFinished(run: FinishedSyncRun): void;
  alertTicketed(event: TicketedAlertEvent): void;
}

export interface MetricsOptions {
  /** Agenda's job collection, read on each scrape for the queue gauges. */
  agendaJobs: Collection;
  logger: Logger;
}

export function createMetrics({ agendaJobs, logger }: MetricsOptions): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'highwater_' });

  const graphqlDuration = new Histogram({
    name: 'highwater_graphql_request_duration_seconds',
    help:
      'GraphQL requests over HTTP, by operation name (trusted documents and signed-in callers only, within a fixed budget: ' +
      'else "anonymous" when unnamed, "unauthenticated" or "other"), operation type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  const connectWiseRequests = new Counter({
    name: 'highwater_connectwise_requests_total',
    help: 'ConnectWise requests sent (each attempt), by route, method and HTTP status (or failure kind when no status came)',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  const connectWiseDuration = new Histogram({
    name: 'highwater_connectwise_request_duration_seconds',
    help: 'Duration of each ConnectWise request attempt, by route, method and HTTP status (or failure kind)',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const connectWiseRetries = new Counter({
    name: 'highwater_connectwise_retries_total',
    help: 'ConnectWise requests retried, by route and the kind of failure that caused the retry',
    labelNames: ['route', 'kind'] as const,
    registers,
  });
  const connectWiseRateLimited = new Counter({
    name: 'highwater_connectwise_rate_limited_total',
    help: 'ConnectWise answers with 429 Too Many Requests, by route',
    labelNames: ['route'] as const,
    registers,
  });

  const syncRunDuration = new Histogram({
    name: 'highwater_sync_run_duration_seconds',
    help: 'Billing sync runs from start to finish, by final status',
    labelNames: ['status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers,
  });
  const syncOrganizationOutcomes = new Counter({
    name: 'highwater_sync_organization_outcomes_total',
    help: 'Organizations in finished billing sync runs, by outcome',
    labelNames: ['outcome'] as const,
    registers,
  });

  const alertTicketLatency = new Histogram({
    name: 'highwater_alert_ticket_latency_seconds',
    help: 'From an alert event being stored to its ConnectWise ticket being recorded, by alert type',
    labelNames: ['alert_type'] as const,
    buckets: [1, 5, 15, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600],
    registers,
  });

  // Read from MongoDB on each scrape. Agenda's queue is shared by every instance, so each reports the
  // same values: aggregate across instances with max(), not sum().
  new Gauge({
    name: 'highwater_agenda_queue_depth',
    help: 'Agenda jobs due to run and not locked by any worker, by job name',
    labelNames: ['job'] as const,
    registers,
    async collect() {
      try {
        const rows = await agendaJobs
          .aggregate<{ _id: string; n: number }>([
            { $match: { nextRunAt: { $lte: new Date() }, lockedAt: null, disabled: { $ne: true } } },
            { $group: { _id: '$name', n: { $sum: 1 } } },
          ])
          .toArray();
        this.reset();
        for (const row of rows) this.set({ job: String(row._id) }, row.n);
      } catch (error) {
        logger.warn({ err: error }, 'could not read the Agenda queue for metrics');
      }
    },
  });
  new Gauge({
    name: 'highwater_agenda_oldest_lock_age_seconds',
    help: 'Age of the oldest Agenda job lock held by any worker (0 when none is held)',
    registers,
    async collect() {
      try {
        const oldest = await agendaJobs.findOne({ lockedAt: { $ne: null } }, { sort: { lockedAt: 1 }, projection: { lockedAt: 1 } });
        const lockedAt = oldest?.lockedAt instanceof Date ? oldest.lockedAt.getTime() : undefined;
        this.set(lockedAt === undefined ? 0 : Math.max(0, (Date.now() - lockedAt) / 1000));
      } catch (error) {
        logger.warn({ err: error }, 'could not read the Agenda locks for metrics');
      }
    },
  });

  return {
    registry,
    graphqlRequest({ operation, type, outcome, seconds }) {
      graphqlDuration.observe({ operation, type, outcome }, seconds);
    },
    connectWise: {
      onAttempt({ route, method, status, kind, ms }) {
        const labels = { route, method, status: status === undefined ? (kind ?? 'unknown') : String(status) };
        connectWiseRequests.inc(labels);
        connectWiseDuration.observe(labels, ms / 1000);
        if (status === 429) connectWiseRateLimited.inc({ route });
      },
      onRetry({ route, kind }) {
        connectWiseRetries.inc({ route, kind });
      },
    },
    syncRunFinished(run) {
      const started = run.startedAt ?? run.createdAt;
      const finished = run.finishedAt ?? new Date();
      syncRunDuration.observe({ status: run.status }, Math.max(0, (finished.getTime() - started.getTime()) / 1000));
      for (const outcome of ['updated', 'unchanged', 'skipped', 'failed'] as const) {
        if (run[outcome] > 0) syncOrganizationOutcomes.inc({ outcome }, run[outcome]);
      }
    },
    alertTicketed(event) {
      const ticketed = event.ticketedAt ?? new Date();
      alertTicketLatency.observe({ alert_type: event.alertType }, Math.max(0, (ticketed.getTime() - event.createdAt.getTime()) / 1000));
    },
  };
}

/** GET /metrics: Prometheus' text format. Unauthenticated, so it carries counts and durations only. */
export function metricsHandler(metrics: Metrics, logger: Logger) {
  return async (_req: Request, res: Response) => {
    try {
      const text = await metrics.registry.metrics();
      res.setHeader('content-type', metrics.registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.send(text);
    } catch (error) {
      logger.error({ err: error }, 'could not collect metrics');
      res.status(500).type('text/plain').send('could not collect metrics');
    }
  };
}
