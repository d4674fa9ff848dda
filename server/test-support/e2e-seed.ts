/**
 * What the e2e server (e2e-server.ts) puts in its world: the ConnectWise companies, the organizations
 * with this month's user counts and eleven months of history, and the JumpCloud simulator's portal.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiResponse } from './jumpcloud-sim/routes.js';
import { messageError } from './jumpcloud-sim/routes.js';
import { JumpCloudSimulator, type OrganizationSeed, type RequestLogEntry, type UserSeed } from './jumpcloud-sim/index.js';
import { objectId } from './jumpcloud-sim/state.js';
import type { SimRequest } from './vendor-sim/server.js';

/** ConnectWise companies named a little differently from the organizations, as real ones are. */
export const NAMED_COMPANIES: Array<{ name: string; typeNames: string[] }> = [
  { name: 'ACME Inc', typeNames: ['Customer'] },
  { name: 'Blue Harbor Dental LLC', typeNames: ['Customer'] },
  { name: 'Cedar and Stone Legal Partners', typeNames: ['Customer'] },
  { name: 'Northwind Traders Ltd', typeNames: ['Customer'] },
  { name: 'Summit Pediatric Clinic', typeNames: ['Customer'] },
  { name: 'Granite Logistics Co.', typeNames: ['Prospect'] },
  { name: 'Ingram Micro', typeNames: ['Vendor'] },
];

/**
 * The organizations the journey maps. `counts` are this billing month's user counts, oldest first (the
 * high watermark is the highest); `history` the high watermark of each of the 11 previous months, oldest
 * first, with `syncedQuantity` when the addition was written with another quantity.
 */
export const NAMED_ORGANIZATIONS: Array<{
  externalId: string;
  name: string;
  costPerSeat: number;
  counts: number[];
  history: Array<{ highWatermark: number; syncedQuantity?: number }>;
}> = [
  {
    externalId: 'jc-acme',
    name: 'Acme, Inc.',
    costPerSeat: 8.5,
    counts: [38, 42, 40],
    history: [30, 31, 31, 32, 33, 33, 35, 36, 36, 37, 39].map((highWatermark, i) =>
      // One month an earlier sync wrote the count it saw, before a late hire raised the watermark.
      i === 7 ? { highWatermark, syncedQuantity: highWatermark - 2 } : { highWatermark },
    ),
  },
  {
    externalId: 'jc-blue-harbor',
    name: 'Blue Harbor Dental',
    costPerSeat: 8.5,
    counts: [12, 15],
    history: [10, 10, 11, 11, 11, 12, 12, 12, 13, 14, 14].map((highWatermark) => ({ highWatermark })),
  },
  {
    externalId: 'jc-cedar-stone',
    name: 'Cedar & Stone Legal',
    costPerSeat: 9.25,
    counts: [27],
    history: [22, 22, 23, 23, 24, 25, 25, 26, 26, 27, 27].map((highWatermark) => ({ highWatermark })),
  },
  {
    externalId: 'jc-northwind',
    name: 'Northwind Traders',
    costPerSeat: 7.75,
    counts: [103, 99],
    history: [120, 118, 115, 112, 110, 108, 107, 105, 104, 104, 103].map((highWatermark) => ({ highWatermark })),
  },
  {
    externalId: 'jc-granite',
    name: 'Granite Logistics',
    costPerSeat: 8.5,
    counts: [61],
    history: [48, 50, 52, 53, 55, 56, 57, 58, 59, 60, 60].map((highWatermark) => ({ highWatermark })),
  },
];

export type GraphqlCall = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * Through the public API, as a directory script would: organizations first, then their user counts.
 * Returns the organizations' ids by external id.
 */
export async function seedOrganizations(graphql: GraphqlCall, generatedCount: number): Promise<Map<string, string>> {
  const generated = Array.from({ length: generatedCount }, (_, i) => ({
    externalId: `jc-gen-${String(i + 1).padStart(5, '0')}`,
    name: `Client Organization ${String(i + 1).padStart(4, '0')}`,
    costPerSeat: 8 + (i % 4) * 0.25,
  }));
  const organizations = [...NAMED_ORGANIZATIONS.map(({ externalId, name, costPerSeat }) => ({ externalId, name, costPerSeat })), ...generated];
  const ids = new Map<string, string>();
  for (let i = 0; i < organizations.length; i += 10_000) {
    const data = await graphql(`mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id externalId } }`, {
      o: organizations.slice(i, i + 10_000),
    });
    for (const { id, externalId } of data.upsertOrganizations as Array<{ id: string; externalId: string }>) ids.set(externalId, id);
  }

  // The named organizations' counts spread over this billing month so far, so its chart has several days.
  const counts = [
    ...NAMED_ORGANIZATIONS.flatMap(({ externalId, counts: values }) =>
      values.map((count, index) => ({ externalId, count, observedAt: thisMonthSoFar(index + 1, values.length + 1).toISOString() })),
    ),
    ...generated.map(({ externalId }, i) => ({ externalId, count: 5 + (i % 120), observedAt: new Date(Date.now() - 60_000).toISOString() })),
  ];
  for (let i = 0; i < counts.length; i += 10_000) {
    await graphql(`mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }`, { c: counts.slice(i, i + 10_000) });
  }
  return ids;
}

/**
 * The `step`th of `steps` equal steps from the start of this billing month (America/New_York) to a
 * minute ago: never in the future, always in this month (the first hour is left out, whatever the
 * daylight saving offset).
 */
function thisMonthSoFar(step: number, steps: number): Date {
  const { year, month } = newYorkMonth(new Date());
  const start = Date.UTC(year, month - 1, 1, 6);
  const end = Date.now() - 60_000;
  // Run in the first hours of a month there is no room: every count is a minute ago.
  if (end <= start) return new Date(end);
  return new Date(start + ((end - start) * step) / steps);
}

function newYorkMonth(date: Date): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: 'numeric' }).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month') };
}

/**
 * The named organizations' 11 previous months, written straight into monthly_watermarks: the API only
 * records counts as they happen, and history is what the per-organization page charts.
 */
export async function seedWatermarkHistory(em: EntityManager, providerId: string, ids: Map<string, string>): Promise<void> {
  const { year, month } = newYorkMonth(new Date());
  const monthStart = (back: number) => {
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-01`;
  };
  for (const organization of NAMED_ORGANIZATIONS) {
    const organizationId = ids.get(organization.externalId);
    if (!organizationId) throw new Error(`seeding: no organization ${organization.externalId}`);
    const history = organization.history;
    for (const [index, { highWatermark, syncedQuantity }] of history.entries()) {
      const back = history.length - index;
      const first = monthStart(back);
      // Synced early the next month, as the billing sync does.
      const syncedAt = `${monthStart(back - 1)}T14:00:00Z`;
      await em.execute(
        `insert into monthly_watermarks (organization_id, month, provider_id, high_watermark, synced_quantity, synced_at)
         values (?, ?, ?, ?, ?, ?) on conflict (organization_id, month) do nothing`,
        [organizationId, first, providerId, highWatermark, syncedQuantity ?? highWatermark, syncedAt],
      );
    }
  }
}

/**
 * The JumpCloud portal the JumpCloud journey connects to: the named organizations (by name) with users
 * in every state, and one more whose users JumpCloud will not list (404, as for an organization removed
 * while the poll runs), so a poll reports one organization it could not count.
 */
export const FAILING_JUMPCLOUD_ORGANIZATION = 'Harborview Veterinary';

export async function startE2eJumpCloud(): Promise<JumpCloudSimulator> {
  const failingId = objectId();
  const sim = await new E2eJumpCloudSimulator(failingId).start();
  const users = (activated: number, staged: number, suspended: number): UserSeed[] => [
    ...Array.from({ length: activated }, () => ({ state: 'ACTIVATED' as const })),
    ...Array.from({ length: staged }, () => ({ state: 'STAGED' as const })),
    ...Array.from({ length: suspended }, () => ({ state: 'SUSPENDED' as const })),
  ];
  const organizations: OrganizationSeed[] = [
    { name: 'Acme, Inc.', users: users(38, 2, 3) },
    { name: 'Blue Harbor Dental', users: users(14, 1, 0) },
    { name: 'Cedar & Stone Legal', users: users(25, 0, 2) },
    { name: 'Northwind Traders', users: users(95, 4, 6) },
    { name: 'Granite Logistics', users: users(58, 3, 1) },
    { id: failingId, name: FAILING_JUMPCLOUD_ORGANIZATION, users: users(9, 0, 0) },
  ];
  sim.seed({ organizations });
  return sim;
}

class E2eJumpCloudSimulator extends JumpCloudSimulator {
  constructor(private readonly failingOrganizationId: string) {
    super();
  }

  protected override answer(request: SimRequest, entry: RequestLogEntry): ApiResponse {
    if (request.url.pathname === '/api/systemusers' && entry.orgId === this.failingOrganizationId && entry.auth === 'valid') {
      return messageError(404, 'Organization not found');
    }
    return super.answer(request, entry);
  }
}
