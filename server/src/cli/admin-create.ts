/**
 * pnpm --filter server admin:create --provider NAME --email EMAIL --roles billing,admin [--json] [--setup-link [--url URL]]
 * Creates the provider if needed, the admin and an API token. With --json: one line
 * {"providerId","adminId","token"} for scripts. With --setup-link also a one-time link (24 hours) for the
 * admin to choose a password, on the server's address (--url, default http://localhost:PORT); in --json
 * as "setupLink".
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config/index.js';
import { applyMigrations, openOrm } from '../db/orm.js';
import { resolveServices } from '../embedded/defaults.js';
import { AuthService } from '../features/auth/auth.service.js';
import { createSetupLink, setupLinkUrl } from '../features/auth/setup-links.js';
import { parseRoles } from '../features/auth/roles.js';
import { createLogger } from '../shared/logger.js';

const usage = 'usage: admin:create --provider NAME --email EMAIL --roles billing,admin [--json] [--setup-link [--url URL]]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args;
try {
  args = parseArgs({
    options: {
      provider: { type: 'string' },
      email: { type: 'string' },
      roles: { type: 'string', default: 'billing' },
      json: { type: 'boolean', default: false },
      'setup-link': { type: 'boolean', default: false },
      url: { type: 'string' },
    },
  }).values;
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (!args.provider || !args.email) fail(usage);

let roles;
try {
  roles = parseRoles(args.roles ?? '');
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const config = readConfig();
const logger = createLogger(args.json ? 'silent' : 'warn');
const services = await resolveServices(config, { logger, withMongo: false });
const orm = await openOrm({ databaseUrl: services.databaseUrl, maxConnections: services.databaseMaxConnections });
try {
  await applyMigrations(orm);
  const { provider, admin, token } = await new AuthService(orm.em.fork()).createProviderAdmin({
    providerName: args.provider,
    email: args.email,
    roles,
  });
  const setupLink = args['setup-link']
    ? setupLinkUrl(args.url ?? `http://localhost:${config.port}`, await createSetupLink(orm.em.fork(), admin))
    : undefined;
  if (args.json) {
    console.log(JSON.stringify({ providerId: provider.id, adminId: admin.id, token, ...(setupLink ? { setupLink } : {}) }));
  } else {
    console.log(`Admin ${admin.email} of provider "${provider.name}" (${provider.id}), roles ${admin.roles.join(', ')}.`);
    console.log(`API token (shown once): ${token}`);
    if (setupLink) console.log(`Open this link to choose your password (once, within 24 hours): ${setupLink}`);
  }
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? error.message : String(error));
} finally {
  await orm.close(true);
  await services.stop();
}
