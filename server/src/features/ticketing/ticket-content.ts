import type { CreateTicketInput } from '../../connectwise/index.js';
import { alertDefinition, AlertType } from './alert-types.js';
import { externalXRefOf } from './alert-event.entity.js';

/** ConnectWise's limit on a ticket summary. */
export const MAX_SUMMARY_LENGTH = 100;
/** Kept well under anything ConnectWise accepts for a note; the full details stay in highwater. */
const MAX_DESCRIPTION_LENGTH = 4000;

export interface TicketSource {
  id: string;
  externalEventId: string;
  alertType: AlertType;
  subject: string;
  details: Record<string, unknown>;
  occurredAt: Date;
  organization: { name: string; externalId: string };
}

export interface TicketSettings {
  companyId: number;
  priorityId?: number | null;
  sourceId?: number | null;
  routing?: Partial<Record<'boardId' | 'statusId' | 'typeId' | 'subTypeId' | 'itemId', number | null>>;
  dueDays: number;
  timeZone: string;
}

/** "User Lockout — jdoe@acme.com", cut to 100 characters with an ellipsis. */
export function ticketSummary(alertType: AlertType, subject: string): string {
  const summary = `${alertDefinition(alertType).name} — ${subject.replace(/\s+/g, ' ').trim()}`;
  return summary.length <= MAX_SUMMARY_LENGTH ? summary : `${summary.slice(0, MAX_SUMMARY_LENGTH - 1).trimEnd()}…`;
}

/** The ticket's first note: what happened, to whom, where, and how to find the event in highwater. */
export function ticketDescription(event: TicketSource, timeZone: string): string {
  const definition = alertDefinition(event.alertType);
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(event.occurredAt);
  const lines = [
    `JumpCloud alert: ${definition.name}`,
    definition.description,
    '',
    `Organization: ${event.organization.name} (${event.organization.externalId})`,
    `${definition.subjectKind === 'device' ? 'Device' : 'User'}: ${event.subject}`,
    `Occurred: ${event.occurredAt.toISOString()} (${local.replace(',', '')} ${timeZone})`,
    `Event id: ${event.externalEventId}`,
  ];
  const details = Object.entries(event.details);
  if (details.length > 0) {
    lines.push('', 'Details:');
    for (const [key, value] of details) lines.push(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  lines.push('', `Opened by highwater (${externalXRefOf(event.id)}).`);
  const text = lines.join('\n');
  return text.length <= MAX_DESCRIPTION_LENGTH ? text : `${text.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`;
}

/**
 * The last second of the day `dueDays` after the event, on the calendar of `timeZone`, as UTC without
 * milliseconds ("2026-11-26T04:59:59Z" for 25 November + 0 days in New York): ConnectWise wants an
 * instant, the MSP thinks in their own days.
 */
export function requiredDate(occurredAt: Date, dueDays: number, timeZone: string): string {
  const { year, month, day } = calendarDate(occurredAt, timeZone);
  const due = new Date(Date.UTC(year, month - 1, day + dueDays));
  const endOfDay = zonedTimeToUtc(due.getUTCFullYear(), due.getUTCMonth() + 1, due.getUTCDate(), 23, 59, 59, timeZone);
  return endOfDay.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function ticketInput(event: TicketSource, settings: TicketSettings): CreateTicketInput {
  return {
    summary: ticketSummary(event.alertType, event.subject),
    companyId: settings.companyId,
    priorityId: settings.priorityId ?? undefined,
    sourceId: settings.sourceId ?? undefined,
    boardId: settings.routing?.boardId ?? undefined,
    statusId: settings.routing?.statusId ?? undefined,
    typeId: settings.routing?.typeId ?? undefined,
    subTypeId: settings.routing?.subTypeId ?? undefined,
    itemId: settings.routing?.itemId ?? undefined,
    requiredDate: requiredDate(event.occurredAt, settings.dueDays, settings.timeZone),
    initialDescription: ticketDescription(event, settings.timeZone),
    externalXRef: externalXRefOf(event.id),
  };
}

function calendarDate(instant: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = partsIn(instant, timeZone);
  return { year: parts.year, month: parts.month, day: parts.day };
}

/** The UTC instant at which the wall clock in `timeZone` reads the given time (DST-aware). */
function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Guess with the offset at the wall time read as UTC, then correct once with the offset at the guess:
  // enough for every zone's transitions, none of which happens at 23:59.
  let guess = wall - offsetMs(new Date(wall), timeZone);
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** How far the zone's wall clock is ahead of UTC at `instant`. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

function partsIn(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** An event as a note reports it. */
export interface NoteEvent {
  externalEventId: string;
  subject: string;
  occurredAt: Date;
  details: Record<string, unknown>;
}

/** At most this many events are listed one by one in a note; the rest are counted. */
const MAX_LISTED_EVENTS = 20;

/** Text we can find a note by after a crash: the incident and the note's number on it. */
export const noteMarkerOf = (incidentId: string, seq: number) => `highwater-note:${incidentId}:${seq}`;

const resolutionWording: Partial<Record<AlertType, string>> = {
  [AlertType.USER_LOCKOUT]: "The user's account was unlocked.",
  [AlertType.USER_PASSWORD_EXPIRED]: 'The user changed the expired password.',
  [AlertType.USER_ADMIN_ACCESS_GRANTED]: "The user's administrator rights were revoked.",
};

/** A coalesced note: every repeat since the last note, one line each (up to MAX_LISTED_EVENTS). */
export function repeatNoteText(alertType: AlertType, repeats: NoteEvent[], marker: string, timeZone: string): string {
  const name = alertDefinition(alertType).name;
  const count = repeats.length === 1 ? 'once more' : `${repeats.length} more times`;
  const lines = [`${name} happened again, ${count} since the last update:`, ...eventLines(repeats, timeZone), '', `Added by highwater (${marker}).`];
  return fitNote(lines.join('\n'));
}

/** The resolution note: what ended the condition, and any repeats not reported yet. */
export function resolutionNoteText(alertType: AlertType, resolution: NoteEvent, repeats: NoteEvent[], marker: string, timeZone: string, closing: boolean): string {
  const lines = [
    `Resolved: ${resolutionWording[alertType] ?? 'the condition ended.'}`,
    `Reported by JumpCloud at ${stamp(resolution.occurredAt, timeZone)} (event ${resolution.externalEventId}).`,
  ];
  if (repeats.length > 0) lines.push('', `Before that, ${alertDefinition(alertType).name} happened ${repeats.length} more time(s):`, ...eventLines(repeats, timeZone));
  lines.push('', closing ? 'highwater closes this ticket.' : 'Close this ticket when you have checked it.', `Added by highwater (${marker}).`);
  return fitNote(lines.join('\n'));
}

function eventLines(events: NoteEvent[], timeZone: string): string[] {
  const listed = events.slice(0, MAX_LISTED_EVENTS).map((event) => {
    const details = Object.entries(event.details)
      .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join('; ');
    return `- ${stamp(event.occurredAt, timeZone)} — event ${event.externalEventId}${details ? ` — ${details}` : ''}`;
  });
  if (events.length > MAX_LISTED_EVENTS) listed.push(`- … and ${events.length - MAX_LISTED_EVENTS} more (see highwater).`);
  return listed;
}

function stamp(instant: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(instant)
    .replace(',', '');
  return `${local} ${timeZone}`;
}

/** Long notes keep their end (the marker) and lose the middle of the list. */
function fitNote(text: string): string {
  if (text.length <= MAX_DESCRIPTION_LENGTH) return text;
  const tail = text.slice(text.lastIndexOf('\n\n'));
  return `${text.slice(0, MAX_DESCRIPTION_LENGTH - tail.length - 2)}…${tail}`;
}
