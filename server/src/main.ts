/** Start-up: config → embedded defaults → app (ORM, migrations, Agenda, schema, HTTP + graphql-ws). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppStopped } from './app.js';
import { ConfigError, readConfig } from './config/index.js';
import { EmbeddedStartError, resolveServices, type ResolvedServices } from './embedded/defaults.js';
import { limitHeapGrowth } from './shared/heap-growth.js';
import { StartupTimer } from './shared/startup-timer.js';

// Only what starting the embedded databases needs is imported statically: the app's modules take seconds
// to load (MikroORM alone about one), and meanwhile FerretDB, a process of its own, comes up on the other
// core and PGlite reads its files and compiles its WebAssembly.
const timer = new StartupTimer();
timer.mark('modules');
limitHeapGrowth();

let config;
try {
  config = readConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const servicesStarting = resolveServices(config, { timer });
// Awaited (and a failure explained) below; until then a failure must not count as unhandled.
servicesStarting.catch(() => undefined);
const [{ createApp }, { bootstrapFirstAdmin }, { setupLinkUrl }, { createLogger }] = await Promise.all([
  import('./app.js'),
  import('./cli/bootstrap.js'),
  import('./features/auth/setup-links.js'),
  import('./shared/logger.js'),
]);
timer.mark('app modules');

const logger = createLogger(config.logLevel);
let services: ResolvedServices;
try {
  services = await servicesStarting;
} catch (error) {
  if (error instanceof EmbeddedStartError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const dataDir = path.resolve(config.dataDir);
if (!config.databaseUrl) logger.info({ dataDir: path.join(dataDir, 'postgres') }, 'using embedded PostgreSQL (PGlite)');
if (!config.mongodbUrl) logger.info({ dataDir: path.join(dataDir, 'ferretdb') }, 'using embedded MongoDB (FerretDB)');

const webDistDir = config.webDistDir ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
const app = await createApp({
  databaseUrl: services.databaseUrl,
  databaseMaxConnections: services.databaseMaxConnections,
  mongodbUrl: services.mongodbUrl ?? config.mongodbUrl ?? '',
  secretKey: services.secretKey,
  previousSecretKeys: config.previousSecretKeys,
  logger,
  webDistDir,
  publicUrl: config.publicUrl,
  trustProxy: config.trustProxy,
  trustedDocumentsForBrowserSessions: config.trustedDocumentsForBrowserSessions,
  pwnedPasswords: config.pwnedPasswords,
  outboundProxy: config.outboundProxy,
  connectWise: {
    clientId: config.connectWiseClientId,
    ca: config.connectWiseCaFile ? readFileSync(config.connectWiseCaFile) : undefined,
    maxRequestsPerMinute: config.connectWiseMaxRequestsPerMinute,
  },
  jumpCloud: { ca: config.jumpCloudCaFile ? readFileSync(config.jumpCloudCaFile) : undefined },
  timer,
});
const url = await app.listen(config.port, config.host);
timer.mark('listen');

const firstAdmin = services.embeddedDatabase ? await bootstrapFirstAdmin(app.orm) : undefined;
timer.mark('first admin');
logger.debug({ totalMs: timer.totalMs, phasesMs: timer.phases }, 'start-up timings');
console.log(`\nhighwater is ready at ${url}/  (GraphQL: ${url}/graphql)`);
if (firstAdmin) {
  console.log(`First start: created admin ${firstAdmin.email} (roles billing, admin).`);
  console.log(`Open this link to choose your password (once, within 24 hours): ${setupLinkUrl(url, firstAdmin.setupToken)}`);
} else {
  // PGlite serves this process alone, so the command can reach an embedded database only while we are stopped.
  const when = services.embeddedDatabase ? ' (stop the server first: the embedded database serves one process)' : '';
  // The built server runs where pnpm and the sources may not be (the Docker image): name the built command.
  const adminCreate = import.meta.url.endsWith('.js') ? 'node server/dist/cli/admin-create.js' : 'pnpm --filter server admin:create';
  console.log(`Get a token${when}: ${adminCreate} --provider "My MSP" --email you@example.com --roles billing,admin`);
}

/** Past this, something hangs (a database that stopped answering): exit rather than wait forever. */
const STOP_TIMEOUT_MS = 30_000;

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // Ctrl-C or a SIGTERM to the process group reaches us both directly and through scripts/start.mjs.
    if (stopping) return;
    stopping = true;
    const began = performance.now();
    logger.debug({ signal }, 'shutting down');
    setTimeout(() => {
      console.error(`highwater did not stop within ${STOP_TIMEOUT_MS / 1000} s of ${signal}; exiting anyway`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    void app
      .stop()
      .then(async (jobs) => {
        await services.stop();
        console.log(stoppedLine(signal, performance.now() - began, jobs));
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  });
}

/** One line: how the stop went and what the next start will pick up. */
function stoppedLine(signal: string, ms: number, { handedBack, stillRunning }: AppStopped): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const notes = [
    handedBack.length > 0 ? `${plural(handedBack.length, 'job')} handed back for the next start (${handedBack.join(', ')})` : '',
    stillRunning.length > 0 ? `${plural(stillRunning.length, 'job')} still running left locked until the lock lapses (${stillRunning.join(', ')})` : '',
  ].filter(Boolean);
  return `highwater stopped (${signal}, ${(ms / 1000).toFixed(1)} s)${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`;
}
