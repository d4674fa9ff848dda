import { Filter, type EntityManager } from '@mikro-orm/core';

/** The provider (MSP tenant) a request or job acts for. */
export interface TenantScope {
  providerId: string;
}

export const TENANT_FILTER = 'tenant';

/**
 * Put on every entity that belongs to a provider. The filter is on by default and needs the scope's
 * provider id, so a query through an EntityManager that was not scoped fails instead of leaking rows.
 */
export const TenantScoped = () =>
  Filter({
    name: TENANT_FILTER,
    cond: (args: Partial<TenantScope>) => {
      if (!args.providerId) throw new Error('tenant filter used without a provider scope');
      return { provider: args.providerId };
    },
    default: true,
  });

export function scopeEntityManager<T extends EntityManager>(em: T, scope: TenantScope): T {
  em.setFilterParams(TENANT_FILTER, scope);
  return em;
}
