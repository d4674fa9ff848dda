import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { Organization } from '../organizations/organization.entity.js';
import { AlertEventKind, AlertType } from './alert-types.js';
import { Incident } from './incident.entity.js';

export enum AlertEventStatus {
  /** Stored; the ticket job has not finished with it yet (it may be waiting to retry: see error, nextAttemptAt). */
  PENDING = 'pending',
  TICKETED = 'ticketed',
  /** A gate was closed (see notTicketedReason); ConnectWise was not called. */
  NOT_TICKETED = 'not-ticketed',
  /** Every attempt failed, or ConnectWise refused the ticket; see error. retryAlert queues it again. */
  FAILED = 'failed',
  /** A RESOLUTION event: stored; when it matched an open incident (see incident), that incident is resolved. */
  RECORDED = 'recorded',
  /** A repeat of an open incident (NOTE_ON_OPEN_TICKET): waits for the incident's next note (at most one a minute). */
  NOTE_PENDING = 'note-pending',
  /** A repeat reported in a note on its incident's ticket (noteId). */
  NOTED = 'noted',
}
registerEnumType(AlertEventStatus, { name: 'AlertEventStatus' });

export enum AlertNotTicketedReason {
  INTEGRATION_NOT_CONFIGURED = 'integration-not-configured',
  AUTOMATED_TICKETING_OFF = 'automated-ticketing-off',
  ALERT_TYPE_OFF = 'alert-type-off',
  ORGANIZATION_NOT_MAPPED = 'organization-not-mapped',
  /** The integration was disabled (and its data cleared) before the ticket was created. */
  INTEGRATION_DISABLED = 'integration-disabled',
}
registerEnumType(AlertNotTicketedReason, { name: 'AlertNotTicketedReason', description: 'Which gate kept an alert from opening a ticket.' });

export enum AlertSource {
  API = 'api',
  JUMPCLOUD_DIRECTORY_INSIGHTS = 'jumpcloud-directory-insights',
}
registerEnumType(AlertSource, { name: 'AlertSource', description: 'How the alert reached highwater.' });

/** Our idempotency key in ConnectWise's externalXRef (≤ 100 characters): stable for the event's life. */
export const externalXRefOf = (eventId: string) => `highwater:${eventId}`;

/**
 * One security alert of one organization (kind ALERT), or an event that resolves one (kind RESOLUTION,
 * e.g. a locked-out user unlocked: stored as RECORDED, it resolves the open incident of its key). An
 * alert is stored before anything else happens (unique per provider and external event id, so a replay
 * is the same event), then placed in an incident by the ticket job: the first event of an incident
 * opens its ConnectWise ticket, a repeat waits for the incident's next note. The row is the record of
 * truth for the job: attempts, lease and the "a POST may have been sent" mark live here, not in Agenda.
 */
@ObjectType('AlertEvent')
@TenantScoped()
@Entity({ tableName: 'alert_events' })
@Unique({ properties: ['provider', 'externalEventId'] })
@Index({ properties: ['provider', 'createdAt'] })
@Index({ properties: ['provider', 'status', 'createdAt'] })
@Index({ properties: ['organization', 'createdAt'] })
// The stalled-event sweep: pending rows by due time.
@Index({ properties: ['status', 'nextAttemptAt'] })
@Index({ properties: ['incident', 'status'] })
export class AlertEvent extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade' })
  organization!: Organization;

  @Field(() => String, { description: "The sender's id for the event (e.g. the Directory Insights event id); unique per provider." })
  @Property({ type: 'text' })
  externalEventId!: string;

  @Field(() => AlertEventKind, { description: 'ALERT, or RESOLUTION: an event that ends the condition of an alert of alertType (stored only).' })
  @Enum({ items: () => AlertEventKind, type: 'text', default: AlertEventKind.ALERT })
  kind: AlertEventKind & Opt = AlertEventKind.ALERT;

  @Field(() => AlertType, { description: 'The alert raised, or (RESOLUTION) the alert whose condition the event ends.' })
  @Enum({ items: () => AlertType, type: 'text' })
  alertType!: AlertType;

  @Field(() => AlertSource)
  @Enum({ items: () => AlertSource, type: 'text' })
  source!: AlertSource;

  @Field(() => String, { description: 'The user or device the alert is about, e.g. jdoe@acme.com or a host name.' })
  @Property({ type: 'text' })
  subject!: string;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Field(() => GraphQLDateTimeISO, { description: 'When it happened (the due date counts from here).' })
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field(() => AlertEventStatus)
  @Enum({ items: () => AlertEventStatus, type: 'text', default: AlertEventStatus.PENDING })
  status: AlertEventStatus & Opt = AlertEventStatus.PENDING;

  @Field(() => AlertNotTicketedReason, { nullable: true })
  @Enum({ items: () => AlertNotTicketedReason, type: 'text', nullable: true })
  notTicketedReason?: AlertNotTicketedReason | null;

  @Field(() => String, { nullable: true, description: 'FAILED: why. PENDING: why the last attempt failed (another follows at nextAttemptAt).' })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Field(() => Int, { description: 'Ticket attempts so far (since the last retryAlert).' })
  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'PENDING: when the next attempt is due.' })
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt?: Date | null;

  /** A job run holds the event until then; another run leaves it alone meanwhile. */
  @Property({ type: 'datetime', nullable: true })
  claimedUntil?: Date | null;

  /**
   * Set (and committed) before the first POST of a ticket: from then on a ticket with our externalXRef
   * may exist in ConnectWise even if we never heard back, so every later attempt looks it up first.
   */
  @Property({ type: 'datetime', nullable: true })
  ticketRequestedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: "TICKETED / NOTED: the ConnectWise ticket's id, which is also its ticket number (#)." })
  @Property({ type: 'integer', nullable: true })
  ticketId?: number | null;

  @Field(() => Int, { nullable: true, description: 'TICKETED: the ConnectWise company the ticket was opened for.' })
  @Property({ type: 'integer', nullable: true })
  ticketCompanyId?: number | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  ticketedAt?: Date | null;

  /** The incident it opened, joined (a repeat) or resolved; null until the ticket job placed it. */
  @ManyToOne({ entity: () => Incident, nullable: true, deleteRule: 'set null' })
  incident?: Incident | null;

  @Field(() => Int, { nullable: true, description: "NOTED: the ConnectWise note that reported it, on the incident's ticket (ticketId)." })
  @Property({ type: 'integer', nullable: true })
  noteId?: number | null;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Field(() => String, { description: "The ticket's externalXRef in ConnectWise (highwater:<id>): find the ticket by it." })
  get externalXRef(): string & Opt {
    return externalXRefOf(this.id);
  }
}
