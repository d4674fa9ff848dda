import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppPubSub } from '../../graphql/pubsub.js';
import type { JobScheduler } from '../../jobs/scheduler.js';
import type { Logger } from '../../shared/logger.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import type { IntegrationService } from '../integration/integration.service.js';
import type { MappingsService } from '../mappings/mappings.service.js';
import { AlertEventsService, closeOpenAlertEvents, type AlertEventsDeps } from './alert-events.service.js';
import { AlertSettingsService, clearAlertSettings } from './alert-settings.service.js';
import { IncidentWork } from './incident-work.js';
import { endOpenIncidents, IncidentsService } from './incidents.service.js';

export interface TicketingDeps {
  integration: IntegrationService;
  mappings: MappingsService;
  jobs: JobScheduler;
  pubSub: AppPubSub;
  logger: Logger;
  onTicketed?: AlertEventsDeps['onTicketed'];
}

/**
 * Ticketing alerts: `settings` (catalogue, switch, per-alert options and routing), `events` (intake,
 * list, ticket job), `incidents` (which events belong together, their record) and `work` (an incident's
 * notes and close in ConnectWise).
 */
export class TicketingService {
  readonly settings: AlertSettingsService;
  readonly events: AlertEventsService;
  readonly incidents: IncidentsService;
  readonly work: IncidentWork;
  /** The provider's ConnectWise integration, for work spanning many incidents (a drain's batched reads). */
  readonly integration: IntegrationService;

  constructor(em: EntityManager, scope: TenantScope, deps: TicketingDeps) {
    this.integration = deps.integration;
    const logger = deps.logger.child({ component: 'ticketing' });
    this.settings = new AlertSettingsService(em, scope, deps.integration);
    this.incidents = new IncidentsService(em, scope, { pubSub: deps.pubSub });
    this.events = new AlertEventsService(em, scope, { ...deps, settings: this.settings, incidents: this.incidents, logger });
    this.work = new IncidentWork(em, scope, { integration: deps.integration, settings: this.settings, incidents: this.incidents, logger });
  }
}

/**
 * For "disable integration & clear data": the provider's alert settings and switch go, and events
 * still waiting for a ticket are closed as NOT_TICKETED (integration-disabled). Events stay as history.
 */
export async function clearTicketingData(em: EntityManager, scope: TenantScope): Promise<number> {
  return (await clearAlertSettings(em, scope)) + (await closeOpenAlertEvents(em, scope)) + (await endOpenIncidents(em, scope));
}
