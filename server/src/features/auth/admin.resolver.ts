import { Reference } from '@mikro-orm/core';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Admin } from './admin.entity.js';
import { Provider } from './provider.entity.js';
import { Role } from './roles.js';

/**
 * An admin reached through a relation (a run's requestedBy, an audit entry's actor, an integration's
 * updatedBy) may be a reference the query did not load: it is loaded here on the request's own
 * EntityManager, the admins of one page in one query (MikroORM's reference dataloader). The signed-in
 * admin (`viewer`) is always loaded.
 */
const loaded = <T extends object>(entity: T): Promise<T> => Reference.create(entity).load({ dataloader: true }) as Promise<T>;

@Resolver(() => Admin)
export class AdminFieldsResolver {
  @FieldResolver(() => String)
  async email(@Root() admin: Admin): Promise<string> {
    return (await loaded(admin)).email;
  }

  @FieldResolver(() => GraphQLDateTimeISO)
  async createdAt(@Root() admin: Admin): Promise<Date> {
    return (await loaded(admin)).createdAt;
  }

  @FieldResolver(() => [Role])
  async roles(@Root() admin: Admin): Promise<Role[]> {
    return (await loaded(admin)).roles;
  }

  @FieldResolver(() => Provider)
  async provider(@Root() admin: Admin): Promise<Provider> {
    return loaded((await loaded(admin)).provider);
  }
}
