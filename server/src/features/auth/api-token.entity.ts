import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from './admin.entity.js';
import { Provider } from './provider.entity.js';
import { TenantScoped } from './tenant-scope.js';

export enum ApiTokenKind {
  API = 'api',
  BROWSER_SESSION = 'browser_session',
}

registerEnumType(ApiTokenKind, {
  name: 'ApiTokenKind',
  description: 'API: for scripts and integrations, any document. BROWSER_SESSION: made by the admin app at sign-in; may be limited to its own documents (TRUSTED_DOCUMENTS_FOR_BROWSER_SESSIONS).',
});

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

  @Field(() => ApiTokenKind)
  @Enum({ items: () => ApiTokenKind, type: 'text', default: ApiTokenKind.API })
  kind: ApiTokenKind & Opt = ApiTokenKind.API;

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
