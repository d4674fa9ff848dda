import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { Organization } from './organization.entity.js';

/** Every observed user count, kept for audit and graphs. Written in bulk with SQL (usage.service.ts). */
@TenantScoped()
@Entity({ tableName: 'usage_samples' })
@Index({ properties: ['organization', 'observedAt'] })
export class UsageSample {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade', index: false })
  organization!: Organization;

  @Property({ type: 'integer' })
  count!: number;

  @Property({ type: 'datetime' })
  observedAt!: Date;

  /** First day of the billing-zone month the sample belongs to. */
  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date & Opt = new Date();

  /** Arrived for a month whose watermark had already been written to ConnectWise. */
  @Property({ type: 'boolean', default: false })
  afterSync: boolean & Opt = false;
}

/**
 * The high watermark of one organization in one billing month: maintained with GREATEST on every
 * sample, so reading all current watermarks is one indexed query.
 */
@TenantScoped()
@Entity({ tableName: 'monthly_watermarks' })
@Index({ properties: ['provider', 'month'] })
export class MonthlyWatermark {
  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade', primary: true })
  organization!: Organization;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade', index: false })
  provider!: Provider;

  @Property({ type: 'integer' })
  highWatermark!: number;

  /** The quantity the billing sync last wrote for this month (null until it does). */
  @Property({ type: 'integer', nullable: true })
  syncedQuantity?: number;

  @Property({ type: 'datetime', nullable: true })
  syncedAt?: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}
