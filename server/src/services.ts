import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditService } from './features/audit/audit.service.js';
import { AuthService } from './features/auth/auth.service.js';
import { PasswordSignInService } from './features/auth/password-sign-in.service.js';
import type { BreachCheck } from './features/auth/passwords.js';
import { SetupLinkService } from './features/auth/setup-links.js';
import type { TenantScope } from './features/auth/tenant-scope.js';
import type { ViewerCache } from './features/auth/viewer-cache.js';
import type { ConnectWiseClients } from './features/integration/connectwise-clients.js';
import { IntegrationService, type ProviderDataCleaner } from './features/integration/integration.service.js';
import type { JumpCloudClients } from './features/jumpcloud-connector/jumpcloud-clients.js';
import { JumpCloudConnectorService } from './features/jumpcloud-connector/jumpcloud-connector.service.js';
import { clearMappings, MappingsService } from './features/mappings/mappings.service.js';
import { SsoSettingsService } from './features/sso/sso-settings.service.js';
import { SsoSignInService } from './features/sso/sso-sign-in.service.js';
import type { OidcClient } from './oidc/oidc-client.js';
import { PeopleService } from './features/people/people.service.js';
import { OrganizationsService } from './features/organizations/organizations.service.js';
import { UsageService } from './features/organizations/usage.service.js';
import { scheduleProviderSync, SYNC_PROVIDER_JOBS } from './features/sync/sync.jobs.js';
import { clearSyncHistory, SyncService, type SyncDeps } from './features/sync/sync.service.js';
import { ticketingProviderJobNames } from './features/ticketing/ticketing.jobs.js';
import { clearTicketingData, TicketingService, type TicketingDeps } from './features/ticketing/ticketing.service.js';
import type { AppPubSub } from './graphql/pubsub.js';
import type { JobScheduler } from './jobs/scheduler.js';
import { AppError, ErrorCode } from './shared/errors.js';
import type { Logger } from './shared/logger.js';
import type { SecretBox } from './shared/secret-box.js';

/** What services are built from, besides the request's EntityManager. */
export interface ServiceDeps {
  logger: Logger;
  jobs: JobScheduler;
  secrets: SecretBox;
  connectWise: ConnectWiseClients;
  jumpCloud: JumpCloudClients;
  /** Identity providers for single sign-on (one client: it caches their discovery documents). */
  oidc: OidcClient;
  pubSub: AppPubSub;
  /** Recently authenticated tokens, shared by this process's requests and websockets. */
  viewers?: ViewerCache;
  /** Milliseconds since the epoch, for sign-in throttling and TOTP; tests pass a clock they move. */
  clock?: () => number;
  /** How often a new password was seen in breaches (Pwned Passwords); none: the check is off. */
  breachCheck?: BreachCheck;
  /** Hooks for metrics; the features call them and know nothing of Prometheus. */
  observers?: { onSyncRunFinished?: SyncDeps['onRunFinished']; onAlertTicketed?: TicketingDeps['onTicketed'] };
}

/** Per-provider integration data that "disable integration & clear data" removes. */
const integrationDataCleaners: ProviderDataCleaner[] = [clearMappings, clearSyncHistory, clearTicketingData];
/** Agenda jobs that run per provider (data.providerId) and stop with the integration. */
const providerJobNames: string[] = [...SYNC_PROVIDER_JOBS, ...ticketingProviderJobNames];

/** Sign-in and tokens; alone, for a request's authentication, which needs nothing else. */
export function createAuthService(em: EntityManager | (() => EntityManager), deps: ServiceDeps): AuthService {
  return new AuthService(em, { viewers: deps.viewers, pubSub: deps.pubSub, now: deps.clock });
}

/**
 * Built per request (or job run) on a forked EntityManager, scoped to one provider. Services are made
 * on first use, so an anonymous request never gets a tenant one, and a request that reads no data never
 * forks (pass the fork as a function to defer it). No DI framework.
 */
export function createServices(entityManager: EntityManager | (() => EntityManager), deps: ServiceDeps, scope?: TenantScope) {
  const em = typeof entityManager === 'function' ? entityManager : () => entityManager;
  const tenant = (): TenantScope => {
    if (!scope) throw new AppError(ErrorCode.Unauthenticated, 'sign in: send Authorization: Bearer <token>');
    return scope;
  };
  const made = new Map<string, unknown>();
  const once = <T>(name: string, make: () => T): T => {
    if (!made.has(name)) made.set(name, make());
    return made.get(name) as T;
  };
  const services = {
    get auth() {
      return once('auth', () => createAuthService(em, deps));
    },
    get audit() {
      return once('audit', () => new AuditService(em()));
    },
    get passwordSignIn(): PasswordSignInService {
      return once('passwordSignIn', () => new PasswordSignInService(em(), { secrets: deps.secrets, auth: services.auth, audit: services.audit, now: deps.clock ?? Date.now, breachCheck: deps.breachCheck, ssoRequired: (providerId) => services.ssoSignIn.requiredFor(providerId) }));
    },
    get setupLinks(): SetupLinkService {
      return once('setupLinks', () => new SetupLinkService(em(), { auth: services.auth, audit: services.audit, now: deps.clock ?? Date.now, breachCheck: deps.breachCheck, ssoRequired: (providerId) => services.ssoSignIn.requiredFor(providerId) }));
    },
    get ssoSettings(): SsoSettingsService {
      return once('ssoSettings', () => new SsoSettingsService(em(), tenant(), { secrets: deps.secrets, audit: services.audit, oidc: deps.oidc }));
    },
    get ssoSignIn(): SsoSignInService {
      return once('ssoSignIn', () => new SsoSignInService(em(), { secrets: deps.secrets, auth: services.auth, audit: services.audit, oidc: deps.oidc, logger: deps.logger, now: deps.clock ?? Date.now }));
    },
    get people(): PeopleService {
      return once('people', () => new PeopleService(em(), tenant(), { auth: services.auth, audit: services.audit, pubSub: deps.pubSub, viewers: deps.viewers, now: deps.clock ?? Date.now }));
    },
    get organizations() {
      return once(
        'organizations',
        () =>
          new OrganizationsService(em(), tenant(), {
            currentMonth: () => services.usage.currentMonth(),
            primeLoaders: (listed) => {
              for (const { organization, usage, mapping } of listed) {
                services.usage.currentUsageOf.prime(organization.id, usage);
                services.mappings.mappingOf.prime(organization.id, mapping);
              }
            },
          }),
      );
    },
    get usage() {
      return once('usage', () => new UsageService(em(), tenant()));
    },
    get integration() {
      return once(
        'integration',
        () =>
          new IntegrationService(em(), tenant(), {
            ...deps,
            cleaners: integrationDataCleaners,
            providerJobNames,
            onConnected: (connected) => scheduleProviderSync(deps.jobs, connected.providerId),
          }),
      );
    },
    get mappings(): MappingsService {
      return once('mappings', () => new MappingsService(em(), tenant(), services.integration));
    },
    get jumpCloud(): JumpCloudConnectorService {
      return once(
        'jumpCloud',
        () =>
          new JumpCloudConnectorService(em(), tenant(), {
            ...deps,
            organizations: () => services.organizations,
            usage: () => services.usage,
            integration: () => services.integration,
            ticketing: () => services.ticketing,
          }),
      );
    },
    get sync(): SyncService {
      return once(
        'sync',
        () =>
          new SyncService(em(), tenant(), {
            integration: services.integration,
            usage: services.usage,
            jobs: deps.jobs,
            pubSub: deps.pubSub,
            logger: deps.logger,
            onRunFinished: deps.observers?.onSyncRunFinished,
          }),
      );
    },
    get ticketing(): TicketingService {
      return once(
        'ticketing',
        () =>
          new TicketingService(em(), tenant(), {
            integration: services.integration,
            mappings: services.mappings,
            jobs: deps.jobs,
            pubSub: deps.pubSub,
            logger: deps.logger,
            onTicketed: deps.observers?.onAlertTicketed,
          }),
      );
    },
  };
  return services;
}

export type Services = ReturnType<typeof createServices>;
