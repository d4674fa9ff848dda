import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from '../auth/admin.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { Organization } from '../organizations/organization.entity.js';

export enum SyncTrigger {
  SCHEDULE = 'schedule',
  MANUAL = 'manual',
  RETRY = 'retry',
}
export enum SyncRunStatus {
  QUEUED = 'queued',
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  PARTIAL = 'partial',
  FAILED = 'failed',
}
export enum SyncOutcome {
  UPDATED = 'updated',
  UNCHANGED = 'unchanged',
  SKIPPED = 'skipped',
  FAILED = 'failed',
}
registerEnumType(SyncTrigger, { name: 'SyncTrigger' });
registerEnumType(SyncRunStatus, { name: 'SyncRunStatus' });
registerEnumType(SyncOutcome, { name: 'SyncOutcome' });

export const ACTIVE_STATUSES = [SyncRunStatus.QUEUED, SyncRunStatus.RUNNING];

/** One billing sync of a provider: writes a month's high watermarks and costs to ConnectWise. */
@ObjectType('SyncRun')
@TenantScoped()
@Entity({ tableName: 'sync_runs' })
@Index({ properties: ['provider', 'createdAt'] })
// At most one queued or running run per provider: a manual trigger meanwhile gets the running one.
@Index({ name: 'sync_runs_one_active', expression: `create unique index "sync_runs_one_active" on "sync_runs" ("provider_id") where "status" in ('queued', 'running')` })
@Unique({ properties: ['provider', 'slot'] })
export class SyncRun extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Field(() => SyncTrigger)
  @Enum({ items: () => SyncTrigger, type: 'text' })
  trigger!: SyncTrigger;

  /** For scheduled runs, what makes them once-only: `daily:2026-11-25`, `month-end:2026-10`. */
  @Property({ type: 'text', nullable: true })
  slot?: string;

  @Field(() => String, { description: 'The billing month (YYYY-MM) whose high watermark this run writes.' })
  @Property({ type: 'text' })
  month!: string;

  @Field(() => SyncRunStatus)
  @Enum({ items: () => SyncRunStatus, type: 'text' })
  status: SyncRunStatus & Opt = SyncRunStatus.QUEUED;

  @Field(() => [String], { nullable: true, description: 'The organizations asked for; null means every mapped one.' })
  @Property({ type: 'uuid[]', nullable: true })
  organizationIds?: string[];

  @Field(() => Admin, { nullable: true })
  @ManyToOne({ entity: () => Admin, nullable: true, deleteRule: 'set null' })
  requestedBy?: Admin;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date;

  /** Last sign of life from the worker running it; a stale one is handed to another worker. */
  @Property({ type: 'datetime', nullable: true })
  heartbeatAt?: Date;

  /** How many times a worker took the run up (more than one after a crash). */
  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  total: number & Opt = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  updated: number & Opt = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  unchanged: number & Opt = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  skipped: number & Opt = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  failed: number & Opt = 0;

  @Field(() => String, { nullable: true, description: 'Why the whole run failed, when it did.' })
  @Property({ type: 'text', nullable: true })
  error?: string;
}

/** What one run did for one organization. */
@ObjectType('SyncResult')
@TenantScoped()
@Entity({ tableName: 'sync_results' })
@Unique({ properties: ['run', 'organization'] })
export class SyncResult extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @ManyToOne({ entity: () => SyncRun, deleteRule: 'cascade' })
  run!: SyncRun;

  /** 1, 2, 3… in the order results landed in the run (timestamps can tie within a batch). */
  @Property({ type: 'integer', hidden: true })
  position!: number;

  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade' })
  organization!: Organization;

  @Field(() => String)
  @Property({ type: 'text' })
  organizationName!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  agreementId!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  additionId!: number;

  @Field(() => SyncOutcome)
  @Enum({ items: () => SyncOutcome, type: 'text' })
  outcome!: SyncOutcome;

  @Field(() => Float, { nullable: true, description: 'Quantity ConnectWise held before the run.' })
  @Property({ type: 'double', nullable: true })
  previousQuantity?: number;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  previousUnitCost?: number;

  @Field(() => Float, { nullable: true, description: 'The high watermark written (or that would have been).' })
  @Property({ type: 'double', nullable: true })
  newQuantity?: number;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  newUnitCost?: number;

  @Field(() => String, { nullable: true, description: 'Why skipped or failed, in words.' })
  @Property({ type: 'text', nullable: true })
  reason?: string;

  @Field(() => String, { nullable: true, description: 'For failures: the ConnectWise error kind (rate-limited, upstream, not-found, …).' })
  @Property({ type: 'text', nullable: true })
  errorKind?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Set when ConnectWise held a quantity that neither we wrote nor the watermark explains (edited by hand).',
  })
  @Property({ type: 'text', nullable: true })
  drift?: string;
}
