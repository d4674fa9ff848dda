import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { isConnectWiseError, type ConnectWiseClient, type Ticket, type TicketNote } from '../../connectwise/index.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { Provider } from '../auth/provider.entity.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import { AlertEvent, AlertEventStatus } from './alert-event.entity.js';
import type { AlertSettingsService, EffectiveAlertSetting } from './alert-settings.service.js';
import type { TicketRetryPolicy } from './alert-events.service.js';
import { Incident, IncidentActivityKind, IncidentEndReason, IncidentState, type IncidentPendingWrite } from './incident.entity.js';
import type { IncidentsService } from './incidents.service.js';
import { noteMarkerOf, repeatNoteText, resolutionNoteText } from './ticket-content.js';
import type { ReadTicket } from './ticket-reader.js';
import { closedStatusFor } from './ticket-routing.js';

/** An incident gets at most one note this often: repeats in between are listed in the next one. */
export const DEFAULT_NOTE_INTERVAL_MS = 60_000;

/** Note due times are rounded up to these slots, so incidents falling due together share a ticket read. */
const NOTE_SLOT_MS = 5_000;

export interface IncidentWorkOptions {
  policy: TicketRetryPolicy;
  noteIntervalMs: number;
  /** The drain's batched reader (see ticket-reader.ts); default: one request per read. */
  readTicket?: ReadTicket;
}

export interface IncidentWorkDeps {
  integration: IntegrationService;
  settings: AlertSettingsService;
  incidents: IncidentsService;
  logger: Logger;
}

/**
 * The ConnectWise writes of one incident a drain claimed: the resolution note and close, or a coalesced
 * note of its repeats. Every write is made exactly once: a note's marker is committed before it is sent
 * and looked for before it is sent again; the ticket is read first (one closed, deleted or merged in
 * ConnectWise is never written to), which also tells whether a close already happened.
 */
export class IncidentWork {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
    private readonly deps: IncidentWorkDeps,
  ) {}

  async run(incidentId: string, options: IncidentWorkOptions): Promise<void> {
    const incident = await this.em.findOne(Incident, { id: incidentId });
    if (!incident) return;
    try {
      await this.step(incident, options);
    } catch (error) {
      await this.failed(incident, error, options.policy);
    }
    this.deps.incidents.publish(incident.id);
  }

  private async step(incident: Incident, options: IncidentWorkOptions): Promise<void> {
    // Its ticket is still being opened (the opening event's success looks for work), or it is over.
    if (incident.state !== IncidentState.OPEN || incident.ticketId == null) return this.release(incident, options);
    const ticketId = incident.ticketId;
    const setting = (await this.deps.settings.gates()).settings.get(incident.alertType)!;
    const provider = await this.em.findOneOrFail(Provider, { id: this.scope.providerId }, { filters: false });
    const timeZone = provider.billingTimeZone;

    await this.deps.integration.call(async (client) => {
      if (incident.pendingWrite && !(await this.recover(client, incident, incident.pendingWrite))) return;
      const readTicket = () => (options.readTicket ? options.readTicket(ticketId) : client.ticket(ticketId));
      if (incident.resolutionEventId) {
        const ticket = await readTicket();
        if (!incident.resolvedAt) {
          const gone = goneReason(ticket);
          if (gone) return this.ticketGone(incident, gone, 'before the resolution: no note written');
          await this.writeNote(client, incident, 'resolution-note', timeZone, setting.closeOnResolve);
        }
        if (setting.closeOnResolve && !incident.closedAt && ticket) await this.close(client, incident, ticket, setting);
        await this.update(incident, { state: IncidentState.RESOLVED, nextWorkAt: null, claimedUntil: null });
        return;
      }
      // The ticket is read only when a note is due: a repeat arriving between notes costs no request.
      const dueAt = incident.lastNoteAt ? incident.lastNoteAt.getTime() + options.noteIntervalMs : 0;
      if (dueAt > Date.now() || (await this.waitingRepeats(incident)).length === 0) return;
      const gone = goneReason(await readTicket());
      if (gone) return this.ticketGone(incident, gone, 'repeats open a new ticket');
      await this.writeNote(client, incident, 'note', timeZone, false);
    });
    if (incident.state === IncidentState.OPEN) await this.release(incident, options);
  }

  /** A note that may have been sent before a crash: recorded if ConnectWise has it. False when the ticket is gone. */
  private async recover(client: ConnectWiseClient, incident: Incident, write: IncidentPendingWrite): Promise<boolean> {
    let found: TicketNote | null;
    try {
      found = await client.findTicketNote(incident.ticketId!, write.marker);
    } catch (error) {
      if (!isConnectWiseError(error, 'not-found')) throw error;
      await this.ticketGone(incident, IncidentEndReason.TICKET_DELETED, 'repeats open a new ticket');
      return false;
    }
    if (found) {
      this.deps.logger.info({ incidentId: incident.id, noteId: found.id }, 'found the note an earlier attempt wrote; recording it');
      await this.recordNote(incident, write, found.id);
    } else {
      await this.update(incident, { pendingWrite: null });
    }
    return true;
  }

  private async writeNote(client: ConnectWiseClient, incident: Incident, kind: IncidentPendingWrite['kind'], timeZone: string, closing: boolean): Promise<void> {
    const repeats = await this.waitingRepeats(incident);
    const marker = noteMarkerOf(incident.id, incident.notesAdded + 1);
    let text: string;
    const eventIds = repeats.map((event) => event.id);
    if (kind === 'resolution-note') {
      const resolution = await this.em.findOneOrFail(AlertEvent, { id: incident.resolutionEventId! });
      text = resolutionNoteText(incident.alertType, resolution, repeats, marker, timeZone, closing);
      eventIds.push(resolution.id);
    } else {
      text = repeatNoteText(incident.alertType, repeats, marker, timeZone);
    }
    const write: IncidentPendingWrite = { kind, marker, eventIds };
    // Committed before the request: if we never hear back, the next attempt looks for the marker first.
    await this.update(incident, { pendingWrite: write });
    const note = await client.addTicketNote(incident.ticketId!, {
      text,
      detailDescriptionFlag: true,
      resolutionFlag: kind === 'resolution-note',
    });
    await this.recordNote(incident, write, note.id);
  }

  private async recordNote(incident: Incident, write: IncidentPendingWrite, noteId: number): Promise<void> {
    const now = new Date();
    const repeatIds = write.eventIds.filter((id) => id !== incident.resolutionEventId);
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(
        AlertEvent,
        { id: { $in: repeatIds }, status: AlertEventStatus.NOTE_PENDING },
        { status: AlertEventStatus.NOTED, noteId, ticketId: incident.ticketId, ticketedAt: now, error: null },
      );
      await this.lockedUpdate(em, incident, {
        notesAdded: incident.notesAdded + 1,
        lastNoteAt: now,
        pendingWrite: null,
        writeFailures: 0,
        error: null,
        ...(write.kind === 'resolution-note' ? { resolvedAt: now } : {}),
      });
      const kind = write.kind === 'resolution-note' ? IncidentActivityKind.RESOLUTION_NOTE_ADDED : IncidentActivityKind.NOTE_ADDED;
      this.deps.incidents.activity(em, incident, kind, { noteId, eventCount: repeatIds.length });
    });
    this.deps.incidents.publishEvents(repeatIds, AlertEventStatus.NOTED);
  }

  /**
   * Moves the ticket to the chosen closed status of its board (else the board's first). A ticket found
   * closed already (our close whose answer was lost) is recorded, not patched again. A refusal (the API
   * member may not close tickets) is recorded on the incident: the note stands, the ticket stays open.
   */
  private async close(client: ConnectWiseClient, incident: Incident, ticket: Ticket, setting: EffectiveAlertSetting): Promise<void> {
    if (ticket.closedFlag) return this.recordClosed(incident, ticket.status?.id ?? null, `closed in ConnectWise (status ${ticket.status?.name ?? 'unknown'})`);
    const boardId = ticket.board?.id ?? null;
    const statuses = boardId ? await client.boardStatuses(boardId) : [];
    const target = closedStatusFor(statuses, setting.routing.boardId === boardId ? setting.routing.closedStatusId : null);
    if (!target) return this.closeRefused(incident, `board ${ticket.board?.name ?? boardId ?? '(none)'} has no closed status to move the ticket to`);
    try {
      await client.setTicketStatus(ticket.id, target.id);
    } catch (error) {
      if (!isConnectWiseError(error, 'forbidden')) throw error;
      const permission = error.permission ? `${error.permission.level ?? ''} ${error.permission.area}`.trim() : 'Service Desk > Close Service Tickets';
      return this.closeRefused(
        incident,
        `ConnectWise refused to close ticket #${ticket.id}: the API member's security role lacks “${permission}”. The resolution note is written; give the role that permission to have tickets closed.`,
      );
    }
    await this.recordClosed(incident, target.id, `moved to “${target.name}”`);
  }

  private async recordClosed(incident: Incident, statusId: number | null, message: string): Promise<void> {
    await this.em.transactional(async (em) => {
      await this.lockedUpdate(em, incident, { closedAt: new Date(), closedStatusId: statusId, error: null });
      this.deps.incidents.activity(em, incident, IncidentActivityKind.TICKET_CLOSED, { statusId, message });
    });
  }

  private async closeRefused(incident: Incident, message: string): Promise<void> {
    await this.em.transactional(async (em) => {
      await this.lockedUpdate(em, incident, { error: message });
      this.deps.incidents.activity(em, incident, IncidentActivityKind.CLOSE_REFUSED, { message });
    });
  }

  private async ticketGone(incident: Incident, reason: IncidentEndReason, consequence: string): Promise<void> {
    const what = { [IncidentEndReason.TICKET_DELETED]: 'deleted', [IncidentEndReason.TICKET_MERGED]: 'merged into another ticket' }[reason as string] ?? 'closed';
    await this.deps.incidents.end(incident.id, reason, {
      kind: IncidentActivityKind.TICKET_GONE,
      message: `ticket #${incident.ticketId} was ${what} in ConnectWise; ${consequence}`,
    });
    incident.state = IncidentState.ENDED;
  }

  private waitingRepeats(incident: Incident): Promise<AlertEvent[]> {
    return this.em.find(AlertEvent, { incident: incident.id, status: AlertEventStatus.NOTE_PENDING }, { orderBy: { occurredAt: 'asc', createdAt: 'asc' }, refresh: true });
  }

  /**
   * Lets go of the incident with its next write's due time: now for a resolution, else a minute after
   * the last note while repeats wait. The row is locked first, so a repeat placed meanwhile is seen
   * (placing one sets the due time itself when none is set).
   */
  private async release(incident: Incident, options: IncidentWorkOptions): Promise<void> {
    await this.em.transactional(async (em) => {
      const row = await em.findOne(Incident, { id: incident.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!row) return;
      let next: Date | null = null;
      if (row.state === IncidentState.OPEN && row.ticketId != null) {
        const waiting = row.resolutionEventId ? 1 : await em.count(AlertEvent, { incident: row.id, status: AlertEventStatus.NOTE_PENDING });
        if (waiting > 0 && (row.resolutionEventId || !row.lastNoteAt)) next = new Date();
        else if (waiting > 0) next = new Date(Math.max(Date.now(), Math.ceil((row.lastNoteAt!.getTime() + options.noteIntervalMs) / NOTE_SLOT_MS) * NOTE_SLOT_MS));
      }
      row.nextWorkAt = next;
      row.claimedUntil = null;
    });
  }

  /** A write failed: tried again with backoff, up to the policy's attempts; the error is shown on the incident. */
  private async failed(incident: Incident, error: unknown, policy: TicketRetryPolicy): Promise<void> {
    let message: string;
    if (error instanceof AppError) {
      message = error.message;
    } else {
      this.deps.logger.error({ err: error, incidentId: incident.id }, 'unexpected error writing to an incident’s ticket');
      message = `unexpected error (logged with incident ${incident.id})`;
    }
    const current = await this.em.findOne(Incident, { id: incident.id }, { refresh: true });
    if (!current) return;
    const failures = current.writeFailures + 1;
    const gaveUp = failures >= policy.maxAttempts;
    const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
    await this.em.transactional(async (em) => {
      await this.lockedUpdate(em, current, {
        writeFailures: failures,
        error: gaveUp ? `${message} (gave up after ${failures} attempts; a new event tries again)` : message,
        nextWorkAt: gaveUp ? null : new Date(Date.now() + delay),
        claimedUntil: null,
      });
    });
  }

  /** Changes the incident's row on its own (committed at once) and on the loaded entity. */
  private async update(incident: Incident, values: Partial<Incident>): Promise<void> {
    await this.em.transactional((em) => this.lockedUpdate(em, incident, values));
  }

  private async lockedUpdate(em: EntityManager, incident: Incident, values: Partial<Incident>): Promise<void> {
    await em.findOne(Incident, { id: incident.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
    await em.nativeUpdate(Incident, { id: incident.id }, { ...values, updatedAt: new Date() });
    Object.assign(incident, values);
  }
}

/** Why a ticket can take no more from us, or null while it is open. */
function goneReason(ticket: Ticket | null): IncidentEndReason | null {
  if (!ticket) return IncidentEndReason.TICKET_DELETED;
  if (ticket.mergedParentTicket?.id) return IncidentEndReason.TICKET_MERGED;
  if (ticket.closedFlag) return IncidentEndReason.TICKET_CLOSED;
  return null;
}
