/**
 * `pnpm --filter server e2e-server`: the whole app for browser tests — a fresh database, its own
 * FerretDB, the built admin app from web/dist, one Billing admin, a ConnectWise simulator the app
 * trusts, and organizations (with user counts) for the admin's provider. Prints one JSON line
 * {"url","token","connectWise":{"site","companyId","publicKey","privateKey"}} and serves until
 * SIGTERM/SIGINT, then removes everything it made.
 *
 * E2E_ORGANIZATIONS (default 5000) sets how many generated organizations join the named ones, so the
 * browser tests see an MSP of realistic size.
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
import { startConnectWiseSimulator } from './connectwise-sim/index.js';

/** ConnectWise companies named a little differently from the organizations, as real ones are. */
const NAMED_COMPANIES: Array<{ name: string; typeNames: string[] }> = [
  { name: 'ACME Inc', typeNames: ['Customer'] },
  { name: 'Blue Harbor Dental LLC', typeNames: ['Customer'] },
  { name: 'Cedar and Stone Legal Partners', typeNames: ['Customer'] },
  { name: 'Northwind Traders Ltd', typeNames: ['Customer'] },
  { name: 'Summit Pediatric Clinic', typeNames: ['Customer'] },
  { name: 'Granite Logistics Co.', typeNames: ['Prospect'] },
  { name: 'Ingram Micro', typeNames: ['Vendor'] },
];

/** The organizations the journey maps, with this month's user counts (the high watermark is the highest). */
const NAMED_ORGANIZATIONS: Array<{ externalId: string; name: string; costPerSeat: number; counts: number[] }> = [
  { externalId: 'jc-acme', name: 'Acme, Inc.', costPerSeat: 8.5, counts: [38, 42, 40] },
  { externalId: 'jc-blue-harbor', name: 'Blue Harbor Dental', costPerSeat: 8.5, counts: [12, 15] },
  { externalId: 'jc-cedar-stone', name: 'Cedar & Stone Legal', costPerSeat: 9.25, counts: [27] },
  { externalId: 'jc-northwind', name: 'Northwind Traders', costPerSeat: 7.75, counts: [103, 99] },
  { externalId: 'jc-granite', name: 'Granite Logistics', costPerSeat: 8.5, counts: [61] },
];

const generatedCount = Number(process.env.E2E_ORGANIZATIONS ?? 5000);
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never);

const sim = await startConnectWiseSimulator({
  seed: { types: ['Customer', 'Prospect', 'Vendor'], companies: NAMED_COMPANIES, agreementsPerCompany: 2, cancelledAgreementsPerCompany: 1 },
});
// Enough companies that the picker pages (25 at a time) and searching matters.
sim.seed({ types: ['Customer', 'Prospect', 'Vendor'], companies: 90 });

const database = await createTemporaryDatabase('highwater_e2e', process.env.TEST_POSTGRES_URL ?? LOCAL_POSTGRES_URL);
const ferretDir = mkdtempSync(path.join(tmpdir(), 'highwater-e2e-ferretdb-'));
const ferretdb = await startFerretDb(ferretDir, 'highwater_e2e');
const app = await createApp({
  databaseUrl: database.url,
  mongodbUrl: ferretdb.url,
  secretKey: randomBytes(32),
  logger,
  connectWise: { clientId: sim.clientId, ca: sim.ca },
  webDistDir: fileURLToPath(new URL('../../web/dist', import.meta.url)),
  // The browser journey then proves every screen runs on the app's trusted documents alone.
  trustedDocumentsForBrowserSessions: true,
});
const url = await app.listen(Number(process.env.PORT ?? 0));
const { token } = await new AuthService(app.orm.em.fork()).createProviderAdmin({
  providerName: 'E2E MSP',
  email: 'e2e-admin@example.com',
  roles: [Role.BILLING, Role.ADMIN],
});
try {
  await seedOrganizations();
} catch (error) {
  logger.error({ err: error }, 'seeding the e2e server failed');
  await shutdown(1);
}
console.log(JSON.stringify({ url, token, connectWise: sim.credentials }));

/** Through the public API, as a directory script would: organizations first, then their user counts. */
async function seedOrganizations() {
  const generated = Array.from({ length: generatedCount }, (_, i) => ({
    externalId: `jc-gen-${String(i + 1).padStart(5, '0')}`,
    name: `Client Organization ${String(i + 1).padStart(4, '0')}`,
    costPerSeat: 8 + (i % 4) * 0.25,
  }));
  const organizations = [...NAMED_ORGANIZATIONS.map(({ externalId, name, costPerSeat }) => ({ externalId, name, costPerSeat })), ...generated];
  for (let i = 0; i < organizations.length; i += 10_000) {
    await graphql(`mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }`, { o: organizations.slice(i, i + 10_000) });
  }

  // Counts observed earlier today (never in the future, always in this billing month unless run at midnight).
  const observedAt = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const counts = [
    ...NAMED_ORGANIZATIONS.flatMap(({ externalId, counts: values }) => values.map((count, index) => ({ externalId, count, observedAt: observedAt(values.length - index) }))),
    ...generated.map(({ externalId }, i) => ({ externalId, count: 5 + (i % 120), observedAt: observedAt(1) })),
  ];
  for (let i = 0; i < counts.length; i += 10_000) {
    await graphql(`mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }`, { c: counts.slice(i, i + 10_000) });
  }
}

async function graphql(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`seeding failed: ${JSON.stringify(body.errors)}`);
}

/** How long a graceful app.stop() may take before the rest is cleaned up anyway. */
const STOP_GRACE_MS = 5_000;

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  // app.stop() has been seen to hang here (it never settles after SIGTERM, with or without the
  // simulator); the database, FerretDB and temporary files must still go, so it gets a deadline.
  const stopped = await Promise.race([
    app.stop().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS).unref()),
  ]);
  if (!stopped) logger.warn(`app.stop() did not finish within ${STOP_GRACE_MS} ms; cleaning up anyway`);
  await sim.close();
  await ferretdb.stop();
  rmSync(ferretDir, { recursive: true, force: true });
  await database.drop();
  process.exit(code);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
