/**
 * `pnpm --filter server e2e-server`: the whole app for browser tests — a fresh database, its own
 * FerretDB, the built admin app from web/dist, a Billing admin and a second admin of the same provider
 * without the Billing role, a ConnectWise and a JumpCloud simulator the app trusts, and organizations
 * (this month's user counts, eleven months of history) for the provider (seeded by e2e-seed.ts).
 * Prints one JSON line
 * {"url","token","viewerToken","connectWise":{"site","companyId","publicKey","privateKey"},"person":{"email","setupLink"},"peopleAdminToken",
 *  "jumpCloud":{"token","providerId","apiKey","baseUrl","failingOrganization"}}
 * and serves until SIGTERM/SIGINT, then removes everything it made.
 *
 * The JumpCloud journey signs in as the Billing admin of a provider of its own (`jumpCloud.token`): a
 * poll deactivates every organization JumpCloud does not list, and JumpCloud's ids are not the seeded
 * organizations' (`jc-acme`, which the other journeys use), so polling into the main provider would
 * deactivate the 5000 generated organizations and duplicate the named ones under the other browser tests.
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
import { createSetupLink, setupLinkUrl } from '../src/features/auth/setup-links.js';
import { createLogger } from '../src/shared/logger.js';
import { startConnectWiseSimulator } from './connectwise-sim/index.js';
import { buildDemoProvider, DEMO_ADMIN, demoSignInPath, graphqlClient, startDemoSimulators } from './demo/demo-world.js';
import { startTestIdentityProvider } from './oidc-idp.js';
import { FAILING_JUMPCLOUD_ORGANIZATION, NAMED_COMPANIES, seedOrganizations, seedWatermarkHistory, startE2eJumpCloud } from './e2e-seed.js';

const generatedCount = Number(process.env.E2E_ORGANIZATIONS ?? 5000);
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never);

const sim = await startConnectWiseSimulator({
  seed: { types: ['Customer', 'Prospect', 'Vendor'], companies: NAMED_COMPANIES, agreementsPerCompany: 2, cancelledAgreementsPerCompany: 1 },
});
// Enough companies that the picker pages (25 at a time) and searching matters.
sim.seed({ types: ['Customer', 'Prospect', 'Vendor'], companies: 90 });
const jumpCloudSim = await startE2eJumpCloud();
// `pnpm demo`'s world is a provider of this one too, so the demo is tested wherever the e2e suite runs.
const demoSims = await startDemoSimulators();
const demoPath = demoSignInPath();

const database = await createTemporaryDatabase('highwater_e2e', process.env.TEST_POSTGRES_URL ?? LOCAL_POSTGRES_URL);
const ferretDir = mkdtempSync(path.join(tmpdir(), 'highwater-e2e-ferretdb-'));
const ferretdb = await startFerretDb(ferretDir, 'highwater_e2e');
const app = await createApp({
  databaseUrl: database.url,
  mongodbUrl: ferretdb.url,
  secretKey: randomBytes(32),
  logger,
  connectWise: { clientId: sim.clientId, ca: sim.ca },
  // Short retry delays: the simulator's failing organization should not hold a poll up for long.
  jumpCloud: { ca: jumpCloudSim.ca, retryBaseDelayMs: 50, retryMaxDelayMs: 200 },
  webDistDir: fileURLToPath(new URL('../../web/dist', import.meta.url)),
  // The browser journey then proves every screen runs on the app's trusted documents alone.
  trustedDocumentsForBrowserSessions: true,
  demoSignIn: { path: demoPath, adminEmail: DEMO_ADMIN },
});
const url = await app.listen(Number(process.env.PORT ?? 0));
const auth = () => new AuthService(app.orm.em.fork());
const { token, provider } = await auth().createProviderAdmin({
  providerName: 'E2E MSP',
  email: 'e2e-admin@example.com',
  roles: [Role.BILLING, Role.ADMIN],
});
// Same provider, no Billing role: the screens that need it explain so instead of showing their data.
const viewer = await auth().createProviderAdmin({ providerName: 'E2E MSP', email: 'e2e-viewer@example.com', roles: [Role.ADMIN] });
const jumpCloudAdmin = await auth().createProviderAdmin({
  providerName: 'E2E MSP (JumpCloud)',
  email: 'e2e-jumpcloud@example.com',
  roles: [Role.BILLING, Role.ADMIN],
});
// The password journey's person: a provider of their own (their audit entries stay out of the others'
// journeys), and nothing but a setup link to start from.
const person = await auth().createProviderAdmin({ providerName: 'E2E MSP (people)', email: 'e2e-person@example.com', roles: [Role.BILLING, Role.ADMIN] });
const personLink = setupLinkUrl(url, await createSetupLink(app.orm.em.fork(), person.admin));
// The People journey's admin: a provider of its own too (it invites and deactivates people).
const peopleAdmin = await auth().createProviderAdmin({ providerName: 'E2E MSP (people screen)', email: 'e2e-people-admin@example.com', roles: [Role.BILLING, Role.ADMIN] });
// The single sign-on journey: a provider of its own with its own domain, an identity provider that knows
// an invited Billing admin and a stranger, and the ADMIN who sets it up on the screen.
const SSO_DOMAIN = 'sso-e2e.example';
const identityProvider = await startTestIdentityProvider({ redirectUris: [`${url}/auth/sso/callback`] });
const ssoAdmin = await auth().createProviderAdmin({ providerName: 'E2E MSP (single sign-on)', email: `e2e-sso-admin@${SSO_DOMAIN}`, roles: [Role.BILLING, Role.ADMIN] });
const ssoPerson = await auth().createProviderAdmin({ providerName: 'E2E MSP (single sign-on)', email: `e2e-sso-person@${SSO_DOMAIN}`, roles: [Role.BILLING] });
identityProvider.addPerson(ssoPerson.admin.email);
identityProvider.addPerson(`e2e-sso-stranger@${SSO_DOMAIN}`);
let demo: Awaited<ReturnType<typeof buildDemoProvider>> | undefined;
try {
  const ids = await seedOrganizations(graphql, generatedCount);
  await seedWatermarkHistory(app.orm.em.fork(), provider.id, ids);
  demo = await buildDemoProvider({ em: () => app.orm.em.fork(), graphqlAt: (demoToken) => graphqlClient(url, demoToken), sims: demoSims, providerName: 'Demo MSP', adminEmail: DEMO_ADMIN });
} catch (error) {
  logger.error({ err: error }, 'seeding the e2e server failed');
  await shutdown(1);
}
console.log(
  JSON.stringify({
    url,
    token,
    viewerToken: viewer.token,
    connectWise: sim.credentials,
    jumpCloud: {
      token: jumpCloudAdmin.token,
      providerId: jumpCloudSim.providerId,
      apiKey: jumpCloudSim.apiKey,
      baseUrl: jumpCloudSim.url,
      failingOrganization: FAILING_JUMPCLOUD_ORGANIZATION,
    },
    person: { email: person.admin.email, setupLink: personLink },
    peopleAdminToken: peopleAdmin.token,
    demo: { signInUrl: `${url}${demoPath}`, organizations: demo?.organizations ?? 0, mapped: demo?.mapped ?? 0 },
    sso: {
      adminToken: ssoAdmin.token,
      domain: SSO_DOMAIN,
      issuer: identityProvider.issuer,
      clientId: identityProvider.clientId,
      clientSecret: identityProvider.clientSecret,
      personEmail: ssoPerson.admin.email,
      strangerEmail: `e2e-sso-stranger@${SSO_DOMAIN}`,
    },
  }),
);

async function graphql(query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`seeding failed: ${JSON.stringify(body.errors)}`);
  return body.data;
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
  await jumpCloudSim.close();
  await demoSims.close();
  await identityProvider.stop();
  await ferretdb.stop();
  rmSync(ferretDir, { recursive: true, force: true });
  await database.drop();
  process.exit(code);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
