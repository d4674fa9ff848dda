import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppPubSub } from '../../graphql/pubsub.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import type { Logger } from '../../shared/logger.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import type { MappingsService } from '../mappings/mappings.service.js';
import { AlertEventsService, closeOpenAlertEvents, type AlertEventsDeps } from './alert-events.service.js';
import { AlertSettingsService, clearAlertSettings } from './alert-settings.service.js';

export interface TicketingDeps {
  integration: IntegrationService;
  mappings: MappingsService;
  jobs: JobScheduler;
  pubSub: AppPubSub;
  logger: Logger;
  onTicketed?: AlertEventsDeps['onTicketed'];
}

/** Ticketing alerts: `settings` (catalogue, switch, per-alert options) and `events` (intake, list, ticket job). */
export class TicketingService {
  readonly settings: AlertSettingsService;
  readonly events: AlertEventsService;

  constructor(em: EntityManager, scope: TenantScope, deps: TicketingDeps) {
    this.settings = new AlertSettingsService(em, scope, deps.integration);
    this.events = new AlertEventsService(em, scope, { ...deps, settings: this.settings, logger: deps.logger.child({ component: 'ticketing' }) });
  }
}

/**
 * For "disable integration & clear data": the provider's alert settings and switch go, and events
 * still waiting for a ticket are closed as NOT_TICKETED (integration-disabled). Events stay as history.
 */
export async function clearTicketingData(em: EntityManager, scope: TenantScope): Promise<number> {
  return (await clearAlertSettings(em, scope)) + (await closeOpenAlertEvents(em, scope));
}
