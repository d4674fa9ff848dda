import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { AppPubSub } from '../../graphql/pubsub.js';
import { AppError, ErrorCode } from '../../shared/errors.js';
import { requireId } from '../../shared/ids.js';
import { newestFirstPage, type Page } from '../../shared/pagination.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { AlertEvent, AlertEventStatus } from './alert-event.entity.js';
import { ALERT_EVENT_UPDATED, type AlertEventUpdate } from './alert-events.service.js';
import { AlertRecurrence } from './alert-settings.entity.js';
import type { EffectiveAlertSetting } from './alert-settings.service.js';
import { AlertEventKind, type AlertType } from './alert-types.js';
import { Incident, IncidentActivity, IncidentActivityKind, IncidentEndReason, IncidentState } from './incident.entity.js';
import type { IncidentFilter } from './ticketing.types.js';

/** PubSub topic, published after every committed change of an incident (a small notice; subscribers read the row). */
export const INCIDENT_UPDATED = 'INCIDENT_UPDATED';
export interface IncidentUpdate {
  providerId: string;
  incidentId: string;
}

/** How long a drain holds an incident it claimed (as for events: longer than any one write can take). */
export const INCIDENT_CLAIM_MS = 9 * 60_000;

/** Where an alert event went when it was placed. */
export type Placement = { role: 'opener'; incidentId: string } | { role: 'repeat'; incidentId: string };

export const subjectKeyOf = (subject: string) => subject.trim().toLowerCase();

export interface IncidentsDeps {
  pubSub: AppPubSub;
}

/**
 * Incidents: which events belong together, and their record. Every change that decides membership runs
 * in a transaction holding an advisory lock on the incident's key (provider, organization, alert type,
 * subject), so two processes placing events of one key, or an event and a resolution, see each other.
 */
export class IncidentsService {
  /** Incidents of events, batched: one query however many events are drawn (not cached, as activity). */
  readonly byId = new DataLoader<string, Incident | null>(async (ids) => {
    const found = await this.em.find(Incident, { id: { $in: [...ids] } }, { refresh: true });
    const byId = new Map(found.map((incident) => [incident.id, incident]));
    return ids.map((id) => byId.get(id) ?? null);
  }, { cache: false });

  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: IncidentsDeps,
  ) {}

  /**
   * Places a pending alert event: under NOTE_ON_OPEN_TICKET it joins its key's open incident (a repeat,
   * NOTE_PENDING: the incident's next note reports it) unless the window has passed since that
   * incident's first event; otherwise it opens a new incident and stays PENDING for its ticket. A
   * resolution that arrived before the event was placed, but happened after it, resolves the new incident.
   */
  async place(eventId: string, setting: EffectiveAlertSetting): Promise<Placement | null> {
    const touched: string[] = [];
    const placed = await this.em.transactional(async (em): Promise<Placement | null> => {
      const event = await em.findOne(AlertEvent, { id: eventId, status: AlertEventStatus.PENDING });
      if (!event) return null;
      if (event.incident) return { role: 'opener', incidentId: event.incident.id };
      const key = { organization: event.organization.id, alertType: event.alertType, subjectKey: subjectKeyOf(event.subject) };
      await lockKey(em, this.scope.providerId, key);
      if (setting.recurrence === AlertRecurrence.NOTE_ON_OPEN_TICKET) {
        const open = await em.findOne(
          Incident,
          { ...key, state: IncidentState.OPEN, recurrence: AlertRecurrence.NOTE_ON_OPEN_TICKET, resolutionEventId: null },
          { orderBy: { createdAt: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (open && event.occurredAt.getTime() > open.firstEventAt.getTime() + open.windowHours * 3_600_000) {
          Object.assign(open, { state: IncidentState.ENDED, endedReason: IncidentEndReason.WINDOW_EXPIRED, nextWorkAt: null });
          await this.requeueRepeats(em, open);
          this.activity(em, open, IncidentActivityKind.WINDOW_EXPIRED, { message: `a repeat came more than ${open.windowHours} h after the first event` });
          touched.push(open.id);
        } else if (open) {
          Object.assign(event, { incident: open, status: AlertEventStatus.NOTE_PENDING, ticketId: open.ticketId ?? null, nextAttemptAt: null, claimedUntil: null, error: null });
          open.eventCount += 1;
          if (event.occurredAt > open.lastEventAt) open.lastEventAt = event.occurredAt;
          // A note already due keeps its time (coalescing); otherwise the drain looks at it now.
          open.nextWorkAt ??= new Date();
          touched.push(open.id);
          return { role: 'repeat', incidentId: open.id };
        }
      }
      const incident = em.create(Incident, {
        provider: this.scope.providerId,
        ...key,
        subject: event.subject,
        recurrence: setting.recurrence,
        windowHours: setting.recurrenceWindowHours,
        openerEventId: event.id,
        firstEventAt: event.occurredAt,
        lastEventAt: event.occurredAt,
      });
      event.incident = incident;
      // A resolution stored before this event was placed, but that happened after it.
      const candidates = await em.find(
        AlertEvent,
        { kind: AlertEventKind.RESOLUTION, incident: null, organization: key.organization, alertType: key.alertType, occurredAt: { $gte: event.occurredAt } },
        { orderBy: { occurredAt: 'asc' }, limit: 100 },
      );
      const resolution = candidates.find((candidate) => subjectKeyOf(candidate.subject) === key.subjectKey);
      if (resolution) {
        resolution.incident = incident;
        incident.resolutionEventId = resolution.id;
      }
      touched.push(incident.id);
      return { role: 'opener', incidentId: incident.id };
    });
    for (const incidentId of touched) this.publish(incidentId);
    return placed;
  }

  /**
   * Resolution events just stored: each resolves the open incidents of its key whose first event came
   * before it (their resolution note is due now). Returns how many incidents it resolved.
   */
  async applyResolutions(eventIds: string[]): Promise<number> {
    let resolved = 0;
    for (const eventId of eventIds) {
      const touched = await this.em.transactional(async (em) => {
        const event = await em.findOne(AlertEvent, { id: eventId, kind: AlertEventKind.RESOLUTION, incident: null });
        if (!event) return [];
        const key = { organization: event.organization.id, alertType: event.alertType, subjectKey: subjectKeyOf(event.subject) };
        await lockKey(em, this.scope.providerId, key);
        const open = await em.find(
          Incident,
          { ...key, state: IncidentState.OPEN, resolutionEventId: null, firstEventAt: { $lte: event.occurredAt } },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        for (const incident of open) Object.assign(incident, { resolutionEventId: event.id, nextWorkAt: new Date() });
        if (open[0]) event.incident = open[0];
        return open;
      });
      resolved += touched.length;
      for (const incident of touched) this.publish(incident.id);
    }
    return resolved;
  }

  /**
   * Records the ticket its first event opened. Repeats placed meanwhile (or a resolution) make a write
   * due now: returns true then, so the caller wakes the drain.
   */
  async ticketOpened(incidentId: string, ticketId: number, companyId: number): Promise<boolean> {
    const due = await this.em.transactional(async (em) => {
      const incident = await em.findOne(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!incident || incident.ticketId != null) return false;
      Object.assign(incident, { ticketId, ticketCompanyId: companyId, ticketedAt: new Date() });
      await em.nativeUpdate(AlertEvent, { incident: incident.id, status: AlertEventStatus.NOTE_PENDING }, { ticketId });
      this.activity(em, incident, IncidentActivityKind.TICKET_OPENED, { ticketId, eventCount: 1 });
      const waiting = incident.resolutionEventId ? 1 : await em.count(AlertEvent, { incident: incident.id, status: AlertEventStatus.NOTE_PENDING });
      if (incident.state === IncidentState.OPEN && waiting > 0) incident.nextWorkAt = new Date();
      return incident.nextWorkAt != null;
    });
    this.publish(incidentId);
    return due;
  }

  /** Newest first. */
  async list(filter: IncidentFilter = {}, first = 50, after?: string): Promise<Page<Incident>> {
    if (first < 1 || first > 500) throw new AppError(ErrorCode.BadUserInput, 'first must be 1 to 500', { field: 'first' });
    const where: FilterQuery<Incident> = {};
    if (filter.state) where.state = filter.state;
    if (filter.alertType) where.alertType = filter.alertType;
    if (filter.organizationId) where.organization = requireId(filter.organizationId, 'filter.organizationId');
    return newestFirstPage(this.em, Incident, where, first, after);
  }

  async get(id: string): Promise<Incident> {
    const incident = await this.em.findOne(Incident, { id: requireId(id, 'id') });
    if (!incident) throw new AppError(ErrorCode.NotFound, `no incident with id ${id}`, { field: 'id' });
    return incident;
  }

  /** As it is now, on a fresh EntityManager (a subscription's context outlives many changes). */
  async current(id: string): Promise<Incident> {
    const incident = await this.em.fork().findOne(Incident, { id, provider: this.scope.providerId }, { filters: false });
    if (!incident) throw new AppError(ErrorCode.NotFound, `no incident with id ${id}`, { field: 'id' });
    return incident;
  }

  /** Steps of incidents, oldest first, batched: one query however many incidents a page shows. */
  private readonly activityByIncident = new DataLoader<string, IncidentActivity[]>(async (ids) => {
    const steps = await this.em.fork().find(IncidentActivity, { incident: { $in: [...ids] }, provider: this.scope.providerId }, { orderBy: { at: 'asc', createdAt: 'asc' }, filters: false });
    const byIncident = new Map<string, IncidentActivity[]>(ids.map((id) => [id, []]));
    for (const step of steps) byIncident.get(step.incident.id)?.push(step);
    return ids.map((id) => byIncident.get(id)!);
    // Not cached: a subscription's services outlive many changes of an incident.
  }, { cache: false });

  /** Its steps, oldest first. */
  activityOf(incidentId: string): Promise<IncidentActivity[]> {
    return this.activityByIncident.load(incidentId);
  }

  /** Its events (first, repeats, resolution), oldest first. */
  eventsOf(incidentId: string): Promise<AlertEvent[]> {
    return this.em.find(AlertEvent, { incident: incidentId }, { orderBy: { occurredAt: 'asc', createdAt: 'asc' }, limit: 200 });
  }

  /** Claims up to `limit` incidents with a write due (oldest due first), each held for INCIDENT_CLAIM_MS. */
  async claimDue(limit: number): Promise<string[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update incidents set claimed_until = now() + make_interval(secs => ?), updated_at = now()
       where id in (select id from incidents
                    where provider_id = ? and next_work_at <= now() and (claimed_until is null or claimed_until < now())
                    order by next_work_at limit ? for update skip locked)
       returning id`,
      [INCIDENT_CLAIM_MS / 1000, this.scope.providerId, limit],
    );
    return rows.map((row) => row.id);
  }

  /** When the next incident write not held by a drain is due, or null. */
  async nextWorkAt(): Promise<Date | null> {
    const [row] = await this.em.execute<{ next: Date | null }[]>(
      `select min(next_work_at) as next from incidents where provider_id = ? and (claimed_until is null or claimed_until < now())`,
      [this.scope.providerId],
    );
    return row?.next ? new Date(row.next) : null;
  }

  /**
   * Ends an incident whose ticket cannot take more (closed, deleted or merged in ConnectWise, or never
   * opened): its waiting repeats go back to the queue, where the first opens a new incident.
   */
  async end(incidentId: string, reason: IncidentEndReason, activity?: { kind: IncidentActivityKind; message: string; ticketId?: number | null }): Promise<void> {
    await this.em.transactional(async (em) => {
      const incident = await em.findOne(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!incident || incident.state !== IncidentState.OPEN) return;
      Object.assign(incident, { state: IncidentState.ENDED, endedReason: reason, nextWorkAt: null, claimedUntil: null, pendingWrite: null });
      await this.requeueRepeats(em, incident);
      if (activity) this.activity(em, incident, activity.kind, { message: activity.message, ticketId: activity.ticketId ?? incident.ticketId });
    });
    this.publish(incidentId);
  }

  /** Adds a step to the incident's record (flushed with the caller's transaction). */
  activity(
    em: EntityManager,
    incident: Incident,
    kind: IncidentActivityKind,
    values: { message?: string; ticketId?: number | null; noteId?: number | null; statusId?: number | null; eventCount?: number } = {},
  ): void {
    em.create(IncidentActivity, {
      provider: this.scope.providerId,
      incident,
      kind,
      at: new Date(),
      ticketId: values.ticketId ?? incident.ticketId ?? null,
      noteId: values.noteId ?? null,
      statusId: values.statusId ?? null,
      eventCount: values.eventCount ?? 0,
      message: values.message ?? null,
    });
  }

  publish(incidentId: string): void {
    this.deps.pubSub.publish(INCIDENT_UPDATED, { providerId: this.scope.providerId, incidentId } satisfies IncidentUpdate);
  }

  /** Events whose status a note changed (NOTE_PENDING → NOTED), for alertEventUpdated's subscribers. */
  publishEvents(eventIds: readonly string[], status: AlertEventStatus): void {
    for (const eventId of eventIds) {
      this.deps.pubSub.publish(ALERT_EVENT_UPDATED, { providerId: this.scope.providerId, eventId, status } satisfies AlertEventUpdate);
    }
  }

  /** Repeats still waiting for a note go back to the queue (no incident): the first to be placed opens a new one. */
  private async requeueRepeats(em: EntityManager, incident: Incident): Promise<void> {
    await em.nativeUpdate(
      AlertEvent,
      { incident: incident.id, status: AlertEventStatus.NOTE_PENDING },
      { status: AlertEventStatus.PENDING, incident: null, ticketId: null, nextAttemptAt: new Date(), claimedUntil: null },
    );
  }
}

/** For "disable integration & clear data": open incidents end (nothing more is written to their tickets); they stay as history. */
export async function endOpenIncidents(em: EntityManager, scope: TenantScope): Promise<number> {
  return em.nativeUpdate(
    Incident,
    { provider: scope.providerId, state: IncidentState.OPEN },
    { state: IncidentState.ENDED, endedReason: IncidentEndReason.INTEGRATION_DISABLED, nextWorkAt: null, claimedUntil: null, pendingWrite: null },
  );
}

/** Serializes every decision about one key's incidents, across processes, until the transaction ends. */
async function lockKey(em: EntityManager, providerId: string, key: { organization: string; alertType: AlertType; subjectKey: string }): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`incident:${providerId}:${key.organization}:${key.alertType}:${key.subjectKey}`]);
}
