/** Start-up: config → embedded defaults → app (ORM, migrations, Agenda, schema, HTTP + graphql-ws). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { ConfigError, readConfig } from './config/index.js';
import { resolveServices, EmbeddedStartError } from './embedded/defaults.js';
import { bootstrapFirstAdmin } from './cli/bootstrap.js';
import { setupLinkUrl } from './features/auth/setup-links.js';
import { createLogger } from './shared/logger.js';

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

const logger = createLogger(config.logLevel);
let services;
try {
  services = await resolveServices(config, logger);
} catch (error) {
  if (error instanceof EmbeddedStartError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

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
});
const url = await app.listen(config.port, config.host);

const firstAdmin = services.embeddedDatabase ? await bootstrapFirstAdmin(app.orm) : undefined;
console.log(`\nhighwater is ready at ${url}/  (GraphQL: ${url}/graphql)`);
if (firstAdmin) {
  console.log(`First start: created admin ${firstAdmin.email} (roles billing, admin).`);
  console.log(`Open this link to choose your password (once, within 24 hours): ${setupLinkUrl(url, firstAdmin.setupToken)}`);
} else {
  // PGlite serves this process alone, so the command can reach an embedded database only while we are stopped.
  const when = services.embeddedDatabase ? ' (stop the server first: the embedded database serves one process)' : '';
  console.log(`Get a token${when}: pnpm --filter server admin:create --provider "My MSP" --email you@example.com --roles billing,admin`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void app
      .stop()
      .then(() => services.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  });
}
