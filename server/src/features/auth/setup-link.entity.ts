import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from './admin.entity.js';

/** A one-time link for an admin to choose a password. Only the token's SHA-256 is stored. */
@Entity({ tableName: 'setup_links' })
export class SetupLink extends BaseEntity {
  @Index()
  @ManyToOne({ entity: () => Admin, deleteRule: 'cascade' })
  admin!: Admin;

  @Unique()
  @Property({ type: 'text' })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date | null;
}
