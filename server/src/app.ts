import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response } from 'express';
import { MongoClient } from 'mongodb';
import { authJobs, scheduleAuthJobs } from './features/auth/auth.jobs.js';
import { applyMigrations, openOrm } from './db/orm.js';
import { createApollo } from './graphql/apollo.js';
import { MAX_REQUEST_BODY_BYTES, requestBodyErrors } from './graphql/limits.js';
import { buildContext } from './graphql/context.js';
import { csrfProtection } from './graphql/csrf.js';
import { BROWSER_SESSION_LIFETIME_MS, SESSION_COOKIE, sessionCookieOptions, sessionTokenFromCookies, type SessionCookie } from './features/auth/session-cookie.js';
import { buildAppSchema } from './graphql/schema.js';
import { createLocalPubSub, createPostgresPubSub } from './graphql/pubsub.js';
import { scopeEntityManager } from './features/auth/tenant-scope.js';
import { ViewerCache, watchAdminChanges, watchRevocations } from './features/auth/viewer-cache.js';
import { connectedProviderIds } from './features/integration/integration.service.js';
import { scheduleProviderSyncs, scheduleSyncRecovery, syncJobs } from './features/sync/sync.jobs.js';
import { staleSyncRuns } from './features/sync/sync.service.js';
import { scheduleTicketingJobs, ticketingJobs, type TicketingJobsOptions } from './features/ticketing/ticketing.jobs.js';
import { attachWebSockets } from './graphql/ws.js';
import { isTrustedDocumentRequest, TRUSTED_DOCUMENTS_FILE, TrustedDocuments, trustedDocumentsMiddleware, trustedDocumentsPlugin } from './graphql/trusted-documents.js';
import { readiness } from './health.js';
import { AGENDA_JOBS_COLLECTION, agendaScheduler, createAgenda, defineJobs, type JobsShutdown } from './jobs/agenda.js';
import type { JobScheduler } from './jobs/scheduler.js';
import { createServices, type ServiceDeps } from './services.js';
import type { Logger } from './shared/logger.js';
import type { OutboundProxySettings } from './shared/outbound-proxy.js';
import type { StartupTimer } from './shared/startup-timer.js';
import { SecretBox } from './shared/secret-box.js';
import { ConnectWiseClients } from './features/integration/connectwise-clients.js';
import { IntegrationHealth } from './features/integration/integration-health.js';
import { JumpCloudClients, type JumpCloudClientDefaults } from './features/jumpcloud-connector/jumpcloud-clients.js';
import { jumpCloudJobs, scheduleJumpCloudPolls } from './features/jumpcloud-connector/jumpcloud-connector.jobs.js';
import { graphqlMetricsPlugin } from './observability/graphql-metrics-plugin.js';
import { createMetrics, metricsHandler } from './observability/metrics.js';
import { demoSignInHandler, type DemoSignIn } from './features/auth/demo-sign-in.js';
import { OidcClient } from './oidc/oidc-client.js';
import { pwnedPasswordsBreachCheck } from './pwned-passwords/breach-check.js';
import { PwnedPasswordsClient, type PwnedPasswordsClientOptions } from './pwned-passwords/client.js';
import { appOriginOf, SSO_PATH, ssoRoutes } from './features/sso/sso.routes.js';
import { serveWebApp } from './web-app/serve-web-app.js';

export interface AppConfig {
  databaseUrl: string;
  mongodbUrl: string;
  /** 1 for PGlite, which serves a single connection. */
  databaseMaxConnections?: number;
  /** Key for encrypting secrets at rest (AES-256-GCM); older keys after it still decrypt. */
  secretKey: Buffer;
  previousSecretKeys?: Buffer[];
  logger: Logger;
  /** The built admin app to serve at `/`, if there is one. */
  webDistDir?: string;
  /** Browser sessions (the admin app's tokens) may run only the admin app's own documents. */
  trustedDocumentsForBrowserSessions?: boolean;
  /** The admin app's documents (default: web/src/gql/persisted-documents.json, written by `pnpm codegen`). */
  trustedDocumentsFile?: string;
  /** Off in tests that drive jobs themselves. */
  processJobs?: boolean;
  jobsProcessEveryMs?: number;
  revocationCheckMs?: number;
  /** How long shutdown waits for running jobs to stop at a safe point before leaving them locked. */
  jobsStopGraceMs?: number;
  /** How long a sync run's Agenda lock lasts without a touch before another process takes it over. */
  syncRunLockMs?: number;
  /** Alert ticket jobs: retry backoff (tests shorten it) and how many run at once. */
  ticketing?: Pick<TicketingJobsOptions, 'retry' | 'concurrency' | 'noteIntervalMs'>;
  /** Our ConnectWise clientId, and an extra CA to trust (the simulator's, or an on-premise one). */
  connectWise: { clientId: string; ca?: string | Buffer; timeoutMs?: number; retryBaseDelayMs?: number; maxRequestsPerMinute?: number };
  /** An extra CA to trust for JumpCloud (the simulator's, or a TLS-inspecting proxy's); tests also shorten retries. */
  jumpCloud?: Omit<JumpCloudClientDefaults, 'logger'>;
  /** Start-up phases are marked on it (main.ts logs them at debug level). */
  timer?: StartupTimer;
  /** Milliseconds since the epoch for sign-in throttling and TOTP codes; tests move it instead of sleeping. */
  clock?: () => number;
  /** The address people open (HIGHWATER_PUBLIC_URL): single sign-on's redirect URI is built on it. */
  publicUrl?: string;
  /** Express's `trust proxy` (HIGHWATER_TRUST_PROXY): then X-Forwarded-For is the client address and X-Forwarded-Proto says https. */
  trustProxy?: number | string;
  /** `pnpm demo` (and the e2e world): a link that signs the demo admin in. Never set by main.ts. */
  demoSignIn?: DemoSignIn;
  /** Where to check new passwords against known breaches (Pwned Passwords or a mirror); none: the check is off. */
  pwnedPasswords?: PwnedPasswordsClientOptions;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY, for every outbound call: ConnectWise, JumpCloud, identity providers, Pwned Passwords. */
  outboundProxy?: OutboundProxySettings;
}

export interface App {
  orm: MikroORM;
  mongo: MongoClient;
  httpServer: Server;
  jobs: JobScheduler;
  listen(port: number, host?: string): Promise<string>;
  stop(): Promise<AppStopped>;
}

/** What a graceful stop left for the next start, for the one line main.ts prints. */
export type AppStopped = JobsShutdown;

/**
 * The session cookie on this answer. Secure when the request came over https (to this process: behind a
 * TLS-terminating proxy that is http, and the cookie is sent without the flag).
 */
function sessionCookieOn(req: Request, res: Response): SessionCookie {
  return {
    start: (token) => void res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req.secure, BROWSER_SESSION_LIFETIME_MS)),
    end: () => void res.cookie(SESSION_COOKIE, '', sessionCookieOptions(req.secure, 0)),
  };
}

/** Builds everything — what main.ts and the tests both call. Applies pending migrations first. */
export async function createApp(config: AppConfig): Promise<App> {
  const { logger } = config;
  const mark = (phase: string) => config.timer?.mark(phase);
  const orm = await openOrm({ databaseUrl: config.databaseUrl, maxConnections: config.databaseMaxConnections, logger });
  mark('orm');
  const applied = await applyMigrations(orm);
  if (applied.length > 0) logger.info({ applied }, 'applied migrations');
  mark('migrations');

  const mongo = await new MongoClient(config.mongodbUrl, { serverSelectionTimeoutMS: 5_000 }).connect();
  const agenda = createAgenda({ db: mongo.db(), logger: logger.child({ component: 'agenda' }), processEveryMs: config.jobsProcessEveryMs });
  // The backend connects (and creates its indexes) in the background; wait, so stop() never cuts it off.
  await agenda.ready;
  mark('mongo+agenda');
  const secrets = new SecretBox([config.secretKey, ...(config.previousSecretKeys ?? [])]);
  const metrics = createMetrics({ agendaJobs: mongo.db().collection(AGENDA_JOBS_COLLECTION), logger: logger.child({ component: 'metrics' }) });
  const proxy = config.outboundProxy;
  const connectWise = new ConnectWiseClients(
    { ...config.connectWise, proxy, logger: logger.child({ component: 'connectwise' }), observer: metrics.connectWise },
    new IntegrationHealth({ em: orm.em, logger: logger.child({ component: 'integration.health' }) }),
  );
  const jumpCloud = new JumpCloudClients({ ...config.jumpCloud, proxy, logger: logger.child({ component: 'jumpcloud' }) });
  // Events cross processes through PostgreSQL, except on PGlite, whose single connection cannot LISTEN.
  const events = config.databaseMaxConnections === 1 ? createLocalPubSub() : await createPostgresPubSub(config.databaseUrl, logger.child({ component: 'events' }));
  const observers = { onSyncRunFinished: metrics.syncRunFinished, onAlertTicketed: metrics.alertTicketed };
  const viewers = new ViewerCache();
  const pwnedPasswords = config.pwnedPasswords && new PwnedPasswordsClient({ ...config.pwnedPasswords, proxy });
  const breachCheck = pwnedPasswords && pwnedPasswordsBreachCheck(pwnedPasswords, logger.child({ component: 'pwned-passwords' }));
  const oidc = new OidcClient({ now: config.clock, proxy });
  const deps: ServiceDeps = { logger, jobs: agendaScheduler(agenda, mongo.db()), secrets, connectWise, jumpCloud, oidc, pubSub: events.pubSub, viewers, observers, clock: config.clock, breachCheck };
  /** Services for a job, scoped to one provider as a request would be. */
  const servicesFor = (providerId: string) => {
    const scope = { providerId };
    return createServices(scopeEntityManager(orm.em.fork(), scope), deps, scope);
  };
  const jobRunner = defineJobs(agenda, [
    ...authJobs(orm.em, logger.child({ component: 'auth.jobs' })),
    ...jumpCloudJobs({ connectorFor: (providerId) => servicesFor(providerId).jumpCloud, jobs: deps.jobs, logger: logger.child({ component: 'jumpcloud.jobs' }) }),
    ...syncJobs({
      syncFor: (providerId) => servicesFor(providerId).sync,
      jobs: deps.jobs,
      logger: logger.child({ component: 'sync.jobs' }),
      staleRuns: (olderThan) => staleSyncRuns(orm.em.fork(), olderThan),
      runLockMs: config.syncRunLockMs,
    }),
    ...ticketingJobs({
      rootEm: orm.em,
      jobs: deps.jobs,
      logger: logger.child({ component: 'ticketing.jobs' }),
      servicesFor: (scope) => servicesFor(scope.providerId).ticketing,
      ...config.ticketing,
    }),
  ]);

  mark('services');
  const schema = await buildAppSchema(events.pubSub);
  mark('schema');
  const httpServer = createServer();
  const trustedDocuments = TrustedDocuments.load(config.trustedDocumentsFile ?? TRUSTED_DOCUMENTS_FILE, logger);
  const enforceTrustedDocuments = config.trustedDocumentsForBrowserSessions ?? false;
  const webSockets = attachWebSockets(httpServer, schema, orm.em, deps, { revocationCheckMs: config.revocationCheckMs, trustedDocuments, enforceTrustedDocuments });
  const stopWatchingRevocations = watchRevocations(events.pubSub, (tokenId) => {
    viewers.forgetToken(tokenId);
    webSockets.closeRevoked(tokenId);
  });
  // A role change counts from the next request, not when the cached viewer expires.
  const stopWatchingAdminChanges = watchAdminChanges(events.pubSub, (adminId) => viewers.forgetAdmin(adminId));
  const apollo = createApollo(schema, httpServer, [webSockets.plugin, trustedDocumentsPlugin(enforceTrustedDocuments), graphqlMetricsPlugin(metrics.graphqlRequest)]);
  await apollo.start();
  mark('apollo');

  const web = express();
  web.disable('x-powered-by');
  // Express hashes every res.send body for an ETag; no GraphQL or health answer is revalidated by one.
  web.set('etag', false);
  if (config.trustProxy !== undefined) web.set('trust proxy', config.trustProxy);
  web.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    (req as Request & { requestId: string }).requestId = requestId;
    next();
  });
  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  web.get('/readyz', async (_req, res) => {
    const result = await readiness(orm, mongo);
    res.status(result.status === 'ready' ? 200 : 503).json(result);
  });
  web.get('/metrics', metricsHandler(metrics, logger));
  web.use(
    '/graphql',
    csrfProtection,
    express.json({ limit: MAX_REQUEST_BODY_BYTES }),
    requestBodyErrors,
    trustedDocumentsMiddleware(trustedDocuments),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        buildContext(orm.em, deps, {
          authorization: req.headers.authorization,
          sessionToken: sessionTokenFromCookies(req.headers.cookie),
          get sessionCookie() {
            return sessionCookieOn(req, res);
          },
          requestId: (req as Request & { requestId: string }).requestId,
          trustedDocument: isTrustedDocumentRequest(req),
          userAgent: req.headers['user-agent'],
          // Express's req.ip is the socket's address unless 'trust proxy' is set (HIGHWATER_TRUST_PROXY).
          get clientIp() {
            return req.ip ?? req.socket.remoteAddress;
          },
          get appOrigin() {
            return appOriginOf(req, config.publicUrl);
          },
        }),
    }),
  );
  web.use(
    SSO_PATH,
    ssoRoutes({
      signIn: () => createServices(orm.em.fork(), deps).ssoSignIn,
      sessionCookieOn,
      publicUrl: config.publicUrl,
      logger: logger.child({ component: 'sso' }),
    }),
  );
  if (config.demoSignIn) {
    web.get(
      config.demoSignIn.path,
      demoSignInHandler(() => {
        const em = orm.em.fork();
        return { em, auth: createServices(em, deps).auth };
      }, sessionCookieOn, config.demoSignIn),
    );
  }
  serveWebApp(web, config.webDistDir);
  httpServer.on('request', web);

  if (config.processJobs !== false) {
    await agenda.start();
    await scheduleAuthJobs(deps.jobs);
    await scheduleJumpCloudPolls(orm.em, deps.jobs);
    await scheduleSyncRecovery(deps.jobs);
    await scheduleTicketingJobs(deps.jobs);
    await scheduleProviderSyncs(deps.jobs, await connectedProviderIds(orm.em.fork()));
  }
  mark('jobs');

  let stopped: Promise<AppStopped> | undefined;
  return {
    orm,
    mongo,
    httpServer,
    jobs: deps.jobs,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    // Graceful: stop taking requests and jobs, let requests finish, close websockets, hand running jobs
    // back (both need the databases, so in parallel), then close the pools.
    stop() {
      stopped ??= (async () => {
        const [jobs] = await Promise.all([jobRunner.stop(config.jobsStopGraceMs ?? 5_000), apollo.stop()]);
        if (jobs.stillRunning.length > 0) logger.warn({ jobs: jobs.stillRunning }, 'jobs still running at shutdown keep their lock until it lapses');
        if (httpServer.listening) await new Promise((resolve) => httpServer.close(resolve));
        await connectWise.close();
        await oidc.close();
        await pwnedPasswords?.close();
        await stopWatchingRevocations();
        await stopWatchingAdminChanges();
        await events.close();
        await mongo.close();
        await orm.close(true);
        return jobs;
      })();
      return stopped;
    },
  };
}
