import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Provider } from './provider.entity.js';
import { Role } from './roles.js';
import { TenantScoped } from './tenant-scope.js';

@ObjectType('Admin')
@TenantScoped()
@Entity({ tableName: 'admins' })
export class Admin extends BaseEntity {
  @Field(() => Provider)
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Field(() => String)
  @Unique()
  @Property({ type: 'text' })
  email!: string;

  @Field(() => [Role])
  @Property({ type: 'text[]' })
  roles: Role[] = [];

  /** argon2id (PHC string); null until the admin chooses a password (setup link or setPassword). */
  @Property({ type: 'text', nullable: true })
  passwordHash?: string | null;

  /** The TOTP secret, sealed with the app's SecretBox; null while no second factor is enrolled. */
  @Property({ type: 'text', nullable: true })
  totpSecretSealed?: string | null;

  /** A secret shown by beginTotpEnrolment, sealed, waiting for its first code. */
  @Property({ type: 'text', nullable: true })
  totpPendingSecretSealed?: string | null;

  /** The 30-second step of the last accepted code: a code of that step or earlier is a replay. */
  @Property({ type: 'integer', nullable: true })
  totpLastUsedStep?: number | null;

  /** SHA-256 of the unused recovery codes (50 random bits each); a used one is removed. */
  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  recoveryCodeHashes: string[] & Opt = [];

  /** Set while the admin may not sign in; their tokens were revoked when it was set. */
  @Property({ type: 'datetime', nullable: true })
  deactivatedAt?: Date | null;

  /** When the admin last started a browser session (password, setup link or startBrowserSession). */
  @Property({ type: 'datetime', nullable: true })
  lastSignInAt?: Date | null;

  /**
   * The identity provider's `iss` and `sub` from the admin's first single sign-on: later sign-ins must be
   * the same person, not whoever the provider gives this email address next.
   */
  @Unique()
  @Property({ type: 'text', nullable: true })
  ssoSubject?: string | null;

  hasRole(role: Role): boolean {
    return this.roles.includes(role);
  }
}
