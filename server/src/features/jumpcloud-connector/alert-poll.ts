import type { EntityManager } from '@mikro-orm/postgresql';
import { isJumpCloudError, type DirectoryEvent, type JumpCloudClient, type JumpCloudError } from '../../jumpcloud/index.js';
import type { Logger } from '../../shared/logger.js';
import { forEachLimit } from '../../shared/for-each-limit.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import { AlertSource } from '../ticketing/alert-event.entity.js';
import type { AlertItem } from '../ticketing/alert-events.service.js';
import { alertDefinition, AlertEventKind, classifyJumpCloudEvent, JUMPCLOUD_ALERT_SERVICES } from '../ticketing/alert-types.js';
import type { TicketingService } from '../ticketing/ticketing.service.js';
import type { JumpCloudClients, JumpCloudCredentials } from './jumpcloud-clients.js';
import { accessRefusedMessage, pollFailureMessage } from './jumpcloud-errors.js';

export const JUMPCLOUD_ALERTS_JOB = 'jumpcloud.alerts';
/** Security alerts should become tickets within minutes, so Directory Insights is read every minute. */
export const ALERT_POLL_INTERVAL = '1 minute';
export const ALERT_POLL_INTERVAL_MS = 60_000;
/** Events may come from clocks slightly ahead of ours; alert intake refuses times further ahead. */
const FUTURE_SKEW_MS = 60_000;
const MAX_SUBJECT = 300;
/** Per principal field in an alert's details, which intake caps at 8 KB. */
const MAX_DETAIL_TEXT = 100;
const MAX_FAILURES_LOGGED = 5;

export interface AlertPollDeps {
  jumpCloud: JumpCloudClients;
  logger: Logger;
  integration: () => IntegrationService;
  ticketing: () => TicketingService;
}

export interface AlertPollSummary {
  /** False when nothing could become a ticket (ConnectWise not connected, automated ticketing or every alert type off). */
  polled: boolean;
  organizations: number;
  /** Directory Insights events read, and those the event table turned into alerts. */
  events: number;
  alerts: number;
  /** Alerts stored for the first time (the rest were replays of events already stored). */
  accepted: number;
  /** Resolution events stored for the first time (kept as data; they open no ticket). */
  resolutions: number;
  /** Events Directory Insights sent that could not be read (no id, type or time): skipped and reported. */
  unreadableEvents: number;
  failedOrganizations: number;
  error?: string;
  /** JumpCloud refused the key (401) or an organization's data (403): the connection is FAILING with this. */
  refusal?: string;
  /** Some read was accepted and none refused: the key works, disproving an earlier refusal. */
  keyAccepted: boolean;
}

interface EligibleOrganization {
  id: string;
  externalId: string;
  name: string;
  startTime: Date | null;
  seenEventIds: string[];
}

/**
 * How far one organization has been read: every event before `time`, and those at exactly `time` whose
 * ids are in `seen`. Moves forward page by page as the poll hands pages over.
 */
interface ReadPosition {
  time: Date;
  seen: Set<string>;
}

/**
 * One read of Directory Insights for every mapped organization: each from where its cursor stands
 * (an organization seen for the first time looks back one poll interval). The cursor is a time and the
 * ids of the events seen at exactly that time, not JumpCloud's `X-Search_after` (its docs say not to hold
 * on to that value across queries): each poll is a new query from that time, inclusive, that drops those
 * ids, and `search_after` pages only within it. Alerts go through ticketing's intake like `reportAlerts`
 * (stored once per event id, gated there), resolution events are recorded beside them; a page's cursor is
 * saved only after its events are stored, so a crash repeats events (deduplicated) and never skips one.
 */
export class DirectoryInsightsAlertPoll {
  private readonly logger: Logger;
  private readonly summary: AlertPollSummary = {
    polled: true,
    organizations: 0,
    events: 0,
    alerts: 0,
    accepted: 0,
    resolutions: 0,
    unreadableEvents: 0,
    failedOrganizations: 0,
    keyAccepted: false,
  };
  private readonly failures: string[] = [];
  private rejected: JumpCloudError | undefined;
  /** The first organization whose events JumpCloud refused (403). */
  private forbidden: string | undefined;
  /** Organizations whose events JumpCloud answered. */
  private read = 0;
  /** Intake and cursor writes share one EntityManager, so they run one at a time while reads overlap. */
  private writes = Promise.resolve();

  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly credentials: JumpCloudCredentials,
    private readonly deps: AlertPollDeps,
    private readonly now = new Date(),
  ) {
    this.logger = deps.logger.child({ component: 'jumpcloud.alerts', providerId: scope.providerId });
  }

  async execute(): Promise<AlertPollSummary> {
    if (!(await this.ticketsPossible())) {
      // Turned back on later, reading starts afresh: events from while it was off never become tickets.
      await this.em.execute('delete from jumpcloud_alert_cursors where provider_id = ?', [this.scope.providerId]);
      return { ...this.summary, polled: false };
    }
    const organizations = await this.eligibleOrganizations();
    this.summary.organizations = organizations.length;
    const client = this.deps.jumpCloud.create(this.credentials, this.logger);
    try {
      await forEachLimit(organizations, this.deps.jumpCloud.maxConcurrency, (organization) => this.pollOrganization(client, organization));
      await this.writes;
    } finally {
      await client.close();
    }
    this.summary.failedOrganizations = this.failures.length;
    if (this.rejected) this.summary.refusal = pollFailureMessage(this.rejected, this.credentials.providerId);
    else if (this.forbidden) this.summary.refusal = this.forbidden;
    this.summary.keyAccepted = this.read > 0 && this.summary.refusal === undefined;
    if (this.rejected) this.summary.error = this.summary.refusal;
    else if (this.failures.length > 0) this.summary.error = `Directory Insights could not be read for ${this.failures.length} of ${organizations.length} organizations; first: ${this.failures[0]}`;
    if (this.summary.error) this.logger.warn({ ...this.summary, failures: this.failures.slice(0, MAX_FAILURES_LOGGED) }, 'JumpCloud alert poll finished with problems');
    else this.logger.debug({ ...this.summary }, 'JumpCloud alert poll finished');
    return this.summary;
  }

  private async ticketsPossible(): Promise<boolean> {
    if (!(await this.deps.integration().get())) return false;
    const gates = await this.deps.ticketing().settings.gates();
    return gates.automatedTicketing && [...gates.settings.values()].some((setting) => setting.createTickets);
  }

  /** Mapped, active organizations with their cursors; cursors of organizations no longer eligible go. */
  private async eligibleOrganizations(): Promise<EligibleOrganization[]> {
    const { providerId } = this.scope;
    await this.em.execute(
      `delete from jumpcloud_alert_cursors c where c.provider_id = ?
         and not exists (select 1 from mappings m join organizations o on o.id = m.organization_id
                         where m.provider_id = c.provider_id and m.organization_id = c.organization_id and o.active)`,
      [providerId],
    );
    const rows = await this.em.execute<{ id: string; external_id: string; name: string; start_time: Date | string | null; seen_event_ids: string[] | null }[]>(
      `select o.id, o.external_id, o.name, c.start_time, c.seen_event_ids
       from mappings m
       join organizations o on o.id = m.organization_id and o.active
       left join jumpcloud_alert_cursors c on c.provider_id = m.provider_id and c.organization_id = o.id
       where m.provider_id = ?
       order by o.name, o.id`,
      [providerId],
    );
    return rows.map((row) => ({
      id: row.id,
      externalId: row.external_id,
      name: row.name,
      startTime: row.start_time === null ? null : new Date(row.start_time),
      seenEventIds: Array.isArray(row.seen_event_ids) ? row.seen_event_ids : [],
    }));
  }

  private async pollOrganization(client: JumpCloudClient, organization: EligibleOrganization): Promise<void> {
    if (this.rejected) return;
    const position: ReadPosition = {
      time: organization.startTime ?? new Date(this.now.getTime() - ALERT_POLL_INTERVAL_MS),
      seen: new Set(organization.seenEventIds),
    };
    const stream = client.iterateDirectoryEvents({
      orgId: organization.externalId,
      startTime: position.time,
      services: JUMPCLOUD_ALERT_SERVICES,
      pageSize: this.deps.jumpCloud.eventPageSize,
    });
    let page: DirectoryEvent[] = [];
    let pageNumber = 0;
    try {
      for await (const event of stream) {
        // A new page is fetched only when its first event is asked for: hand over the previous one first.
        if (stream.pages !== pageNumber && page.length > 0) {
          await this.handOver(organization, position, page);
          page = [];
        }
        pageNumber = stream.pages;
        page.push(event);
      }
      this.read++;
      await this.handOver(organization, position, page);
      if (stream.skipped.length > 0) {
        this.summary.unreadableEvents += stream.skipped.length;
        this.failures.push(`${organization.name}: ${stream.skipped.length} event(s) could not be read and were skipped (${stream.skipped[0]!.reason})`);
      }
    } catch (error) {
      if (isJumpCloudError(error, 'unauthorized')) this.rejected ??= error;
      else if (isJumpCloudError(error)) {
        this.failures.push(`${organization.name}: ${error.message}`);
        if (error.kind === 'forbidden') this.forbidden ??= accessRefusedMessage(error, `the Directory Insights events of ${organization.name}`);
      }
      else {
        // Storing failed (the database, or an event intake refused): this organization's cursor stays.
        this.logger.error({ err: error, organizationId: organization.id }, 'could not store Directory Insights alerts');
        this.failures.push(`${organization.name}: its alerts could not be stored (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }

  /**
   * Stores a page's alerts and resolution events, then moves the organization's cursor past it: to the
   * newest event's time (not past now: a clock running ahead would hide the events after it), with the
   * ids seen at exactly that time. Events the cursor already covers (the ids seen at its time, which the
   * inclusive start time returns again) are dropped first.
   */
  private handOver(organization: EligibleOrganization, position: ReadPosition, page: DirectoryEvent[]): Promise<void> {
    const from = position.time.getTime();
    // Before the cursor's time, or at it and seen: handed over already (should JumpCloud return them).
    const events = page.filter((event) => !(timeOf(event) < from || (timeOf(event) === from && position.seen.has(event.id))));
    for (const event of events) {
      const ms = timeOf(event);
      if (Number.isNaN(ms) || ms > this.now.getTime()) continue;
      if (ms > position.time.getTime()) position.seen = new Set();
      position.time = new Date(ms);
      position.seen.add(event.id);
    }
    // Nothing new for an organization read before: its cursor stands.
    if (events.length === 0 && organization.startTime) return Promise.resolve();
    const cursor = { time: position.time, seen: [...position.seen] };
    this.summary.events += events.length;
    const classified = events.flatMap((event) => classifiedItem(event, organization.id, this.now) ?? []);
    const alerts = classified.filter((entry) => entry.kind === AlertEventKind.ALERT).map((entry) => entry.item);
    const resolutions = classified.filter((entry) => entry.kind === AlertEventKind.RESOLUTION).map((entry) => entry.item);
    this.summary.alerts += alerts.length;
    const write = async () => {
      const ticketing = this.deps.ticketing();
      if (alerts.length > 0) {
        const result = await ticketing.events.acceptAlerts(alerts, AlertSource.JUMPCLOUD_DIRECTORY_INSIGHTS, this.now);
        this.summary.accepted += result.accepted;
      }
      if (resolutions.length > 0) {
        const result = await ticketing.events.recordResolutions(resolutions, AlertSource.JUMPCLOUD_DIRECTORY_INSIGHTS, this.now);
        this.summary.resolutions += result.recorded;
      }
      await this.saveCursor(organization.id, cursor.time, cursor.seen);
    };
    const written = this.writes.then(write);
    // The next organization's write goes ahead whatever became of this one.
    this.writes = written.catch(() => undefined);
    return written;
  }

  // Raw SQL upsert (no QueryBuilder tenant filter), so provider_id is written out.
  private async saveCursor(organizationId: string, startTime: Date, seenEventIds: string[]): Promise<void> {
    await this.em.execute(
      `insert into jumpcloud_alert_cursors (id, created_at, updated_at, provider_id, organization_id, start_time, seen_event_ids)
       values (gen_random_uuid(), now(), now(), ?, ?, ?, ?::jsonb)
       on conflict (provider_id, organization_id) do update
         set start_time = excluded.start_time, seen_event_ids = excluded.seen_event_ids, updated_at = now()`,
      [this.scope.providerId, organizationId, startTime, JSON.stringify(seenEventIds)],
    );
  }
}

/** An event's time in milliseconds (NaN when unusable); the cursor compares at this precision. */
function timeOf(event: DirectoryEvent): number {
  return new Date(event.timestamp).getTime();
}

/**
 * The alert a Directory Insights event raises, as ticketing's intake takes it; undefined when the
 * event table maps it to none (resolution events included) or it lacks a usable time.
 */
export function alertItem(event: DirectoryEvent, organizationId: string, now: Date): AlertItem | undefined {
  const classified = classifiedItem(event, organizationId, now);
  return classified?.kind === AlertEventKind.ALERT ? classified.item : undefined;
}

/** An alert or resolution event as ticketing stores it (alertType: the alert raised or resolved); undefined for any other event. */
export function classifiedItem(event: DirectoryEvent, organizationId: string, now: Date): { kind: AlertEventKind; item: AlertItem } | undefined {
  const classified = classifyJumpCloudEvent(event.service ?? 'directory', event.event_type);
  if (!classified) return undefined;
  const { alertType } = classified;
  const occurred = new Date(event.timestamp);
  if (Number.isNaN(occurred.getTime())) return undefined;
  const occurredAt = occurred.getTime() > now.getTime() + FUTURE_SKEW_MS ? now : occurred;
  const item: AlertItem = {
    externalEventId: `jumpcloud:${event.id}`.slice(0, 200),
    alertType,
    organizationId,
    occurredAt,
    subject: subjectOf(event, alertDefinition(alertType).subjectKind),
    details: {
      jumpCloudEventId: event.id.slice(0, 200),
      service: event.service ?? null,
      eventType: event.event_type,
      success: event.success ?? null,
      clientIp: event.client_ip ?? null,
      initiatedBy: principal(event.initiated_by),
      resource: principal(event.resource),
    },
  };
  return { kind: classified.kind, item };
}

type Principal = DirectoryEvent['resource'];

function principal(value: Principal): Record<string, string> | null {
  if (!value) return null;
  const picked = Object.fromEntries(
    (['id', 'type', 'username', 'email', 'hostname', 'displayName'] as const).flatMap((key) => {
      const field = (value as Record<string, unknown>)[key];
      return typeof field === 'string' && field ? [[key, field.slice(0, MAX_DETAIL_TEXT)]] : [];
    }),
  );
  return Object.keys(picked).length > 0 ? picked : null;
}

/** Who or what the alert is about, for the ticket summary: the user's email or name, or the device's name. */
function subjectOf(event: DirectoryEvent, kind: 'user' | 'device'): string {
  const resource = (event.resource ?? {}) as Record<string, unknown>;
  const system = (typeof event.system === 'object' && event.system ? event.system : {}) as Record<string, unknown>;
  const initiator = (event.initiated_by ?? {}) as Record<string, unknown>;
  const candidates =
    kind === 'device'
      ? [system.displayName, system.hostname, resource.displayName, resource.hostname, resource.name, resource.id]
      : [resource.email, resource.username, event.username, initiator.email, initiator.username];
  const found = candidates.find((value): value is string => typeof value === 'string' && value.trim().length > 0);
  return (found?.trim() ?? `${kind} (JumpCloud event ${event.id})`).slice(0, MAX_SUBJECT);
}

