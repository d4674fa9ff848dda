import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';
import { Organization } from '../organizations/organization.entity.js';

/**
 * Organization → ConnectWise company, agreement and product addition. Names are kept beside the ids
 * for display (ConnectWise is not asked again to draw a list). One addition serves one organization.
 */
@ObjectType('Mapping')
@TenantScoped()
@Entity({ tableName: 'mappings' })
@Unique({ properties: ['provider', 'additionId'] })
export class Mapping extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Unique()
  @ManyToOne({ entity: () => Organization, deleteRule: 'cascade' })
  organization!: Organization;

  @Field(() => Int)
  @Property({ type: 'integer' })
  companyId!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  companyName!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  agreementId!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  agreementName!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  additionId!: number;

  @Field(() => String, { description: "The addition's product identifier (and description)." })
  @Property({ type: 'text' })
  additionName!: string;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastSyncedAt?: Date;

  @Field(() => String, { nullable: true, description: 'Outcome of the last sync of this organization.' })
  @Property({ type: 'text', nullable: true })
  lastSyncStatus?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Field(() => Boolean, { description: 'The last sync could not write the addition (cancelled or missing in ConnectWise).' })
  @Property({ type: 'boolean', default: false })
  needsAttention: boolean & Opt = false;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
