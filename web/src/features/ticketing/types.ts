import type { AlertNotTicketedReason, AlertRecurrence, AlertType, IncidentActivityKind, IncidentEndReason } from '../../gql/graphql';

/** Where an alert type's tickets go; null: ConnectWise's (or the board's) default. */
export interface Routing {
  boardId: number | null;
  statusId: number | null;
  typeId: number | null;
  subTypeId: number | null;
  itemId: number | null;
  closedStatusId: number | null;
}

export type RoutingField = keyof Routing;

/** One alert type's settings as the edit dialog starts from them. */
export interface EditedAlert {
  alertType: AlertType;
  name: string;
  description: string;
  createTickets: boolean;
  priorityId: number | null;
  sourceId: number | null;
  dueDays: number;
  recurrence: AlertRecurrence;
  recurrenceWindowHours: number;
  closeOnResolve: boolean;
  /** The alert type has resolution events (a user unlocked, …). */
  resolvable: boolean;
  routing: Routing;
}

const notTicketedReasons: Record<AlertNotTicketedReason, string> = {
  ALERT_TYPE_OFF: 'this alert is turned off',
  AUTOMATED_TICKETING_OFF: 'automated ticketing is off',
  INTEGRATION_DISABLED: 'the integration was disabled',
  INTEGRATION_NOT_CONFIGURED: 'ConnectWise Manage is not connected',
  ORGANIZATION_NOT_MAPPED: 'the organization is not mapped',
};

export function notTicketedReason(reason: AlertNotTicketedReason | null | undefined): string {
  return reason ? notTicketedReasons[reason] : 'no reason recorded';
}

/** "Note on open ticket, 24 h" / "Ticket per event". */
export function recurrenceLabel(recurrence: AlertRecurrence, windowHours: number): string {
  return recurrence === 'NOTE_ON_OPEN_TICKET' ? `Note on open ticket, ${windowHours} h` : 'Ticket per event';
}

const endReasons: Record<IncidentEndReason, string> = {
  TICKET_CLOSED: 'ticket closed in ConnectWise',
  TICKET_DELETED: 'ticket deleted in ConnectWise',
  TICKET_MERGED: 'ticket merged in ConnectWise',
  WINDOW_EXPIRED: 'window passed: a repeat opened a new ticket',
  NO_TICKET: 'its ticket could not be opened',
  INTEGRATION_DISABLED: 'the integration was disabled',
};

export function endReason(reason: IncidentEndReason | null | undefined): string {
  return reason ? endReasons[reason] : 'ended';
}

export interface ActivityStep {
  kind: IncidentActivityKind;
  ticketId?: number | null;
  noteId?: number | null;
  statusId?: number | null;
  eventCount: number;
  message?: string | null;
}

/** One step of an incident's life in words, with its ConnectWise ids. */
export function activityLabel(step: ActivityStep): string {
  const repeats = step.eventCount === 1 ? '1 repeat' : `${step.eventCount} repeats`;
  switch (step.kind) {
    case 'TICKET_OPENED':
      return `Ticket #${step.ticketId} opened`;
    case 'NOTE_ADDED':
      return `Note #${step.noteId} added (${repeats})`;
    case 'RESOLUTION_NOTE_ADDED':
      return `Resolution note #${step.noteId} added`;
    case 'TICKET_CLOSED':
      return `Ticket #${step.ticketId} closed${step.message ? `: ${step.message}` : ''}`;
    case 'CLOSE_REFUSED':
      return `Not closed: ${step.message ?? 'ConnectWise refused'}`;
    case 'TICKET_GONE':
      return `Stopped: ${step.message ?? 'the ticket is gone in ConnectWise'}`;
    case 'WINDOW_EXPIRED':
      return `Window passed: ${step.message ?? 'the next repeat opens a new ticket'}`;
  }
}
