import { Entity, Index, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity.js';

/**
 * A failed password sign-in (wrong password, unknown email or wrong code), kept to slow down guessing
 * per account and per client address. Not tied to a provider: an unknown email has none.
 */
@Entity({ tableName: 'sign_in_failures' })
@Index({ properties: ['email', 'createdAt'] })
@Index({ properties: ['clientIp', 'createdAt'] })
export class SignInFailure extends BaseEntity {
  /** As typed (trimmed, lower case), whether or not an admin has it. */
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  clientIp!: string;
}
