import { randomUUID } from 'node:crypto';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Ticket } from '../../connectwise/index.js';
import type { AppPubSub } from '../../graphql/pubsub.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import { instantOutOfBounds } from '../../shared/billing-month.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { newestFirstPage, type Page } from '../../shared/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.service.js';
import { Provider } from '../auth/provider.entity.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import type { MappingsService } from '../mappings/mappings.service.js';
import { Organization } from '../organizations/organization.entity.js';
import type { ItemError } from '../organizations/organization.inputs.js';
import { throwIfProblems } from '../organizations/organizations.service.js';
import { AlertEvent, AlertEventStatus, AlertNotTicketedReason, AlertSource } from './alert-event.entity.js';
import type { AlertSettingsService } from './alert-settings.service.js';
import { AlertEventKind, AlertType } from './alert-types.js';
import { Incident, IncidentEndReason } from './incident.entity.js';
import type { IncidentsService } from './incidents.service.js';
import { ticketInput } from './ticket-content.js';
import { wakeTicketDrain } from './ticket-queue.js';
import type { AlertEventFilter } from './ticketing.types.js';

export const MAX_ALERTS_PER_CALL = 1000;
const MAX_TEXT = 300;
const MAX_DETAILS_BYTES = 8 * 1024;
/** Events may come from clocks slightly ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * PubSub topic, published after every committed change of an event's state. The payload is a small
 * notice (it may cross processes through PostgreSQL NOTIFY, which caps it at 8 KB); subscribers read
 * the event as it stands.
 */
export const ALERT_EVENT_UPDATED = 'ALERT_EVENT_UPDATED';
export interface AlertEventUpdate {
  providerId: string;
  eventId: string;
  status: AlertEventStatus;
}

/**
 * How long a drain holds an event it claimed: longer than any single attempt can take (the client
 * gives up on a request after 30 s and retries a 429 at most 3 times). After a crash the event is
 * free again when it lapses.
 */
export const CLAIM_MS = 9 * 60_000;

export interface TicketRetryPolicy {
  /** Attempts before the event is FAILED. */
  maxAttempts: number;
  /** The first retry waits about this long, doubling each time (±20 % jitter), up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** 8 attempts over about an hour: 30 s, 1, 2, 4, 8, 16, 30 min. */
export const DEFAULT_TICKET_RETRY: TicketRetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

/** One alert as a sender reports it (GraphQL's AlertInput, or the Directory Insights poller). */
export interface AlertItem {
  externalEventId: string;
  alertType: AlertType;
  /** Default ALERT. */
  kind?: AlertEventKind | null;
  organizationId?: string | null;
  externalOrgId?: string | null;
  occurredAt: Date;
  subject: string;
  details?: Record<string, unknown> | null;
}

export interface RecordResolutionsResult {
  /** Stored for the first time (the rest were replays). */
  recorded: number;
}

export interface AcceptAlertsResult {
  accepted: number;
  duplicates: number;
  events: AlertEvent[];
}

export interface AlertEventsDeps {
  integration: IntegrationService;
  settings: AlertSettingsService;
  incidents: IncidentsService;
  mappings: MappingsService;
  jobs: JobScheduler;
  pubSub: AppPubSub;
  logger: Logger;
  /** Told when an event's ticket is recorded (metrics: alert-to-ticket latency); must not throw. */
  onTicketed?: (event: AlertEvent) => void;
}

/** Intake of alerts, their listing, and the ticket job's work. */
export class AlertEventsService {
  /** Organizations of events, batched: one query per request however many events are drawn. */
  readonly organizationOf = new DataLoader<string, Organization | null>(async (ids) => {
    const found = await this.em.find(Organization, { id: { $in: [...ids] } });
    const byId = new Map(found.map((organization) => [organization.id, organization]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: AlertEventsDeps,
  ) {}

  /**
   * Stores a batch of events (all or nothing, every problem listed in extensions.itemErrors), each
   * once per externalEventId: a replay returns the stored event and changes nothing. Alerts: the gates
   * are read once; a closed one records the event as NOT_TICKETED with its reason and nothing else
   * happens; an open one queues the ticket job. Resolutions (kind RESOLUTION) are RECORDED and resolve
   * the open incidents of their organization, alert type and subject. The scope is the services' (the
   * poller builds them with createServices(em, deps, scope) like a request does).
   */
  async acceptAlerts(items: AlertItem[], source: AlertSource, now = new Date()): Promise<AcceptAlertsResult> {
    if (items.length === 0 || items.length > MAX_ALERTS_PER_CALL) {
      throw new AppError(ErrorCode.BadUserInput, `send 1 to ${MAX_ALERTS_PER_CALL} alerts at a time`, { field: 'alerts' });
    }
    const organizationIds = await this.resolveOrganizations(items);
    throwIfProblems(validate(items, organizationIds, now), items.length);

    // One row per externalEventId: a repeat inside the batch is a replay of the first.
    const firstOf = new Map<string, number>();
    items.forEach((item, index) => {
      const key = item.externalEventId.trim();
      if (!firstOf.has(key)) firstOf.set(key, index);
    });
    const unique = [...firstOf.values()];
    const isResolution = (index: number) => items[index]!.kind === AlertEventKind.RESOLUTION;
    const alertIndexes = unique.filter((index) => !isResolution(index));

    const reasons = new Map<number, AlertNotTicketedReason | undefined>();
    const closed = alertIndexes.length > 0 ? await this.closedGates(alertIndexes.map((index) => ({ organizationId: organizationIds[index]!, alertType: items[index]!.alertType }))) : [];
    alertIndexes.forEach((index, n) => reasons.set(index, closed[n]));
    const rows = unique.map((index) => {
      const item = items[index]!;
      if (isResolution(index)) return { ...eventRow(item, organizationIds[index]), k: AlertEventKind.RESOLUTION, st: AlertEventStatus.RECORDED, r: null };
      const reason = reasons.get(index);
      return { ...eventRow(item, organizationIds[index]), k: AlertEventKind.ALERT, st: reason ? AlertEventStatus.NOT_TICKETED : AlertEventStatus.PENDING, r: reason ?? null };
    });
    // One statement for the batch; the unique (provider, external event id) makes replays no-ops, also
    // under two senders racing. QueryBuilder-free raw SQL, so provider_id is written explicitly.
    // created_at in milliseconds: list cursors carry it as a JavaScript Date.
    const inserted = await this.em.execute<{ id: string }[]>(
      `insert into alert_events (id, created_at, updated_at, provider_id, organization_id, external_event_id, kind, alert_type, source,
                                 subject, details, occurred_at, status, not_ticketed_reason, attempts, next_attempt_at)
       select x.id, date_trunc('milliseconds', now()), now(), ?, x.o, x.e, x.k, x.t, ?, x.s, x.d, x.at, x.st, x.r, 0,
              case when x.st = 'pending' then now() end
       from jsonb_to_recordset(?::jsonb) as x(id uuid, o uuid, e text, k text, t text, s text, d jsonb, at timestamptz, st text, r text)
       on conflict (provider_id, external_event_id) do nothing
       returning id`,
      [this.scope.providerId, source, JSON.stringify(rows)],
    );
    const insertedIds = new Set(inserted.map((row) => row.id));

    const stored = await this.em.find(AlertEvent, { externalEventId: { $in: [...firstOf.keys()] } });
    const byExternalId = new Map(stored.map((event) => [event.externalEventId, event]));
    const fresh = stored.filter((event) => insertedIds.has(event.id));
    const freshResolutions = fresh.filter((event) => event.kind === AlertEventKind.RESOLUTION).map((event) => event.id);
    const resolved = freshResolutions.length > 0 ? await this.deps.incidents.applyResolutions(freshResolutions) : 0;
    if (resolved > 0 || fresh.some((event) => event.status === AlertEventStatus.PENDING)) await this.wake();
    // Alerts only: a resolution shows as the change of the incident it resolves (incidentUpdated).
    for (const event of fresh) if (event.kind === AlertEventKind.ALERT) this.publish(event);
    return {
      accepted: insertedIds.size,
      duplicates: items.length - insertedIds.size,
      events: items.map((item) => byExternalId.get(item.externalEventId.trim())!),
    };
  }

  /**
   * Stores events that resolve an alert (item.alertType: the alert they resolve) as kind RESOLUTION and
   * status RECORDED, once per externalEventId like alerts; each resolves the open incidents of its key.
   */
  async recordResolutions(items: AlertItem[], source: AlertSource, now = new Date()): Promise<RecordResolutionsResult> {
    const result = await this.acceptAlerts(items.map((item) => ({ ...item, kind: AlertEventKind.RESOLUTION })), source, now);
    return { recorded: result.accepted };
  }

  /** Newest first; alerts only unless the filter asks for another kind. */
  async list(filter: AlertEventFilter = {}, first = 50, after?: string): Promise<Page<AlertEvent>> {
    if (first < 1 || first > 500) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 500', { field: 'first' });
    // em.find/count, not a QueryBuilder: only they apply the tenant filter.
    const where: FilterQuery<AlertEvent> = { kind: filter.kind ?? AlertEventKind.ALERT };
    if (filter.status) where.status = filter.status;
    if (filter.alertType) where.alertType = filter.alertType;
    if (filter.organizationId) where.organization = requireId(filter.organizationId, 'filter.organizationId');
    if (filter.incidentId) {
      where.incident = requireId(filter.incidentId, 'filter.incidentId');
      if (!filter.kind) delete where.kind;
    }
    return newestFirstPage(this.em, AlertEvent, where, first, after);
  }

  async get(id: string): Promise<AlertEvent> {
    const event = await this.em.findOne(AlertEvent, { id: requireId(id, 'id') });
    if (!event) throw new AppError(ErrorCode.NotFound, `no alert event with id ${id}`, { field: 'id' });
    return event;
  }

  /**
   * The event as it is now, read on a fresh EntityManager: a subscription's context lives as long as
   * the subscription, and its identity map would otherwise keep (and serve) every event it ever saw.
   */
  async current(id: string): Promise<AlertEvent> {
    const event = await this.em.fork().findOne(AlertEvent, { id, provider: this.scope.providerId }, { filters: false });
    if (!event) throw new AppError(ErrorCode.NotFound, `no alert event with id ${id}`, { field: 'id' });
    return event;
  }

  /** A FAILED event goes back to PENDING with a fresh attempt budget and its job is queued. */
  async retry(viewer: Viewer, id: string): Promise<AlertEvent> {
    const event = await this.get(id);
    if (event.status !== AlertEventStatus.FAILED) {
      throw new AppError(ErrorCode.Conflict, `only a failed alert event can be retried; this one is ${event.status}`, { field: 'id', status: event.status });
    }
    // Placed afresh: its old incident ended when it failed.
    Object.assign(event, { status: AlertEventStatus.PENDING, attempts: 0, nextAttemptAt: new Date(), claimedUntil: null, incident: null });
    new AuditService(this.em).record(viewer, 'ticketing.alert-retried', { eventId: event.id, externalEventId: event.externalEventId, error: event.error });
    await this.em.flush();
    await this.wake();
    this.publish(event);
    return event;
  }

  /**
   * Claims up to `limit` of this provider's due pending events for a drain (oldest due first): each
   * attempt is counted and the event held for CLAIM_MS, so two drains never work on one event.
   */
  async claimDue(limit: number): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update alert_events set attempts = attempts + 1, claimed_until = now() + make_interval(secs => ?), updated_at = now()
       where id in (select id from alert_events
                    where provider_id = ? and status = 'pending' and next_attempt_at <= now()
                      and (claimed_until is null or claimed_until < now())
                    order by next_attempt_at limit ? for update skip locked)
       returning id`,
      [CLAIM_MS / 1000, this.scope.providerId, limit],
    );
    return rows.map((row) => row.id);
  }

  /** When the next pending event not held by a drain is due (a retry), or null when none waits. */
  async nextAttemptAt(): Promise<Date | null> {
    const [row] = await this.em.execute<{ next: Date | null }[]>(
      `select min(next_attempt_at) as next from alert_events
       where provider_id = ? and status = 'pending' and (claimed_until is null or claimed_until < now())`,
      [this.scope.providerId],
    );
    return row?.next ? new Date(row.next) : null;
  }

  /**
   * The drain's work for one event it claimed. Re-reads the gates, then creates the ticket — unless
   * an earlier attempt may already have created it, in which case ConnectWise is asked for our
   * externalXRef first and a ticket found there is recorded instead of opening a second one.
   * Failures ConnectWise may get over are retried with exponential backoff (next_attempt_at) until
   * `policy.maxAttempts`; then, or at once for a refusal that will not change (400, not found), the
   * event is FAILED.
   */
  async createTicket(eventId: string, policy: TicketRetryPolicy = DEFAULT_TICKET_RETRY): Promise<void> {
    const event = await this.em.findOne(AlertEvent, { id: eventId, status: AlertEventStatus.PENDING }, { populate: ['organization'] });
    if (!event) return; // finished meanwhile (e.g. the integration was disabled)

    if (!(await this.deps.integration.get())) return this.finish(event, { notTicketed: AlertNotTicketedReason.INTEGRATION_NOT_CONFIGURED });
    const gates = await this.deps.settings.gates();
    const setting = gates.settings.get(event.alertType)!;
    if (!gates.automatedTicketing) return this.finish(event, { notTicketed: AlertNotTicketedReason.AUTOMATED_TICKETING_OFF });
    if (!setting.createTickets) return this.finish(event, { notTicketed: AlertNotTicketedReason.ALERT_TYPE_OFF });
    const mapping = await this.deps.mappings.byOrganization.load(event.organization.id);
    if (!mapping) return this.finish(event, { notTicketed: AlertNotTicketedReason.ORGANIZATION_NOT_MAPPED });

    // Which incident it is: a repeat joins its open incident (its note follows); only a first event opens a ticket.
    const placement = await this.deps.incidents.place(event.id, setting);
    if (!placement) return;
    if (placement.role === 'repeat') {
      this.publish(await this.em.findOneOrFail(AlertEvent, { id: event.id }, { refresh: true }));
      return this.wake();
    }
    const incidentId = placement.incidentId;
    // Placed on the transaction's own EntityManager: this one learns it for finish().
    event.incident = this.em.getReference(Incident, incidentId);

    const provider = await this.em.findOneOrFail(Provider, { id: this.scope.providerId }, { filters: false });
    const input = ticketInput(event, {
      companyId: mapping.companyId,
      priorityId: setting.priorityId,
      sourceId: setting.sourceId,
      dueDays: setting.dueDays,
      timeZone: provider.billingTimeZone,
      routing: setting.routing,
    });
    let ticket: Ticket | null;
    try {
      ticket = event.ticketRequestedAt ? await this.deps.integration.call((client) => client.findTicketByExternalXRef(input.externalXRef)) : null;
      if (ticket) {
        this.deps.logger.info({ eventId, ticketId: ticket.id }, 'found the ticket an earlier attempt created; recording it');
      } else {
        // Committed before the request: if we never hear back, the next attempt knows to look first.
        event.ticketRequestedAt = new Date();
        await this.em.flush();
        ticket = await this.deps.integration.call((client) => client.createTicket(input));
      }
    } catch (error) {
      return this.failedAttempt(event, error, policy);
    }
    await this.finish(event, { ticketId: ticket.id, companyId: ticket.company?.id ?? mapping.companyId });
    if (await this.deps.incidents.ticketOpened(incidentId, ticket.id, ticket.company?.id ?? mapping.companyId)) await this.wake();
  }

  /** Providers whose pending events or incident writes are overdue and held by no drain (a lost wake-up, or a crash): wake them. */
  static async wakeStalled(rootEm: EntityManager, jobs: JobScheduler, staleMs: number): Promise<number> {
    // Across providers, so raw SQL on an unscoped EntityManager; nothing tenant-specific is read.
    const rows = await rootEm.execute<{ provider_id: string }[]>(
      `select provider_id from alert_events
       where status = 'pending' and next_attempt_at < now() - make_interval(secs => ?)
         and (claimed_until is null or claimed_until < now())
       union
       select provider_id from incidents
       where next_work_at < now() - make_interval(secs => ?) and (claimed_until is null or claimed_until < now())`,
      [staleMs / 1000, staleMs / 1000],
    );
    for (const row of rows) await wakeTicketDrain(jobs, row.provider_id, { force: true });
    return rows.length;
  }

  private async failedAttempt(event: AlertEvent, error: unknown, policy: TicketRetryPolicy): Promise<void> {
    if (error instanceof AppError && error.code === ErrorCode.IntegrationNotConfigured) {
      return this.finish(event, { notTicketed: AlertNotTicketedReason.INTEGRATION_NOT_CONFIGURED });
    }
    let message: string;
    let permanent = false;
    if (error instanceof AppError) {
      message = error.message;
      // Refusals that will be the same next time; everything else (throttling, 5xx, timeouts, even keys
      // or permissions an admin may fix within the hour) is worth another attempt.
      permanent = error.code === ErrorCode.UpstreamError || error.code === ErrorCode.NotFound || error.code === ErrorCode.ConnectWiseUnknownCompany;
    } else {
      this.deps.logger.error({ err: error, eventId: event.id }, 'unexpected error creating an alert ticket');
      message = `unexpected error (logged with event ${event.id})`;
    }
    if (permanent || event.attempts >= policy.maxAttempts) {
      return this.finish(event, { failed: event.attempts >= policy.maxAttempts && !permanent ? `${message} (gave up after ${event.attempts} attempts)` : message });
    }
    const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (event.attempts - 1)) * (0.8 + Math.random() * 0.4);
    Object.assign(event, { error: message, nextAttemptAt: new Date(Date.now() + delay), claimedUntil: null });
    await this.em.flush();
    this.publish(event);
  }

  private async finish(
    event: AlertEvent,
    outcome: { notTicketed: AlertNotTicketedReason } | { ticketId: number; companyId: number } | { failed: string },
  ): Promise<void> {
    if ('notTicketed' in outcome) {
      Object.assign(event, { status: AlertEventStatus.NOT_TICKETED, notTicketedReason: outcome.notTicketed, error: null });
    } else if ('ticketId' in outcome) {
      Object.assign(event, { status: AlertEventStatus.TICKETED, ticketId: outcome.ticketId, ticketCompanyId: outcome.companyId, ticketedAt: new Date(), error: null });
    } else {
      Object.assign(event, { status: AlertEventStatus.FAILED, error: outcome.failed });
    }
    Object.assign(event, { nextAttemptAt: null, claimedUntil: null });
    await this.em.flush();
    this.publish(event);
    // An incident whose first event will not get its ticket is over: its waiting repeats are queued again.
    if (event.status !== AlertEventStatus.TICKETED && event.incident) await this.deps.incidents.end(event.incident.id, IncidentEndReason.NO_TICKET);
    if (event.status === AlertEventStatus.TICKETED) this.deps.onTicketed?.(event);
  }

  /** For each (organization, alert type): the first closed gate, or undefined when a ticket should follow. */
  private async closedGates(items: { organizationId: string; alertType: AlertType }[]): Promise<(AlertNotTicketedReason | undefined)[]> {
    if (!(await this.deps.integration.get())) return items.map(() => AlertNotTicketedReason.INTEGRATION_NOT_CONFIGURED);
    const gates = await this.deps.settings.gates();
    if (!gates.automatedTicketing) return items.map(() => AlertNotTicketedReason.AUTOMATED_TICKETING_OFF);
    const mappings = await this.deps.mappings.byOrganization.loadMany([...new Set(items.map((item) => item.organizationId))]);
    const mapped = new Set(mappings.flatMap((mapping) => (mapping && !(mapping instanceof Error) ? [mapping.organization.id] : [])));
    return items.map((item) => {
      if (!gates.settings.get(item.alertType)?.createTickets) return AlertNotTicketedReason.ALERT_TYPE_OFF;
      if (!mapped.has(item.organizationId)) return AlertNotTicketedReason.ORGANIZATION_NOT_MAPPED;
      return undefined;
    });
  }

  /**
   * Wakes the provider's drain. A failure is logged, not thrown: the events are stored (and the sender
   * may not send them again), so the stalled-event check wakes it later.
   */
  private async wake(): Promise<void> {
    try {
      await wakeTicketDrain(this.deps.jobs, this.scope.providerId);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not queue the alert ticket job; the stalled-event check will');
    }
  }

  private publish(event: AlertEvent): void {
    this.deps.pubSub.publish(ALERT_EVENT_UPDATED, { providerId: this.scope.providerId, eventId: event.id, status: event.status } satisfies AlertEventUpdate);
  }

  /** Organization ids for each item (by id or externalOrgId) in one query; undefined where unknown. */
  private async resolveOrganizations(items: AlertItem[]): Promise<(string | undefined)[]> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const ids = [...new Set(items.map((item) => item.organizationId?.toLowerCase()).filter((id): id is string => !!id && uuid.test(id)))];
    const externalIds = [...new Set(items.map((item) => item.externalOrgId).filter((id): id is string => !!id))];
    const found = await this.em.find(Organization, { $or: [{ id: { $in: ids } }, { externalId: { $in: externalIds } }] }, { fields: ['id', 'externalId'] });
    const byId = new Set(found.map((organization) => organization.id));
    const byExternalId = new Map(found.map((organization) => [organization.externalId, organization.id]));
    return items.map((item) => {
      if (item.organizationId && item.externalOrgId) return undefined;
      if (item.organizationId) return byId.has(item.organizationId.toLowerCase()) ? item.organizationId.toLowerCase() : undefined;
      return item.externalOrgId ? byExternalId.get(item.externalOrgId) : undefined;
    });
  }
}

function validate(items: AlertItem[], organizationIds: (string | undefined)[], now: Date): ItemError[] {
  const problems: ItemError[] = [];
  const alertTypes = new Set<string>(Object.values(AlertType));
  items.forEach((item, index) => {
    const externalEventId = item.externalEventId?.trim() ?? '';
    if (!externalEventId || externalEventId.length > 200) problems.push({ index, field: 'externalEventId', message: 'must be 1 to 200 characters' });
    if (!alertTypes.has(item.alertType)) problems.push({ index, field: 'alertType', message: `is not one of ${[...alertTypes].join(', ')}` });
    if (item.organizationId && item.externalOrgId) {
      problems.push({ index, field: 'organizationId', message: 'give organizationId or externalOrgId, not both' });
    } else if (!organizationIds[index]) {
      const named = item.organizationId ?? item.externalOrgId;
      const field = item.organizationId ? 'organizationId' : 'externalOrgId';
      problems.push({ index, field, message: named ? `no organization ${named}` : 'give organizationId or externalOrgId' });
    }
    if (!(item.occurredAt instanceof Date) || Number.isNaN(item.occurredAt.getTime())) {
      problems.push({ index, field: 'occurredAt', message: 'is not a valid time' });
    } else if (item.occurredAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      problems.push({ index, field: 'occurredAt', message: 'is in the future' });
    } else {
      const outOfBounds = instantOutOfBounds(item.occurredAt);
      if (outOfBounds) problems.push({ index, field: 'occurredAt', message: outOfBounds });
    }
    const subject = item.subject?.trim() ?? '';
    if (!subject || subject.length > MAX_TEXT) problems.push({ index, field: 'subject', message: `must be 1 to ${MAX_TEXT} characters` });
    if (item.details != null && (typeof item.details !== 'object' || Array.isArray(item.details))) {
      problems.push({ index, field: 'details', message: 'must be a JSON object' });
    } else if (item.details != null && Buffer.byteLength(JSON.stringify(item.details)) > MAX_DETAILS_BYTES) {
      problems.push({ index, field: 'details', message: `must be at most ${MAX_DETAILS_BYTES} bytes as JSON` });
    }
  });
  return problems;
}

/** Pending events of one provider, when "disable integration & clear data" runs: they will not be ticketed or noted. */
export async function closeOpenAlertEvents(em: EntityManager, scope: TenantScope): Promise<number> {
  return em.nativeUpdate(
    AlertEvent,
    { provider: scope.providerId, status: { $in: [AlertEventStatus.PENDING, AlertEventStatus.NOTE_PENDING] } },
    { status: AlertEventStatus.NOT_TICKETED, notTicketedReason: AlertNotTicketedReason.INTEGRATION_DISABLED, nextAttemptAt: null, claimedUntil: null },
  );
}

/** An event as the batch inserts read it (`jsonb_to_recordset`), short keys to keep the batch small. */
function eventRow(item: AlertItem, organizationId: string | undefined) {
  return {
    id: randomUUID(),
    o: organizationId,
    e: item.externalEventId.trim(),
    t: item.alertType,
    s: item.subject.trim(),
    d: item.details ?? {},
    at: item.occurredAt.toISOString(),
  };
}
