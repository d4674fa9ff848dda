import { Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from '../auth/admin.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { AlertType } from './alert-types.js';

/** What happens when the same alert (organization, alert type, subject) recurs. */
export enum AlertRecurrence {
  ONE_TICKET_PER_EVENT = 'one-ticket-per-event',
  NOTE_ON_OPEN_TICKET = 'note-on-open-ticket',
}
registerEnumType(AlertRecurrence, {
  name: 'AlertRecurrence',
  description:
    'What a recurring alert does. ONE_TICKET_PER_EVENT: every event opens its own ticket. NOTE_ON_OPEN_TICKET (default): ' +
    'while its ticket is open and within the window, a repeat adds a note to it (at most one note a minute, listing the repeats).',
});

export const DEFAULT_DUE_DAYS = 1;
export const MAX_DUE_DAYS = 365;
export const DEFAULT_RECURRENCE = AlertRecurrence.NOTE_ON_OPEN_TICKET;
export const DEFAULT_WINDOW_HOURS = 24;
/** 30 days. */
export const MAX_WINDOW_HOURS = 720;

/** The provider-wide switch: nothing opens a ticket while it is off (the default). */
@TenantScoped()
@Entity({ tableName: 'ticketing_settings' })
export class TicketingSettings extends BaseEntity {
  @Unique()
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Property({ type: 'boolean', default: false })
  automatedTicketing: boolean & Opt = false;

  @ManyToOne({ entity: () => Admin, nullable: true, deleteRule: 'set null' })
  updatedBy?: Admin;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

/**
 * One alert type's ticket settings. A type without a row uses the defaults (no tickets, priority
 * None, no source, due in DEFAULT_DUE_DAYS, ConnectWise's default board, NOTE_ON_OPEN_TICKET within
 * DEFAULT_WINDOW_HOURS, no close on resolve). Names are kept beside ids for display, as ConnectWise
 * called them when saved.
 */
@TenantScoped()
@Entity({ tableName: 'alert_settings' })
@Unique({ properties: ['provider', 'alertType'] })
export class AlertSetting extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Enum({ items: () => AlertType, type: 'text' })
  alertType!: AlertType;

  @Property({ type: 'boolean', default: false })
  createTickets: boolean & Opt = false;

  /** Null: None (ConnectWise applies its default priority). */
  @Property({ type: 'integer', nullable: true })
  priorityId?: number | null;

  @Property({ type: 'text', nullable: true })
  priorityName?: string | null;

  @Property({ type: 'integer', nullable: true })
  sourceId?: number | null;

  @Property({ type: 'text', nullable: true })
  sourceName?: string | null;

  @Property({ type: 'integer', default: DEFAULT_DUE_DAYS })
  dueDays: number & Opt = DEFAULT_DUE_DAYS;

  @Enum({ items: () => AlertRecurrence, type: 'text', default: DEFAULT_RECURRENCE })
  recurrence: AlertRecurrence & Opt = DEFAULT_RECURRENCE;

  @Property({ type: 'integer', default: DEFAULT_WINDOW_HOURS })
  recurrenceWindowHours: number & Opt = DEFAULT_WINDOW_HOURS;

  @Property({ type: 'boolean', default: false })
  closeOnResolve: boolean & Opt = false;

  /** Routing, all optional (ConnectWise's defaults when null); names as ConnectWise called them when saved. */
  @Property({ type: 'integer', nullable: true })
  boardId?: number | null;

  @Property({ type: 'text', nullable: true })
  boardName?: string | null;

  /** The status new tickets get (an open status of the board). */
  @Property({ type: 'integer', nullable: true })
  statusId?: number | null;

  @Property({ type: 'text', nullable: true })
  statusName?: string | null;

  @Property({ type: 'integer', nullable: true })
  typeId?: number | null;

  @Property({ type: 'text', nullable: true })
  typeName?: string | null;

  @Property({ type: 'integer', nullable: true })
  subTypeId?: number | null;

  @Property({ type: 'text', nullable: true })
  subTypeName?: string | null;

  @Property({ type: 'integer', nullable: true })
  itemId?: number | null;

  @Property({ type: 'text', nullable: true })
  itemName?: string | null;

  /** The closed status a resolution moves the ticket to; null: the ticket's board's first closed status. */
  @Property({ type: 'integer', nullable: true })
  closedStatusId?: number | null;

  @Property({ type: 'text', nullable: true })
  closedStatusName?: string | null;

  @ManyToOne({ entity: () => Admin, nullable: true, deleteRule: 'set null' })
  updatedBy?: Admin;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
