import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthService } from './features/auth/auth.service.js';
import type { JobScheduler } from './jobs/scheduler.js';
import type { Logger } from './shared/logger.js';

/** What services are built from, besides the request's EntityManager. */
export interface ServiceDeps {
  logger: Logger;
  jobs: JobScheduler;
  secretKey: Buffer;
}

/** Built per request (or job run) on a forked, tenant-scoped EntityManager. No DI framework. */
export function createServices(em: EntityManager, _deps: ServiceDeps) {
  return {
    auth: new AuthService(em),
  };
}

export type Services = ReturnType<typeof createServices>;
