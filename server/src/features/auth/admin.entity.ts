import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
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

  hasRole(role: Role): boolean {
    return this.roles.includes(role);
  }
}
