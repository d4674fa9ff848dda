import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { Authorized, Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Role } from './roles.js';

export const DEFAULT_BILLING_TIME_ZONE = 'America/New_York';

/** An MSP: the tenant every organization, integration and admin belongs to. */
@ObjectType('Provider')
@Entity({ tableName: 'providers' })
export class Provider extends BaseEntity {
  @Field(() => String)
  @Unique()
  @Property({ type: 'text' })
  name!: string;

  @Authorized(Role.BILLING)
  @Field(() => String, { description: 'IANA zone whose calendar months bound the high watermark.' })
  @Property({ type: 'text', default: DEFAULT_BILLING_TIME_ZONE })
  billingTimeZone: string & Opt = DEFAULT_BILLING_TIME_ZONE;
}
