/**
 * The demo's world, also one provider of the e2e suite's (so it cannot rot): a ConnectWise and a
 * JumpCloud simulator with a realistic MSP in them, and a provider of highwater set up the way an admin
 * would through the API — ConnectWise connected, JumpCloud connected and polled, costs per seat, most
 * organizations mapped, automated ticketing on, months of usage, a first sync finished and alerts
 * ticketed. `streamAlerts` then keeps security events (and their resolutions) arriving in JumpCloud.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthService } from '../../src/features/auth/auth.service.js';
import { Role } from '../../src/features/auth/roles.js';
import { realisticSeed, startConnectWiseSimulator, type ConnectWiseSimulator } from '../connectwise-sim/index.js';
import { JumpCloudSimulator, type UserSeed } from '../jumpcloud-sim/index.js';

export interface DemoSimulators {
  connectWise: ConnectWiseSimulator;
  jumpCloud: JumpCloudSimulator;
  close(): Promise<void>;
}

export interface DemoProvider {
  providerId: string;
  adminId: string;
  adminEmail: string;
  /** An API token of the demo admin (BILLING and ADMIN). */
  token: string;
  organizations: number;
  mapped: number;
  /** JumpCloud's ids of the mapped organizations: their alerts become tickets. */
  mappedJumpCloudIds: string[];
  syncRunId: string;
}

export const DEMO_COMPANIES = 40;
export const DEMO_ADMIN = 'demo@highwater.example';

/** The sign-in link's path: its secret, since anyone who opens it is signed in as the demo admin. */
export function demoSignInPath(): string {
  return `/auth/demo/${randomBytes(16).toString('hex')}`;
}
/** One organization in three stays unmapped, as in a real MSP halfway through setting up. */
const isMapped = (index: number) => index % 3 !== 2;
const MONTHS_OF_HISTORY = 6;

type Graphql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** Forty clients an MSP might have; the realistic seed's own list repeats after sixteen. */
const CLIENT_NAMES = [
  'Northwind Dental Group', 'Harbor & Pine Legal LLP', 'Summit Ridge Logistics', 'Cedar Valley Clinic', 'Bluefin Studios',
  'Granite Peak Engineering', 'Atlas Freight Co.', 'Maple Street Bakery', 'Quantum Leap Consulting', 'Silverline Motors',
  'Orchard Family Practice', 'Lakeside Accounting', 'Redwood Property Management', 'Beacon Hill Insurance', 'Copperline Electric',
  'Evergreen Veterinary Hospital', 'Falcon Aviation Services', 'Golden Gate Realty', 'Hawthorne Architects', 'Ironclad Security LLC',
  'Juniper Wealth Advisors', 'Keystone Construction', 'Lighthouse Charter School', 'Meridian Physical Therapy', 'Nova Biotech Labs',
  'Oakridge Senior Living', 'Pinnacle Marketing Group', 'Riverbend Credit Union', 'Sapphire Hotel & Spa', 'Trailhead Outfitters',
  'Union Street Pharmacy', 'Valley Orthopedics', 'Westfield Manufacturing', 'Yellowstone Title Co.', 'Zephyr Wind Energy',
  'Brightwater Pediatrics', 'Crescent City Law', 'Driftwood Marina', 'Elm Street Dental', 'Foxglove Florists',
];

export async function startDemoSimulators(): Promise<DemoSimulators> {
  const connectWise = await startConnectWiseSimulator({ seed: false });
  // Customer, Managed Client, Prospect, Vendor and Partner companies; agreements of every status; additions
  // with null quantities and costs among the ordinary ones.
  realisticSeed(connectWise.data, { companies: DEMO_COMPANIES });
  const live = connectWise.data.companies.filter((company) => !company.deletedFlag);
  live.forEach((company, index) => {
    company.name = CLIENT_NAMES[index % CLIENT_NAMES.length]!;
    for (const agreement of connectWise.data.agreements) if (agreement.company.id === company.id) agreement.company.name = company.name;
  });
  const jumpCloud = await new JumpCloudSimulator().start();
  return {
    connectWise,
    jumpCloud,
    async close() {
      await connectWise.close();
      await jumpCloud.close();
    },
  };
}

/** Deterministic "random" numbers, so every demo (and every e2e run) shows the same MSP. */
function sequence(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % max;
  };
}

/** The JumpCloud side: an organization for each billable ConnectWise company, named as people write it. */
function seedJumpCloud(sims: DemoSimulators): Map<string, { jumpCloudId: string; users: number }> {
  const next = sequence(7);
  const companies = sims.connectWise.data.companies.filter((company) => !company.deletedFlag);
  const byCompanyName = new Map<string, { jumpCloudId: string; users: number }>();
  companies.forEach((company) => {
    const activated = 6 + next(90);
    const users: UserSeed[] = [
      ...Array.from({ length: activated }, () => ({ state: 'ACTIVATED' as const })),
      ...Array.from({ length: next(4) }, () => ({ state: 'STAGED' as const })),
      ...Array.from({ length: next(3) }, () => ({ state: 'SUSPENDED' as const })),
    ];
    const name = company.name.replace(/\s+(LLP|LLC|Co\.|Group)$/, '');
    const [organization] = sims.jumpCloud.seed({ organizations: [{ name, users }] });
    byCompanyName.set(company.name, { jumpCloudId: organization!.id, users: activated });
  });
  return byCompanyName;
}

/**
 * A provider set up through the API as an admin would. `graphqlAt(token)` posts to the running app;
 * `em` writes the months before this one, which the API only records as they happen.
 */
export async function buildDemoProvider(options: {
  em: () => EntityManager;
  graphqlAt: (token: string) => Graphql;
  sims: DemoSimulators;
  providerName: string;
  adminEmail: string;
}): Promise<DemoProvider> {
  const { sims } = options;
  const jumpCloudOrganizations = seedJumpCloud(sims);
  const { provider, admin, token } = await new AuthService(options.em()).createProviderAdmin({
    providerName: options.providerName,
    email: options.adminEmail,
    roles: [Role.BILLING, Role.ADMIN],
  });
  const graphql = options.graphqlAt(token);

  const { site, companyId, publicKey, privateKey } = sims.connectWise.credentials;
  await graphql('mutation($i: ConnectWiseIntegrationInput!) { verifyAndSaveConnectWiseIntegration(input: $i) { companyId } }', {
    i: { site, companyId, publicKey, privateKey },
  });
  // Managed Client companies are billed too, besides the default Customer.
  const { companyTypes } = await graphql<{ companyTypes: { id: number; name: string }[] }>('{ companyTypes { id name } }');
  const billable = companyTypes.filter((type) => type.name === 'Customer' || type.name === 'Managed Client').map((type) => type.id);
  await graphql('mutation($ids: [Int!]!) { setBillableCompanyTypes(ids: $ids) { id } }', { ids: billable });

  await graphql('mutation($i: ConnectJumpCloudInput!) { connectJumpCloud(input: $i) { id } }', {
    i: { providerId: sims.jumpCloud.providerId, apiKey: sims.jumpCloud.apiKey, baseUrl: sims.jumpCloud.url, insightsBaseUrl: sims.jumpCloud.url },
  });
  const organizations = await waitFor(async () => {
    const { organizations: page } = await graphql<{ organizations: { nodes: { id: string; externalId: string; name: string }[] } }>(
      '{ organizations(first: 100) { nodes { id externalId name } } }',
    );
    return page.nodes.length >= jumpCloudOrganizations.size ? page.nodes : undefined;
  }, "JumpCloud's first poll");
  const organizationOf = new Map(organizations.map((organization) => [organization.externalId, organization]));

  const next = sequence(11);
  const billableCompanies = sims.connectWise.data.companies.filter((company) => !company.deletedFlag && company.types.some((type) => billable.includes(type.id)));
  const mappings: { organizationId: string; companyId: number; agreementId: number; additionId: number }[] = [];
  for (const [index, company] of sims.connectWise.data.companies.entries()) {
    const seeded = jumpCloudOrganizations.get(company.name);
    const organization = seeded && organizationOf.get(seeded.jumpCloudId);
    if (!seeded || !organization) continue;
    await graphql('mutation($id: ID!, $amount: Float!) { setCostPerSeat(organizationId: $id, amount: $amount) { id } }', {
      id: organization.id,
      amount: [6.5, 8, 8.5, 9.25, 12][next(5)]!,
    });
    const agreement = sims.connectWise.data.agreements.find((row) => row.company.id === company.id && row.agreementStatus === 'Active');
    const addition = agreement && sims.connectWise.data.additions.find((row) => row.agreementId === agreement.id && row.id !== undefined);
    if (isMapped(index) && billableCompanies.includes(company) && agreement && addition) {
      mappings.push({ organizationId: organization.id, companyId: company.id, agreementId: agreement.id, additionId: addition.id });
    }
  }
  await graphql('mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }', { m: mappings });

  await recordThisMonth(graphql, [...jumpCloudOrganizations.values()]);
  await writeHistory(options.em(), provider.id, organizations.map((organization) => organization.id), next);
  await enableTicketing(graphql);
  const { syncNow } = await graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }');
  await waitFor(async () => {
    const { syncRun } = await graphql<{ syncRun: { status: string } }>('query($id: ID!) { syncRun(id: $id) { status } }', { id: syncNow.id });
    return syncRun.status !== 'QUEUED' && syncRun.status !== 'RUNNING' ? syncRun : undefined;
  }, 'the first sync');
  await reportFirstAlerts(graphql, mappings.slice(0, 4).map((mapping) => organizations.find((organization) => organization.id === mapping.organizationId)!.externalId));

  return {
    providerId: provider.id,
    adminId: admin.id,
    adminEmail: admin.email,
    token,
    organizations: organizations.length,
    mapped: mappings.length,
    mappedJumpCloudIds: mappings.map((mapping) => organizations.find((organization) => organization.id === mapping.organizationId)!.externalId),
    syncRunId: syncNow.id,
  };
}

/** This month's counts so far, a few days apart, rising to today's (the high watermark is in the middle). */
async function recordThisMonth(graphql: Graphql, organizations: { jumpCloudId: string; users: number }[]): Promise<void> {
  const end = Date.now() - 60_000;
  const today = new Date(end);
  // 06:00 UTC on the 1st is in the month in New York (the billing zone) too, whatever daylight saving does.
  const monthStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1, 6);
  const steps = Math.max(1, Math.min(6, Math.floor((end - monthStart) / 86_400_000)));
  const at = (step: number) => new Date(end <= monthStart ? end : monthStart + ((end - monthStart) * (step + 1)) / steps);
  const counts = organizations.flatMap(({ jumpCloudId, users }, index) =>
    Array.from({ length: steps }, (_, step) => {
      // One in four had a few more users mid-month than today: the watermark, not today's count, is billed.
      const bump = index % 4 === 0 && step === Math.floor(steps / 2) ? 3 : 0;
      return { externalId: jumpCloudId, count: Math.max(1, users - 2 + Math.min(step, 2) + bump), observedAt: at(step).toISOString() };
    }),
  );
  if (counts.length) await graphql('mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', { c: counts });
}

/** The months before this one: watermarks and what the sync wrote, as if highwater had run all along. */
async function writeHistory(em: EntityManager, providerId: string, organizationIds: string[], next: (max: number) => number): Promise<void> {
  const now = new Date();
  for (const organizationId of organizationIds) {
    let users = 10 + next(80);
    for (let back = MONTHS_OF_HISTORY; back >= 1; back--) {
      users = Math.max(3, users + next(7) - 2);
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
      const syncedAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 1, 17)).toISOString();
      await em.execute(
        `insert into monthly_watermarks (organization_id, month, provider_id, high_watermark, synced_quantity, synced_at)
         values (?, ?, ?, ?, ?, ?) on conflict (organization_id, month) do nothing`,
        [organizationId, month, providerId, users, users, syncedAt],
      );
    }
  }
}

async function enableTicketing(graphql: Graphql): Promise<void> {
  const { alertTicketOptions } = await graphql<{ alertTicketOptions: { priorities: { id: number; name: string }[]; sources: { id: number; name: string }[] } }>(
    '{ alertTicketOptions { priorities { id name } sources { id name } } }',
  );
  const priority = (words: string) => alertTicketOptions.priorities.find((option) => option.name.includes(words))?.id ?? null;
  const source = alertTicketOptions.sources[0]?.id ?? null;
  await graphql('mutation { setAutomatedTicketing(enabled: true) { automatedTicketing } }');
  const setting = (alertType: string, priorityWords: string, dueDays: number) => ({
    alertType,
    createTickets: true,
    priorityId: priority(priorityWords),
    sourceId: source,
    dueDays,
    recurrence: 'NOTE_ON_OPEN_TICKET',
    recurrenceWindowHours: 24,
    closeOnResolve: true,
  });
  await graphql('mutation($s: [AlertSettingInput!]!) { saveAlertSettings(settings: $s) { automatedTicketing } }', {
    s: [
      setting('DISK_ENCRYPTION_KEY_DECRYPTED', 'Priority 1', 1),
      setting('USER_ADMIN_ACCESS_GRANTED', 'Priority 2', 1),
      setting('USER_LOCKOUT', 'Priority 3', 2),
      setting('USER_PASSWORD_EXPIRED', 'Priority 4', 5),
    ],
  });
}

/** A few alerts through the API right away, so the first look already has tickets. */
async function reportFirstAlerts(graphql: Graphql, externalOrgIds: string[]): Promise<void> {
  const types = ['USER_LOCKOUT', 'USER_PASSWORD_EXPIRED', 'DISK_ENCRYPTION_KEY_DECRYPTED', 'USER_ADMIN_ACCESS_GRANTED'];
  const alerts = externalOrgIds.map((externalOrgId, index) => ({
    externalEventId: `demo-first-${index}`,
    externalOrgId,
    alertType: types[index % types.length],
    subject: index % 2 === 0 ? `user${index + 1}@demo-client.example` : `LAPTOP-${1000 + index}`,
    occurredAt: new Date(Date.now() - (index + 1) * 60_000).toISOString(),
  }));
  if (alerts.length) await graphql('mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted } }', { a: alerts });
}

/**
 * Every `everyMs`, a security event in one mapped organization's Directory Insights — a lockout, an
 * expired password, an admin grant or a decrypted disk key — and, now and then, the event that resolves
 * an earlier one. highwater's alert poll (every minute) turns them into tickets and closes them.
 */
export function streamAlerts(jumpCloud: JumpCloudSimulator, jumpCloudIds: string[], everyMs = 5_000): { stop(): void } {
  const next = sequence(23);
  const open: { orgId: string; email: string; resolution: string }[] = [];
  const timer = setInterval(() => {
    if (jumpCloudIds.length === 0) return;
    if (open.length > 3 && next(2) === 0) {
      const { orgId, email, resolution } = open.splice(next(open.length), 1)[0]!;
      jumpCloud.appendEvents(orgId, [{ event_type: resolution, resource: { type: 'user', email } }]);
      return;
    }
    const orgId = jumpCloudIds[next(jumpCloudIds.length)]!;
    const email = `user${next(90) + 1}@client${jumpCloudIds.indexOf(orgId) + 1}.example`;
    const kind = next(4);
    if (kind === 0) {
      jumpCloud.appendEvents(orgId, [{ event_type: 'user_lockout', resource: { type: 'user', email } }]);
      open.push({ orgId, email, resolution: 'user_unlocked' });
    } else if (kind === 1) {
      jumpCloud.appendEvents(orgId, [{ event_type: 'user_password_expired', resource: { type: 'user', email } }]);
      open.push({ orgId, email, resolution: 'user_password_change' });
    } else if (kind === 2) {
      jumpCloud.appendEvents(orgId, [{ event_type: 'user_admin_granted', resource: { type: 'user', email } }]);
      open.push({ orgId, email, resolution: 'user_admin_revoked' });
    } else {
      jumpCloud.appendEvents(orgId, [{ service: 'systems', event_type: 'system_fde_key_decrypt', resource: { type: 'system', hostname: `LAPTOP-${next(9000) + 1000}` } }]);
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`the demo gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** GraphQL over HTTP as the demo admin's scripts would call it; any error stops the set-up, naming the call. */
export function graphqlClient(url: string, token: string): Graphql {
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors || !body.data) throw new Error(`setting up the demo failed at ${query.slice(0, 60)}…: ${body.errors?.map((e) => e.message).join('; ')}`);
    return body.data;
  };
}
