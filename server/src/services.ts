import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthService } from './features/auth/auth.service.js';
import type { TenantScope } from './features/auth/tenant-scope.js';
import { OrganizationsService } from './features/organizations/organizations.service.js';
import { UsageService } from './features/organizations/usage.service.js';
import type { JobScheduler } from './jobs/scheduler.js';
import { AppError, ErrorCode } from './shared/errors.js';
import type { Logger } from './shared/logger.js';
import type { SecretBox } from './shared/secret-box.js';

/** What services are built from, besides the request's EntityManager. */
export interface ServiceDeps {
  logger: Logger;
  jobs: JobScheduler;
  secrets: SecretBox;
}

/**
 * Built per request (or job run) on a forked EntityManager, scoped to one provider. Tenant services
 * are made on first use, so an anonymous request never gets one. No DI framework.
 */
export function createServices(em: EntityManager, _deps: ServiceDeps, scope?: TenantScope) {
  const tenant = (): TenantScope => {
    if (!scope) throw new AppError(ErrorCode.Unauthenticated, 'sign in: send Authorization: Bearer <token>');
    return scope;
  };
  let organizations: OrganizationsService | undefined;
  let usage: UsageService | undefined;
  return {
    auth: new AuthService(em),
    get organizations() {
      return (organizations ??= new OrganizationsService(em, tenant()));
    },
    get usage() {
      return (usage ??= new UsageService(em, tenant()));
    },
  };
}

export type Services = ReturnType<typeof createServices>;
