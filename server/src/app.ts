import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Request } from 'express';
import { MongoClient } from 'mongodb';
import { authJobs, scheduleAuthJobs } from './features/auth/auth.jobs.js';
import { applyMigrations, openOrm } from './db/orm.js';
import { createApollo } from './graphql/apollo.js';
import { buildContext } from './graphql/context.js';
import { buildAppSchema } from './graphql/schema.js';
import { attachWebSockets } from './graphql/ws.js';
import { readiness } from './health.js';
import { agendaScheduler, createAgenda, defineJobs } from './jobs/agenda.js';
import type { JobScheduler } from './jobs/scheduler.js';
import type { ServiceDeps } from './services.js';
import type { Logger } from './shared/logger.js';
import { SecretBox } from './shared/secret-box.js';
import { ConnectWiseClients } from './features/integration/connectwise-clients.js';

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
  /** Off in tests that drive jobs themselves. */
  processJobs?: boolean;
  jobsProcessEveryMs?: number;
  revocationCheckMs?: number;
  /** Our ConnectWise clientId, and an extra CA to trust (the simulator's, or an on-premise one). */
  connectWise: { clientId: string; ca?: string | Buffer; timeoutMs?: number; retryBaseDelayMs?: number };
}

export interface App {
  orm: MikroORM;
  mongo: MongoClient;
  httpServer: Server;
  jobs: JobScheduler;
  listen(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Builds everything — what main.ts and the tests both call. Applies pending migrations first. */
export async function createApp(config: AppConfig): Promise<App> {
  const { logger } = config;
  const orm = await openOrm({ databaseUrl: config.databaseUrl, maxConnections: config.databaseMaxConnections, logger });
  const applied = await applyMigrations(orm);
  if (applied.length > 0) logger.info({ applied }, 'applied migrations');

  const mongo = await new MongoClient(config.mongodbUrl, { serverSelectionTimeoutMS: 5_000 }).connect();
  const agenda = createAgenda({ db: mongo.db(), logger: logger.child({ component: 'agenda' }), processEveryMs: config.jobsProcessEveryMs });
  const secrets = new SecretBox([config.secretKey, ...(config.previousSecretKeys ?? [])]);
  const connectWise = new ConnectWiseClients({ ...config.connectWise, logger: logger.child({ component: 'connectwise' }) });
  const deps: ServiceDeps = { logger, jobs: agendaScheduler(agenda), secrets, connectWise };
  defineJobs(agenda, authJobs(orm.em, logger.child({ component: 'auth.jobs' })));

  const schema = await buildAppSchema();
  const httpServer = createServer();
  const wsPlugin = attachWebSockets(httpServer, schema, orm.em, deps, { revocationCheckMs: config.revocationCheckMs });
  const apollo = createApollo(schema, httpServer, [wsPlugin]);
  await apollo.start();

  const web = express();
  web.disable('x-powered-by');
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
  web.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        buildContext(orm.em, deps, req.headers.authorization, (req as Request & { requestId: string }).requestId),
    }),
  );
  serveWebApp(web, config.webDistDir);
  httpServer.on('request', web);

  if (config.processJobs !== false) {
    await agenda.start();
    await scheduleAuthJobs(deps.jobs);
  }

  let stopped: Promise<void> | undefined;
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
    // Graceful: stop taking requests and jobs (Agenda unlocks what it held), then close the pools.
    stop() {
      stopped ??= (async () => {
        await agenda.stop(false);
        await apollo.stop();
        if (httpServer.listening) await new Promise((resolve) => httpServer.close(resolve));
        await connectWise.close();
        await mongo.close();
        await orm.close(true);
      })();
      return stopped;
    },
  };
}

function serveWebApp(web: express.Express, webDistDir: string | undefined) {
  const index = webDistDir ? path.join(webDistDir, 'index.html') : undefined;
  if (!webDistDir || !index || !existsSync(index)) {
    web.get('/', (_req, res) => {
      res.type('text/plain').send('highwater API is at /graphql. The admin app is not built: run `pnpm --filter web build`.');
    });
    return;
  }
  web.use(express.static(webDistDir, { index: false, maxAge: '1h' }));
  // The admin app routes in the browser; any other GET that is not the API gets its shell.
  web.get(/^\/(?!graphql|healthz|readyz).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
}
