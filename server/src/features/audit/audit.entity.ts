import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity.js';
import { Admin } from '../auth/admin.entity.js';
import { Provider } from '../auth/provider.entity.js';
import { TenantScoped } from '../auth/tenant-scope.js';

/** Who changed what and when. `details` never holds a secret (masked before it is written). */
@ObjectType('AuditEntry')
@TenantScoped()
@Entity({ tableName: 'audit_entries' })
@Index({ properties: ['provider', 'createdAt'] })
export class AuditEntry extends BaseEntity {
  @ManyToOne({ entity: () => Provider, deleteRule: 'cascade' })
  provider!: Provider;

  @Field(() => Admin, { nullable: true, description: 'Null for the system (jobs) or an admin since deleted.' })
  @ManyToOne({ entity: () => Admin, nullable: true, deleteRule: 'set null' })
  actor?: Admin;

  @Field(() => String, { description: 'What happened, e.g. integration.created, mappings.saved.' })
  @Property({ type: 'text' })
  action!: string;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
