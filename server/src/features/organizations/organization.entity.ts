import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';

/** A client organization of the MSP, as its directory (JumpCloud or a script) knows it. */
@ObjectType('Organization')
@TenantScoped()
@Entity({ tableName: 'organizations' })
@Unique({ properties: ['provider', 'externalId'] })
@Index({ properties: ['provider', 'name'] })
export class Organization extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Field(() => String, { description: "The directory's id for this organization (e.g. JumpCloud's org id)." })
  @Property({ type: 'text' })
  externalId!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  /** Exact decimal in PostgreSQL; a string here so no cent is lost on the way. */
  @Property({ type: 'decimal', precision: 12, scale: 4, default: '0' })
  costPerSeatDecimal: string & Opt = '0';

  @Field(() => Float, { name: 'costPerSeat', description: "What the MSP pays per user, in the provider's currency." })
  get costPerSeat(): number & Opt {
    return Number(this.costPerSeatDecimal);
  }

  @Field(() => Boolean, { description: 'Inactive organizations are kept for history but not synced.' })
  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;

  @Field(() => Int, { nullable: true, description: 'The most recently observed user count.' })
  @Property({ type: 'integer', nullable: true })
  currentUserCount?: number;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  currentUserCountObservedAt?: Date;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
