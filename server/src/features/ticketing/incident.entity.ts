import { Entity, Enum, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { Organization } from '../organizations/organization.entity.js';
import { AlertRecurrence } from './alert-settings.entity.js';
import { AlertType } from './alert-types.js';

export enum IncidentState {
  /** Its ticket is open (or being opened): repeats are noted on it, a resolution closes it. */
  OPEN = 'open',
  /** A resolution event arrived: the resolution note is written (and the ticket closed where asked). */
  RESOLVED = 'resolved',
  /** Over without a resolution (see endedReason): the next event of its kind opens a new incident. */
  ENDED = 'ended',
}
registerEnumType(IncidentState, { name: 'IncidentState' });

export enum IncidentEndReason {
  /** A technician closed the ticket in ConnectWise. */
  TICKET_CLOSED = 'ticket-closed',
  TICKET_DELETED = 'ticket-deleted',
  TICKET_MERGED = 'ticket-merged',
  /** A repeat came after the recurrence window: it opened a new incident instead. */
  WINDOW_EXPIRED = 'window-expired',
  /** Its ticket could not be opened (the first event is FAILED or was not ticketed). */
  NO_TICKET = 'no-ticket',
  /** "Disable integration & clear data" ran. */
  INTEGRATION_DISABLED = 'integration-disabled',
}
registerEnumType(IncidentEndReason, { name: 'IncidentEndReason', description: 'Why an incident ended without a resolution.' });

/** A ConnectWise write that may have been sent: committed before the request, cleared once recorded. */
export interface IncidentPendingWrite {
  kind: 'note' | 'resolution-note';
  /** Text in the note we can find it by after a crash. */
  marker: string;
  /** The events the note reports (repeats, and the resolution event). */
  eventIds: string[];
}

/**
 * One problem of one organization — an alert type and its subject (user or device) — and its one
 * ConnectWise ticket. Its first event opens the ticket; under NOTE_ON_OPEN_TICKET later events of the
 * same key join it (a coalesced note) while it is OPEN; a resolution event resolves it. The row is the
 * record of truth for its ConnectWise writes: the lease, the due time of its next write and the write
 * that may have been sent live here.
 */
@ObjectType('Incident', { description: 'One problem (organization, alert type, subject) and its one ConnectWise ticket.' })
@TenantScoped()
@Entity({ tableName: 'incidents' })
@Index({ properties: ['provider', 'createdAt'] })
@Index({ properties: ['provider', 'organization', 'alertType', 'subjectKey', 'state'] })
// The drain's claim: incidents with a write due.
@Index({ properties: ['provider', 'nextWorkAt'] })
export class Incident extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade' })
  organization!: Organization;

  @Field(() => AlertType)
  @Enum({ items: () => AlertType, type: 'text' })
  alertType!: AlertType;

  @Field(() => String, { description: 'The user or device, as its first event named it.' })
  @Property({ type: 'text' })
  subject!: string;

  /** The subject as events are matched on: trimmed, lower case. */
  @Property({ type: 'text' })
  subjectKey!: string;

  @Field(() => AlertRecurrence, { description: 'The policy it was opened under.' })
  @Enum({ items: () => AlertRecurrence, type: 'text' })
  recurrence!: AlertRecurrence;

  @Field(() => Int, { description: 'Hours after the first event within which repeats join it (NOTE_ON_OPEN_TICKET).' })
  @Property({ type: 'integer' })
  windowHours!: number;

  @Field(() => IncidentState)
  @Enum({ items: () => IncidentState, type: 'text', default: IncidentState.OPEN })
  state: IncidentState & Opt = IncidentState.OPEN;

  @Field(() => IncidentEndReason, { nullable: true })
  @Enum({ items: () => IncidentEndReason, type: 'text', nullable: true })
  endedReason?: IncidentEndReason | null;

  /** The event that opened it; the ticket's externalXRef is that event's. */
  @Property({ type: 'uuid' })
  openerEventId!: string;

  @Field(() => Int, { nullable: true, description: "The ConnectWise ticket (id = ticket number); null until it is opened." })
  @Property({ type: 'integer', nullable: true })
  ticketId?: number | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  ticketCompanyId?: number | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  ticketedAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { description: 'When its first event happened (the window counts from here).' })
  @Property({ type: 'datetime' })
  firstEventAt!: Date;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime' })
  lastEventAt!: Date;

  @Field(() => Int, { description: 'Alert events in it: the first and every repeat.' })
  @Property({ type: 'integer', default: 1 })
  eventCount: number & Opt = 1;

  @Field(() => Int, { description: 'Notes added to its ticket (repeats and resolution).' })
  @Property({ type: 'integer', default: 0 })
  notesAdded: number & Opt = 0;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastNoteAt?: Date | null;

  /** The resolution event that resolves it, once one arrived (its note may still be due). */
  @Property({ type: 'uuid', nullable: true })
  resolutionEventId?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the resolution note was written.' })
  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When highwater moved the ticket to a closed status.' })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  closedStatusId?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the ticket was not closed on resolution (e.g. a missing ConnectWise permission), or why the last write failed.' })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** When its next ConnectWise write is due (a coalesced note, the resolution); null when none is. */
  @Property({ type: 'datetime', nullable: true })
  nextWorkAt?: Date | null;

  /** Failed write attempts in a row; the delay before the next grows with it. */
  @Property({ type: 'integer', default: 0 })
  writeFailures: number & Opt = 0;

  /** A drain holds it until then. */
  @Property({ type: 'datetime', nullable: true })
  claimedUntil?: Date | null;

  @Property({ type: 'jsonb', nullable: true })
  pendingWrite?: IncidentPendingWrite | null;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

export enum IncidentActivityKind {
  TICKET_OPENED = 'ticket-opened',
  NOTE_ADDED = 'note-added',
  RESOLUTION_NOTE_ADDED = 'resolution-note-added',
  TICKET_CLOSED = 'ticket-closed',
  /** ConnectWise refused to close the ticket (message says why). */
  CLOSE_REFUSED = 'close-refused',
  /** The ticket was closed, deleted or merged in ConnectWise: nothing more is written to it. */
  TICKET_GONE = 'ticket-gone',
  /** The recurrence window passed: the next repeat opened a new incident. */
  WINDOW_EXPIRED = 'window-expired',
}
registerEnumType(IncidentActivityKind, { name: 'IncidentActivityKind' });

/** One step of an incident's life, with its time and the ConnectWise ids it touched. */
@ObjectType('IncidentActivity')
@TenantScoped()
@Entity({ tableName: 'incident_activities' })
@Index({ properties: ['incident', 'at'] })
export class IncidentActivity extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @ManyToOne({ entity: () => Incident, deleteRule: 'cascade' })
  incident!: Incident;

  @Field(() => IncidentActivityKind)
  @Enum({ items: () => IncidentActivityKind, type: 'text' })
  kind!: IncidentActivityKind;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime' })
  at!: Date;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  ticketId?: number | null;

  @Field(() => Int, { nullable: true, description: 'The ConnectWise note written (NOTE_ADDED, RESOLUTION_NOTE_ADDED).' })
  @Property({ type: 'integer', nullable: true })
  noteId?: number | null;

  @Field(() => Int, { nullable: true, description: 'The status the ticket was moved to (TICKET_CLOSED).' })
  @Property({ type: 'integer', nullable: true })
  statusId?: number | null;

  @Field(() => Int, { description: 'Events this step reported (a note lists every repeat since the last one).' })
  @Property({ type: 'integer', default: 0 })
  eventCount: number & Opt = 0;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  message?: string | null;
}
