import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { monthOf } from '../../shared/billing-month.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

type Errors = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
type Listed = { organizations: { totalCount: number; hasNextPage: boolean; endCursor: string | null; nodes: { name: string }[] } };

const LIST = `query($filter: OrganizationFilter, $orderBy: OrganizationOrder, $first: Int!, $after: String) {
  organizations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount hasNextPage endCursor nodes { name } }
}`;

/** Six organizations with users, watermarks, costs and mappings in different orders, one without any count. */
async function seedProvider() {
  const { token, providerId } = await t.createAdmin();
  const orgs = [
    { externalId: 'a', name: 'Alpha', costPerSeat: 9, counts: [10, 30, 20] },
    { externalId: 'b', name: 'Bravo', costPerSeat: 7.5, counts: [50, 5] },
    { externalId: 'c', name: 'Charlie', costPerSeat: 12.25, counts: [25] },
    { externalId: 'd', name: 'Delta', costPerSeat: 8, counts: [40, 45] },
    { externalId: 'e', name: 'Echo', costPerSeat: 8, counts: [] },
    { externalId: 'f', name: 'Foxtrot', costPerSeat: 10, counts: [1] },
  ];
  const created = await t.graphql<{ upsertOrganizations: { id: string; externalId: string }[] }>(
    'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id externalId } }',
    { o: orgs.map(({ externalId, name, costPerSeat }) => ({ externalId, name, costPerSeat })) },
    token,
  );
  const now = Date.now();
  const counts = orgs.flatMap(({ externalId, counts: values }) =>
    values.map((count, i) => ({ externalId, count, observedAt: new Date(now - (values.length - i) * 1000).toISOString() })),
  );
  await t.graphql('mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', { c: counts }, token);
  const ids = new Map(created.data!.upsertOrganizations.map((org) => [org.externalId, org.id]));
  // Alpha is mapped and fine, Bravo mapped but its addition is gone, Charlie mapped with a failed last sync.
  await map(providerId, ids.get('a')!, {});
  await map(providerId, ids.get('b')!, { needsAttention: true });
  await map(providerId, ids.get('c')!, { lastSyncStatus: 'failed' });
  return { token, providerId, ids };
}

async function map(providerId: string, organizationId: string, state: { needsAttention?: boolean; lastSyncStatus?: string }) {
  const addition = Math.floor(Math.random() * 1e9);
  await t.app.orm.em.fork().execute(
    `insert into mappings (id, created_at, provider_id, organization_id, company_id, company_name, agreement_id, agreement_name,
       addition_id, addition_name, needs_attention, last_sync_status, updated_at)
     values (?, now(), ?, ?, 1, 'Company', 2, 'Agreement', ?, 'Seats', ?, ?, now())`,
    [randomUUID(), providerId, organizationId, addition, state.needsAttention ?? false, state.lastSyncStatus ?? 'updated'],
  );
}

async function names(token: string, variables: Record<string, unknown>): Promise<string[]> {
  const result = await t.graphql<Listed>(LIST, { first: 50, ...variables }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.organizations.nodes.map((node) => node.name);
}

/** Every page of a listing, following endCursor, a few rows at a time. */
async function allPages(token: string, variables: Record<string, unknown>, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const result: { data?: Listed | null } & Errors = await t.graphql<Listed>(LIST, { ...variables, first, after }, token);
    expect(result.errors).toBeUndefined();
    seen.push(...result.data!.organizations.nodes.map((node) => node.name));
    after = result.data!.organizations.hasNextPage ? result.data!.organizations.endCursor : null;
  } while (after);
  return seen;
}

describe('organizations list: sort and filter', () => {
  it('sorts by current users, this month’s watermark and cost per seat, both ways; no count sorts lowest', async () => {
    const { token } = await seedProvider();
    expect(await names(token, { orderBy: { field: 'CURRENT_USERS', direction: 'DESC' } })).toEqual(['Delta', 'Charlie', 'Alpha', 'Bravo', 'Foxtrot', 'Echo']);
    expect(await names(token, { orderBy: { field: 'HIGH_WATERMARK', direction: 'DESC' } })).toEqual(['Bravo', 'Delta', 'Alpha', 'Charlie', 'Foxtrot', 'Echo']);
    // Equal costs (Delta, Echo at 8) fall back to name order.
    expect(await names(token, { orderBy: { field: 'COST_PER_SEAT' } })).toEqual(['Bravo', 'Delta', 'Echo', 'Alpha', 'Foxtrot', 'Charlie']);
    expect(await names(token, { orderBy: { field: 'NAME', direction: 'DESC' } })).toEqual(['Foxtrot', 'Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
  });

  it('pages through every sort two rows at a time with nothing skipped or repeated', async () => {
    const { token } = await seedProvider();
    for (const orderBy of [
      { field: 'HIGH_WATERMARK', direction: 'DESC' },
      { field: 'COST_PER_SEAT', direction: 'ASC' },
      { field: 'CURRENT_USERS', direction: 'ASC' },
      { field: 'NAME', direction: 'DESC' },
    ]) {
      expect(await allPages(token, { orderBy }, 2)).toEqual(await names(token, { orderBy }));
    }
  });

  it('filters mapped, unmapped and needs attention (addition gone or last sync failed), with search', async () => {
    const { token } = await seedProvider();
    expect(await names(token, { filter: { mapped: true } })).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(await names(token, { filter: { mapped: false } })).toEqual(['Delta', 'Echo', 'Foxtrot']);
    expect(await names(token, { filter: { needsAttention: true } })).toEqual(['Bravo', 'Charlie']);
    expect(await names(token, { filter: { needsAttention: true, search: 'char' } })).toEqual(['Charlie']);
    const counted = await t.graphql<Listed>(LIST, { first: 1, filter: { needsAttention: false } }, token);
    expect(counted.data!.organizations.totalCount).toBe(4);
  });

  it('refuses a cursor from another order, so a page is never silently wrong', async () => {
    const { token } = await seedProvider();
    const first = await t.graphql<Listed>(LIST, { first: 2, orderBy: { field: 'COST_PER_SEAT' } }, token);
    const mixed = await t.graphql<Listed>(LIST, { first: 2, orderBy: { field: 'NAME' }, after: first.data!.organizations.endCursor }, token);
    expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('organizations list: the rows', () => {
  const EVERY_FIELD = `id externalId name active costPerSeat currentUserCount currentUserCountObservedAt highWatermark createdAt updatedAt
    monthlyUsage { month highWatermark syncedQuantity syncedAt }
    mapping { id companyId companyName agreementId agreementName additionId additionName needsAttention lastSyncStatus lastSyncedAt lastError createdAt updatedAt }`;

  it('shows every field of every row as the organization itself does, and totals on a page past the first', async () => {
    const { token, ids } = await seedProvider();
    await t.app.orm.em.fork().execute("update mappings set last_synced_at = now() - interval '1 hour', last_error = 'x' where organization_id = ?", [ids.get('c')]);
    const listed = await t.graphql<{ organizations: { totalCount: number; nodes: { id: string }[] } }>(`{ organizations(first: 6) { totalCount nodes { ${EVERY_FIELD} } } }`, {}, token);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.organizations.totalCount).toBe(6);
    for (const node of listed.data!.organizations.nodes) {
      const single = await t.graphql<{ organization: unknown }>(`query($id: ID!) { organization(id: $id) { ${EVERY_FIELD} } }`, { id: node.id }, token);
      expect(node).toEqual(single.data!.organization);
    }
    const second = await t.graphql<Listed>(LIST, { first: 4, after: (await t.graphql<Listed>(LIST, { first: 4 }, token)).data!.organizations.endCursor }, token);
    expect(second.data!.organizations).toMatchObject({ totalCount: 6, hasNextPage: false, nodes: [{ name: 'Echo' }, { name: 'Foxtrot' }] });
    const past = await t.graphql<Listed>(LIST, { first: 4, after: second.data!.organizations.endCursor }, token);
    expect(past.data!.organizations).toMatchObject({ totalCount: 6, nodes: [] });
  });
});

describe('usage for charts', () => {
  it('gives the last months’ watermark and synced quantity, oldest first, and this month’s synced quantity per organization', async () => {
    const { token, providerId, ids } = await seedProvider();
    const alpha = ids.get('a')!;
    const thisMonth = monthOf(new Date(), 'America/New_York');
    const monthsAgo = (n: number) => {
      const [year, month] = thisMonth.split('-').map(Number) as [number, number];
      const date = new Date(Date.UTC(year, month - 1 - n, 1));
      return date.toISOString().slice(0, 10);
    };
    const em = t.app.orm.em.fork();
    for (const [ago, watermark, synced] of [[14, 99, 99], [11, 33, 31], [2, 40, 42]] as const) {
      await em.execute(
        'insert into monthly_watermarks (organization_id, month, provider_id, high_watermark, synced_quantity, synced_at) values (?, ?, ?, ?, ?, now())',
        [alpha, monthsAgo(ago), providerId, watermark, synced],
      );
    }
    await em.execute('update monthly_watermarks set synced_quantity = 28, synced_at = now() where organization_id = ? and month = ?', [alpha, thisMonth]);

    const result = await t.graphql<{
      organization: { recentMonths: { month: string; highWatermark: number; syncedQuantity: number | null; syncedAt: string }[]; monthlyUsage: { syncedQuantity: number; syncedAt: string } };
    }>(
      'query($id: ID!) { organization(id: $id) { recentMonths { month highWatermark syncedQuantity syncedAt } monthlyUsage { syncedQuantity syncedAt } } }',
      { id: alpha },
      token,
    );
    expect(result.errors).toBeUndefined();
    // 14 months ago is outside the 12; the current month is the last. Each says when it was written.
    const { recentMonths } = result.data!.organization;
    for (const month of recentMonths) expect(Math.abs(Date.parse(month.syncedAt) - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(result.data!.organization.monthlyUsage.syncedAt)).toBe(Date.parse(recentMonths.at(-1)!.syncedAt));
    expect(recentMonths.map(({ month, highWatermark, syncedQuantity }) => ({ month, highWatermark, syncedQuantity }))).toEqual([
      { month: monthsAgo(11).slice(0, 7), highWatermark: 33, syncedQuantity: 31 },
      { month: monthsAgo(2).slice(0, 7), highWatermark: 40, syncedQuantity: 42 },
      { month: thisMonth.slice(0, 7), highWatermark: 30, syncedQuantity: 28 },
    ]);
    expect(result.data!.organization.monthlyUsage.syncedQuantity).toBe(28);

    const refused = await t.graphql('query($id: ID!) { organization(id: $id) { recentMonths(months: 0) { month } } }', { id: alpha }, token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'months' });
  });
});
