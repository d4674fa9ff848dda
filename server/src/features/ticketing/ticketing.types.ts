import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Admin } from '../auth/admin.entity.js';
import { AlertEvent, AlertEventStatus } from './alert-event.entity.js';
import { AlertRecurrence } from './alert-settings.entity.js';
import { AlertEventKind, AlertType } from './alert-types.js';
import { IncidentState } from './incident.entity.js';

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

  @Field(() => [TicketOption], { description: 'Active service boards; the rest of the routing depends on the board (serviceBoardOptions).' })
  boards!: TicketOption[];

  @Field(() => Int)
  maxDueDays!: number;
}

@ObjectType({ description: 'A status of a service board.' })
export class BoardStatusOption {
  @Field(() => Int)
  id!: number;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'A closed status (ConnectWise closedStatus): what a resolution may close tickets with.' })
  closed!: boolean;

  @Field(() => Boolean, { description: "The board's default status for new tickets." })
  isDefault!: boolean;
}

@ObjectType({ description: "One service board's routing choices, read live from ConnectWise." })
export class ServiceBoardOptions {
  @Field(() => Int)
  boardId!: number;

  @Field(() => [BoardStatusOption], { description: 'Active statuses, in the board’s order.' })
  statuses!: BoardStatusOption[];

  @Field(() => [TicketOption])
  types!: TicketOption[];

  @Field(() => [TicketOption])
  subTypes!: TicketOption[];

  @Field(() => [TicketOption])
  items!: TicketOption[];
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

  @Field(() => Int, { description: 'NOTE_ON_OPEN_TICKET: hours after an incident’s first event within which repeats join it; a later repeat opens a new ticket.' })
  recurrenceWindowHours!: number;

  @Field(() => Boolean, { description: 'When a resolution event arrives (e.g. the user was unlocked), move the ticket to a closed status after the resolution note.' })
  closeOnResolve!: boolean;

  @Field(() => TicketOptionRef, { nullable: true, description: "Null: ConnectWise's default board." })
  board?: TicketOptionRef | null;

  @Field(() => TicketOptionRef, { nullable: true, description: "The status new tickets get; null: the board's default." })
  status?: TicketOptionRef | null;

  @Field(() => TicketOptionRef, { nullable: true })
  type?: TicketOptionRef | null;

  @Field(() => TicketOptionRef, { nullable: true })
  subType?: TicketOptionRef | null;

  @Field(() => TicketOptionRef, { nullable: true })
  item?: TicketOptionRef | null;

  @Field(() => TicketOptionRef, { nullable: true, description: "The closed status a resolution uses; null: the ticket's board's first closed status." })
  closedStatus?: TicketOptionRef | null;

  @Field(() => Boolean, { description: 'This alert type has resolution events (all but Disk Encryption Key Decrypted).' })
  resolvable!: boolean;

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

  @Field(() => AlertRecurrence, { nullable: true, description: 'Omitted or null: unchanged (NOTE_ON_OPEN_TICKET for a type never saved).' })
  recurrence?: AlertRecurrence | null;

  @Field(() => Int, { nullable: true, description: '1 to 720. Omitted or null: unchanged (24 for a type never saved).' })
  recurrenceWindowHours?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Omitted or null: unchanged (false for a type never saved).' })
  closeOnResolve?: boolean | null;

  @Field(() => Int, { nullable: true, description: "A board id from alertTicketOptions.boards; null: ConnectWise's default board. Omitted: unchanged." })
  boardId?: number | null;

  @Field(() => Int, { nullable: true, description: 'An open status of the board (serviceBoardOptions) for new tickets; needs boardId. Omitted: unchanged.' })
  statusId?: number | null;

  @Field(() => Int, { nullable: true, description: 'A type of the board; needs boardId. Omitted: unchanged.' })
  typeId?: number | null;

  @Field(() => Int, { nullable: true, description: 'A subtype of the board; needs boardId. Omitted: unchanged.' })
  subTypeId?: number | null;

  @Field(() => Int, { nullable: true, description: 'An item of the board; needs boardId. Omitted: unchanged.' })
  itemId?: number | null;

  @Field(() => Int, { nullable: true, description: "A closed status of the board for resolutions; needs boardId; null: the board's first closed status. Omitted: unchanged." })
  closedStatusId?: number | null;
}

@InputType({ description: 'One security alert. Name the organization by id or by externalOrgId.' })
export class AlertInput {
  @Field(() => String, { description: "The sender's unique id for the event; sending it again is a no-op." })
  externalEventId!: string;

  @Field(() => AlertType, { description: 'The alert raised, or (kind RESOLUTION) the alert whose condition the event ends.' })
  alertType!: AlertType;

  @Field(() => AlertEventKind, { nullable: true, description: 'Default ALERT. RESOLUTION: the condition ended (e.g. the user was unlocked); it resolves the open incident of the same organization, alert type and subject.' })
  kind?: AlertEventKind | null;

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

  @Field(() => ID, { nullable: true, description: 'The events of one incident.' })
  incidentId?: string | null;
}

@InputType()
export class IncidentFilter {
  @Field(() => IncidentState, { nullable: true })
  state?: IncidentState | null;

  @Field(() => AlertType, { nullable: true })
  alertType?: AlertType | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;
}
