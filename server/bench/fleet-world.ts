/**
 * The fleet benchmark's world: one app (serving the API, taking no jobs) on a throwaway database and job
 * store, and `providers` providers, each connected to its own ConnectWise simulator (in this process:
 * 25 ms per request, 429 above 1,000 requests a minute) with `orgs` organizations, each mapped to its
 * own addition and with a user count this month, so a daily run PATCHes every addition once.
 */
import { ConnectWiseSimulator, startConnectWiseSimulator } from '../test-support/connectwise-sim/index.js';
import { AuthService } from '../src/features/auth/auth.service.js';
import { Role } from '../src/features/auth/roles.js';
import { forEachLimit } from '../src/shared/for-each-limit.js';
import { simulatorCertificate } from '../test-support/simulator-certificate.js';
import { graphqlAs, startBenchApp, type BenchApp, type BenchAppOptions } from './harness.js';

export const LATENCY_MS = 25;
/** What the simulators allow per minute (429 above it), and what the workers' clients pace to. */
export const REQUESTS_PER_MINUTE = 1_000;
/** Ours, as ConnectWise's clientId header (the simulators accept any). */
export const CLIENT_ID = '0f4c5a52-6f55-4cf4-b8f1-5b0b2c6a1e11';
/** Setup work (simulators, integrations, organizations) in flight at once. */
const SETUP_CONCURRENCY = 8;

export interface FleetProvider {
  id: string;
  sim: ConnectWiseSimulator;
}

export interface FleetWorld {
  bench: BenchApp;
  providers: FleetProvider[];
  /** Any clientId is accepted by the simulators; they share one certificate (this CA file). */
  caFile: string;
  /** Requests each simulator has answered so far, by provider id. */
  requestCounts(): Map<string, number>;
  /** Over all simulators, since they started. */
  traffic(): { requests: number; rateLimited: number; maxInFlight: number };
  /** Additions PATCHed more than once, and the PATCHes beyond the first, over all simulators. */
  duplicates(): { additions: number; extraPatches: number; patchedAdditions: number };
  stop(): Promise<void>;
}

export async function startFleetWorld({ providers, orgs, jobStore }: { providers: number; orgs: number } & BenchAppOptions): Promise<FleetWorld> {
  // Every simulator serves the same self-signed certificate.
  const { cert } = await simulatorCertificate();
  const bench = await startBenchApp({ connectWise: { clientId: CLIENT_ID, ca: cert } }, { jobStore });
  const fleet: FleetProvider[] = [];
  try {
    await forEachLimit(
      Array.from({ length: providers }, (_, index) => index),
      SETUP_CONCURRENCY,
      async (index) => {
        fleet.push(await addProvider(bench, index, orgs));
      },
    );
  } catch (error) {
    await Promise.all(fleet.map(({ sim }) => sim.close()));
    await bench.stop();
    throw error;
  }
  const sims = fleet.map(({ sim }) => sim);
  return {
    bench,
    providers: fleet,
    caFile: sims[0]!.caFile,
    requestCounts: () => new Map(fleet.map(({ id, sim }) => [id, sim.requests.length])),
    traffic: () => ({
      requests: sims.reduce((sum, sim) => sum + sim.requests.length, 0),
      rateLimited: sims.reduce((sum, sim) => sum + sim.requests.filter((request) => request.status === 429).length, 0),
      maxInFlight: Math.max(...sims.map((sim) => sim.maxInFlight)),
    }),
    duplicates() {
      let additions = 0;
      let extraPatches = 0;
      let patchedAdditions = 0;
      for (const sim of sims) {
        const perAddition = new Map<number, number>();
        for (const patch of sim.patches) perAddition.set(patch.additionId, (perAddition.get(patch.additionId) ?? 0) + 1);
        patchedAdditions += perAddition.size;
        for (const count of perAddition.values()) {
          if (count > 1) {
            additions += 1;
            extraPatches += count - 1;
          }
        }
      }
      return { additions, extraPatches, patchedAdditions };
    },
    async stop() {
      await Promise.all(sims.map((sim) => sim.close()));
      await bench.stop();
    },
  };
}

/** A provider, its admin, its simulator, its integration and its mapped organizations with usage. */
async function addProvider(bench: BenchApp, index: number, orgs: number): Promise<FleetProvider> {
  const sim = await startConnectWiseSimulator({
    latencyMs: LATENCY_MS,
    seed: { companies: Math.ceil(orgs / 2), types: ['Customer'], agreementsPerCompany: 1, additionsPerAgreement: 2 },
  });
  sim.addFault({ type: 'rate-limit', limit: REQUESTS_PER_MINUTE, windowMs: 60_000, retryAfterSeconds: 10, name: 'fleet-rate-limit' });
  const { token, provider } = await new AuthService(bench.app.orm.em.fork()).createProviderAdmin({
    providerName: `Fleet MSP ${index}`,
    email: `fleet-${index}@example.com`,
    roles: [Role.BILLING],
  });
  const graphql = graphqlAs(bench.url, token);
  await graphql('mutation($i: ConnectWiseIntegrationInput!) { verifyAndSaveConnectWiseIntegration(input: $i) { id } }', { i: sim.credentials });
  const created = await graphql<{ upsertOrganizations: { id: string }[] }>('mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }', {
    o: Array.from({ length: orgs }, (_, i) => ({ externalId: `fleet-${index}-${i}`, name: `Fleet ${index} org ${i}`, costPerSeat: 8.5 })),
  });
  const ids = created.upsertOrganizations.map((org) => org.id);
  const now = new Date().toISOString();
  await graphql('mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', {
    c: ids.map((organizationId, i) => ({ organizationId, count: 10 + (i % 90), observedAt: now })),
  });
  // Mappings straight into the table (as bench:sync does): the picker's ConnectWise checks are not measured.
  const additions = sim.initialSeed!.additions;
  const mappings = ids.map((organizationId, i) => ({ o: organizationId, a: additions[i]!.agreementId, d: additions[i]!.additionId }));
  await bench.app.orm.em.fork().execute(
    `insert into mappings (id, created_at, updated_at, provider_id, organization_id, company_id, company_name, agreement_id, agreement_name, addition_id, addition_name, needs_attention)
     select gen_random_uuid(), now(), now(), ?, x.o, 1, 'Company', x.a, 'Agreement', x.d, 'Addition', false from jsonb_to_recordset(?::jsonb) as x(o uuid, a int, d int)`,
    [provider.id, JSON.stringify(mappings)],
  );
  return { id: provider.id, sim };
}

