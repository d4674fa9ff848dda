import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Admin } from '../auth/admin.entity.js';
import { AlertEvent, AlertEventStatus } from './alert-event.entity.js';
import { AlertRecurrence } from './alert-settings.entity.js';
import { AlertEventKind, AlertType } from './alert-types.js';

@ObjectType({ description: 'An alert of the catalogue.' })
export class AlertDefinition {
  @Field(() => AlertType)
  id!: AlertType;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String)
  description!: string;
}

@ObjectType({ description: 'A ConnectWise priority or source, as the instance names it.' })
export class TicketOption {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: "ConnectWise's default." })
  isDefault!: boolean;

  @Field(() => String, { nullable: true, description: "Priorities: ConnectWise's level for it (e.g. High, Medium, Low)." })
  level?: string;
}

@ObjectType({ description: 'Choices for alert tickets, read live from ConnectWise. Priority may also be None (null).' })
export class AlertTicketOptions {
  @Field(() => [TicketOption])
  priorities!: TicketOption[];

  @Field(() => [TicketOption])
  sources!: TicketOption[];

  @Field(() => Int)
  maxDueDays!: number;
}

@ObjectType()
export class TicketOptionRef {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  name!: string;
}

@ObjectType('AlertSetting', { description: "One alert type's ticket settings (defaults until saved)." })
export class AlertSettingView {
  @Field(() => AlertDefinition)
  alert!: AlertDefinition;

  @Field(() => Boolean, { description: 'Open tickets for this alert (also needs automatedTicketing on and a mapped organization).' })
  createTickets!: boolean;

  @Field(() => TicketOptionRef, { nullable: true, description: 'Null: None (ConnectWise applies its default priority).' })
  priority?: TicketOptionRef | null;

  @Field(() => TicketOptionRef, { nullable: true })
  source?: TicketOptionRef | null;

  @Field(() => Int, { description: 'The ticket is due at the end of this many days after the event, in the billing time zone.' })
  dueDays!: number;

  @Field(() => AlertRecurrence)
  recurrence!: AlertRecurrence;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  updatedAt?: Date;
}

@ObjectType('TicketingSettings')
export class TicketingSettingsView {
  @Field(() => Boolean, { description: 'Off by default: while off no alert opens a ticket.' })
  automatedTicketing!: boolean;

  @Field(() => [AlertSettingView], { description: 'Every alert of the catalogue, in catalogue order.' })
  alerts!: AlertSettingView[];

  @Field(() => Admin, { nullable: true })
  updatedBy?: Admin;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  updatedAt?: Date;
}

@InputType({ description: "One alert type's settings; the whole setting is replaced." })
export class AlertSettingInput {
  @Field(() => AlertType)
  alertType!: AlertType;

  @Field(() => Boolean)
  createTickets!: boolean;

  @Field(() => Int, { nullable: true, description: 'A priority id from alertTicketOptions, or null for None.' })
  priorityId?: number | null;

  @Field(() => Int, { nullable: true, description: 'A source id from alertTicketOptions, or null for none.' })
  sourceId?: number | null;

  @Field(() => Int, { description: '0 to 365.' })
  dueDays!: number;

  @Field(() => AlertRecurrence, { nullable: true, description: 'Default ONE_TICKET_PER_EVENT.' })
  recurrence?: AlertRecurrence | null;
}

@InputType({ description: 'One security alert. Name the organization by id or by externalOrgId.' })
export class AlertInput {
  @Field(() => String, { description: "The sender's unique id for the event; sending it again is a no-op." })
  externalEventId!: string;

  @Field(() => AlertType)
  alertType!: AlertType;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: "The organization's externalId (e.g. JumpCloud's org id)." })
  externalOrgId?: string | null;

  @Field(() => GraphQLDateTimeISO)
  occurredAt!: Date;

  @Field(() => String, { description: 'The user (e.g. email) or device (e.g. host name) the alert is about.' })
  subject!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Anything worth putting in the ticket (at most 8 KB as JSON).' })
  details?: Record<string, unknown> | null;
}

@ObjectType()
export class ReportAlertsResult {
  @Field(() => Int, { description: 'New events stored by this call.' })
  accepted!: number;

  @Field(() => Int, { description: 'Events already stored (same externalEventId): not stored again.' })
  duplicates!: number;

  @Field(() => [AlertEvent], { description: 'The stored event of every item, in input order (a replay gets the original).' })
  events!: AlertEvent[];
}

@InputType()
export class AlertEventFilter {
  @Field(() => AlertEventStatus, { nullable: true })
  status?: AlertEventStatus | null;

  @Field(() => AlertType, { nullable: true })
  alertType?: AlertType | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => AlertEventKind, { nullable: true, description: 'Default ALERT; RESOLUTION lists the stored resolution events instead.' })
  kind?: AlertEventKind | null;
}
