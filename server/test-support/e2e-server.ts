/**
 * `pnpm --filter server e2e-server`: the whole app for browser tests — a fresh database, its own
 * FerretDB, the built admin app from web/dist and one Billing admin. Prints one JSON line
 * {"url","token"} and serves until SIGTERM/SIGINT, then removes everything it made.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { createTemporaryDatabase, LOCAL_POSTGRES_URL } from '../src/db/databases.js';
import { startFerretDb } from '../src/embedded/ferretdb.js';
import { AuthService } from '../src/features/auth/auth.service.js';
import { Role } from '../src/features/auth/roles.js';
import { createLogger } from '../src/shared/logger.js';

const database = await createTemporaryDatabase('highwater_e2e', process.env.TEST_POSTGRES_URL ?? LOCAL_POSTGRES_URL);
const ferretDir = mkdtempSync(path.join(tmpdir(), 'highwater-e2e-ferretdb-'));
const ferretdb = await startFerretDb(ferretDir, 'highwater_e2e');
const app = await createApp({
  databaseUrl: database.url,
  mongodbUrl: ferretdb.url,
  secretKey: randomBytes(32),
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never),
  connectWise: { clientId: '0f4c5a52-6f55-4cf4-b8f1-5b0b2c6a1e11' },
  webDistDir: fileURLToPath(new URL('../../web/dist', import.meta.url)),
});
const url = await app.listen(Number(process.env.PORT ?? 0));
const { token } = await new AuthService(app.orm.em.fork()).createProviderAdmin({
  providerName: 'E2E MSP',
  email: 'e2e-admin@example.com',
  roles: [Role.BILLING, Role.ADMIN],
});
console.log(JSON.stringify({ url, token }));

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await app.stop();
  await ferretdb.stop();
  rmSync(ferretDir, { recursive: true, force: true });
  await database.drop();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
