import { Entity, Enum, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from '../auth/admin.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { AlertType } from './alert-types.js';

/**
 * What happens when the same alert recurs. Only one ticket per event exists today; appending to the
 * open ticket of the same subject and alert type within N hours would be a second value here (with
 * its window as a new column), not a new shape.
 */
export enum AlertRecurrence {
  ONE_TICKET_PER_EVENT = 'one-ticket-per-event',
}
registerEnumType(AlertRecurrence, {
  name: 'AlertRecurrence',
  description: 'What a recurring alert does. ONE_TICKET_PER_EVENT: every event opens its own ticket.',
});

export const DEFAULT_DUE_DAYS = 1;
export const MAX_DUE_DAYS = 365;

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
 * None, no source, due in DEFAULT_DUE_DAYS). Priority and source names are kept beside their ids for
 * display, as ConnectWise called them when saved.
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

  @Enum({ items: () => AlertRecurrence, type: 'text', default: AlertRecurrence.ONE_TICKET_PER_EVENT })
  recurrence: AlertRecurrence & Opt = AlertRecurrence.ONE_TICKET_PER_EVENT;

  @ManyToOne({ entity: () => Admin, nullable: true, deleteRule: 'set null' })
  updatedBy?: Admin;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
