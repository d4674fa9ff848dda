import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from './admin.entity.js';
import { Provider } from './provider.entity.js';
import { TenantScoped } from './tenant-scope.js';

/** A bearer token. Only its SHA-256 is stored; the token itself is shown once, when created. */
@ObjectType('ApiToken')
@TenantScoped()
@Entity({ tableName: 'api_tokens' })
export class ApiToken extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Index()
  @ManyToOne({ entity: () => Admin, deleteRule: 'cascade' })
  admin!: Admin;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Unique()
  @Property({ type: 'text' })
  tokenHash!: string;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date;

  @Field(() => GraphQLDateTimeISO, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
