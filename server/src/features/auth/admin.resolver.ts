import { wrap } from '@mikro-orm/core';
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Admin } from './admin.entity.js';
import { Provider } from './provider.entity.js';
import { Role } from './roles.js';

const loading = new WeakMap<Admin, Promise<Admin>>();

/**
 * An admin reached through a relation (a run's requestedBy, an audit entry's actor, an integration's
 * updatedBy) may be a reference the query did not load: it is loaded here, once per entity, on the
 * request's own EntityManager. The signed-in admin (`viewer`) is always loaded.
 */
function loaded(admin: Admin): Promise<Admin> {
  if (wrap(admin).isInitialized()) return Promise.resolve(admin);
  let load = loading.get(admin);
  if (!load) loading.set(admin, (load = wrap(admin).init() as Promise<Admin>));
  return load;
}

@Resolver(() => Admin)
export class AdminFieldsResolver {
  @FieldResolver(() => String)
  async email(@Root() admin: Admin): Promise<string> {
    return (await loaded(admin)).email;
  }

  @FieldResolver(() => [Role])
  async roles(@Root() admin: Admin): Promise<Role[]> {
    return (await loaded(admin)).roles;
  }

  @FieldResolver(() => Provider)
  async provider(@Root() admin: Admin): Promise<Provider> {
    const { provider } = await loaded(admin);
    return wrap(provider).isInitialized() ? provider : (wrap(provider).init() as Promise<Provider>);
  }
}
