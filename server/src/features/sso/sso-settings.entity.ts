import { Entity, OneToOne, Property, type Opt } from '@mikro-orm/core';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';

/** A provider's OpenID Connect identity provider: who may sign in with it, and whether passwords still work. */
@ObjectType('SingleSignOn', { description: "The provider's OpenID Connect single sign-on settings. The client secret is never returned." })
@TenantScoped()
@Entity({ tableName: 'sso_settings' })
export class SsoSettings extends BaseEntity {
  @OneToOne({ entity: () => Provider, owner: true, deleteRule: 'cascade', unique: true })
  provider!: Provider;

  @Field(() => String, { description: 'The issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 or https://accounts.google.com.' })
  @Property({ type: 'text' })
  issuerUrl!: string;

  @Field(() => String, { description: "The application's client id at the identity provider." })
  @Property({ type: 'text' })
  clientId!: string;

  /** Sealed with the app's SecretBox; never a GraphQL field. */
  @Property({ type: 'text' })
  clientSecretSealed!: string;

  @Field(() => [String], { description: 'Lower-case email domains whose people may sign in this way; each belongs to one provider.' })
  @Property({ type: 'text[]' })
  allowedDomains: string[] = [];

  @Field(() => Boolean, { description: "True: this provider's admins cannot sign in with a password or setup link (API tokens still work)." })
  @Property({ type: 'boolean', default: false })
  ssoOnly: boolean & Opt = false;

  @Field(() => GraphQLDateTimeISO)
  @Property({ type: 'datetime' })
  updatedAt: Date & Opt = new Date();
}
