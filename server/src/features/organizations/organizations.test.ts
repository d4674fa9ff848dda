import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlCountingLogger } from '../../../test-support/sql-counter.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Role } from '../auth/roles.js';

const sql = sqlCountingLogger();

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ logger: sql.logger });
});
afterAll(() => t.stop());

type Errors = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const code = (result: Errors) => result.errors?.[0]?.extensions?.code;

const UPSERT = `mutation($orgs: [OrganizationInput!]!) { upsertOrganizations(organizations: $orgs) { id externalId name costPerSeat active } }`;
const RECORD = `mutation($counts: [UserCountInput!]!) { recordUserCounts(counts: $counts) { recorded organizations afterSync } }`;
const WATERMARK = `query($id: ID!, $month: String) { organization(id: $id) { currentUserCount highWatermark(month: $month) } }`;

async function seedOrganizations(token: string, count: number, prefix = 'org') {
  const orgs = Array.from({ length: count }, (_, i) => ({ externalId: `${prefix}-${i}`, name: `${prefix} ${String(i).padStart(4, '0')}`, costPerSeat: 8.5 }));
  const result = await t.graphql<{ upsertOrganizations: { id: string; externalId: string }[] }>(UPSERT, { orgs }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.upsertOrganizations;
}

/** The provider's rows (per provider: other test files write theirs concurrently). */
async function rowCount(table: string, providerId: string): Promise<number> {
  const [row] = await t.app.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from ${table} where provider_id = ?`, [providerId]);
  return Number(row!.n);
}

describe('organizations', () => {
  it('creates organizations, then updates them by externalId without duplicating', async () => {
    const { token } = await t.createAdmin();
    const [created] = await seedOrganizations(token, 1, 'acme');
    const updated = await t.graphql<{ upsertOrganizations: { id: string; name: string; costPerSeat: number }[] }>(
      UPSERT,
      { orgs: [{ externalId: 'acme-0', name: 'Acme, Inc.', costPerSeat: 9.25 }] },
      token,
    );
    expect(updated.data!.upsertOrganizations[0]).toMatchObject({ id: created!.id, name: 'Acme, Inc.', costPerSeat: 9.25 });
  });

  it('refuses a batch with a duplicate externalId and a negative cost, listing both, saving nothing', async () => {
    const { token, providerId } = await t.createAdmin();
    const before = await rowCount('organizations', providerId);
    const result = await t.graphql(
      UPSERT,
      { orgs: [{ externalId: 'x', name: 'X' }, { externalId: 'x', name: 'X again' }, { externalId: 'y', name: 'Y', costPerSeat: -1 }] },
      token,
    );
    expect(code(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.itemErrors).toEqual([
      { index: 1, field: 'externalId', message: 'x appears twice in the batch' },
      { index: 2, field: 'costPerSeat', message: 'must be between 0 and 1000000' },
    ]);
    expect(await rowCount('organizations', providerId)).toBe(before);
  });

  it('sets the cost per seat, and refuses a negative one', async () => {
    const { token } = await t.createAdmin();
    const [org] = await seedOrganizations(token, 1);
    const set = await t.graphql<{ setCostPerSeat: { costPerSeat: number } }>(
      'mutation($id: ID!) { setCostPerSeat(organizationId: $id, amount: 12.75) { costPerSeat } }',
      { id: org!.id },
      token,
    );
    expect(set.data?.setCostPerSeat.costPerSeat).toBe(12.75);
    const refused = await t.graphql('mutation($id: ID!) { setCostPerSeat(organizationId: $id, amount: -3) { id } }', { id: org!.id }, token);
    expect(code(refused)).toBe('BAD_USER_INPUT');
  });

  it('audits a cost change with the old and new amount, and a change to the same amount not at all', async () => {
    const { token } = await t.createAdmin();
    const [org] = await seedOrganizations(token, 1, 'audited');
    const SET = 'mutation($id: ID!, $amount: Float!) { setCostPerSeat(organizationId: $id, amount: $amount) { id } }';
    await t.graphql(SET, { id: org!.id, amount: 9.75 }, token);
    await t.graphql(SET, { id: org!.id, amount: 9.75 }, token);
    const log = await t.graphql<{ auditLog: { nodes: { action: string; details: Record<string, unknown> }[] } }>('{ auditLog { nodes { action details } } }', {}, token);
    expect(log.data!.auditLog.nodes).toEqual([
      { action: 'organization.cost-per-seat-set', details: { organizationId: org!.id, organization: 'audited 0000', previous: 8.5, costPerSeat: 9.75 } },
    ]);
  });

  it('is Billing-only: an admin without the role gets FORBIDDEN', async () => {
    const { token } = await t.createAdmin({ roles: [Role.ADMIN] });
    expect(code(await t.graphql('{ organizations { totalCount } }', {}, token))).toBe('FORBIDDEN');
  });

  it("never shows another provider's organization: NOT_FOUND by id, unknown in recordUserCounts", async () => {
    const owner = await t.createAdmin();
    const other = await t.createAdmin();
    const [org] = await seedOrganizations(owner.token, 1);
    expect(code(await t.graphql(WATERMARK, { id: org!.id }, other.token))).toBe('NOT_FOUND');
    const recorded = await t.graphql(RECORD, { counts: [{ organizationId: org!.id, count: 5, observedAt: new Date().toISOString() }] }, other.token);
    expect(code(recorded)).toBe('BAD_USER_INPUT');
    expect(recorded.errors![0]!.extensions!.itemErrors).toEqual([{ index: 0, field: 'organizationId', message: `no organization ${org!.id}` }]);
    const listed = await t.graphql<{ organizations: { totalCount: number } }>('{ organizations { totalCount } }', {}, other.token);
    expect(listed.data?.organizations.totalCount).toBe(0);
  });
});

describe('user counts and the high watermark', () => {
  it('rises with higher counts, never falls within the month, while the current count follows the latest sample', async () => {
    const { token } = await t.createAdmin();
    const [org] = await seedOrganizations(token, 1);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    await t.graphql(RECORD, { counts: [{ organizationId: org!.id, count: 10, observedAt: at(30) }] }, token);
    await t.graphql(RECORD, { counts: [{ organizationId: org!.id, count: 14, observedAt: at(20) }] }, token);
    await t.graphql(RECORD, { counts: [{ externalId: 'org-0', count: 9, observedAt: at(10) }] }, token);
    // A late sample older than the latest does not become the current count.
    await t.graphql(RECORD, { counts: [{ organizationId: org!.id, count: 11, observedAt: at(25) }] }, token);

    const result = await t.graphql<{ organization: { currentUserCount: number; highWatermark: number } }>(WATERMARK, { id: org!.id }, token);
    expect(result.data?.organization).toEqual({ currentUserCount: 9, highWatermark: 14 });
  });

  it('puts a sample in the month of its time in the billing zone (New York), so 03:00 UTC on Dec 1 counts for November', async () => {
    const { token } = await t.createAdmin();
    const [org] = await seedOrganizations(token, 1);
    await t.graphql(
      RECORD,
      {
        counts: [
          { organizationId: org!.id, count: 40, observedAt: '2025-12-01T03:00:00Z' },
          { organizationId: org!.id, count: 25, observedAt: '2025-12-01T06:00:00Z' },
          { organizationId: org!.id, count: 30, observedAt: '2025-11-15T12:00:00Z' },
        ],
      },
      token,
    );
    const november = await t.graphql<{ organization: { highWatermark: number } }>(WATERMARK, { id: org!.id, month: '2025-11' }, token);
    const december = await t.graphql<{ organization: { highWatermark: number } }>(WATERMARK, { id: org!.id, month: '2025-12' }, token);
    expect(november.data?.organization.highWatermark).toBe(40);
    expect(december.data?.organization.highWatermark).toBe(25);
  });

  it('lets a late sample raise a past month and flags it when that month was already synced', async () => {
    const { token, providerId } = await t.createAdmin();
    const [org] = await seedOrganizations(token, 1);
    await t.graphql(RECORD, { counts: [{ organizationId: org!.id, count: 20, observedAt: '2025-10-10T12:00:00Z' }] }, token);
    await t.app.orm.em
      .fork()
      .execute(`update monthly_watermarks set synced_quantity = 20, synced_at = now() where organization_id = ? and provider_id = ?`, [org!.id, providerId]);

    const late = await t.graphql<{ recordUserCounts: { afterSync: number; recorded: number } }>(
      RECORD,
      { counts: [{ organizationId: org!.id, count: 23, observedAt: '2025-10-20T12:00:00Z' }] },
      token,
    );
    expect(late.data?.recordUserCounts).toMatchObject({ recorded: 1, afterSync: 1 });
    const october = await t.graphql<{ organization: { monthlyUsage: { highWatermark: number; syncedQuantity: number } } }>(
      `query($id: ID!) { organization(id: $id) { monthlyUsage(month: "2025-10") { highWatermark syncedQuantity } } }`,
      { id: org!.id },
      token,
    );
    expect(october.data?.organization.monthlyUsage).toEqual({ highWatermark: 23, syncedQuantity: 20 });
  });

  it('refuses a batch with a negative count, a future time and an unknown org — all listed, nothing stored', async () => {
    const { token, providerId } = await t.createAdmin();
    const [org] = await seedOrganizations(token, 1);
    const before = await rowCount('usage_samples', providerId);
    const result = await t.graphql(
      RECORD,
      {
        counts: [
          { organizationId: org!.id, count: 5, observedAt: new Date().toISOString() },
          { organizationId: org!.id, count: -1, observedAt: new Date().toISOString() },
          { organizationId: org!.id, count: 5, observedAt: new Date(Date.now() + 3_600_000).toISOString() },
          { externalId: 'nope', count: 5, observedAt: new Date().toISOString() },
        ],
      },
      token,
    );
    expect(code(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.itemErrors).toEqual([
      { index: 1, field: 'count', message: 'must be a whole number from 0 to 10000000' },
      { index: 2, field: 'observedAt', message: 'is in the future' },
      { index: 3, field: 'externalId', message: 'no organization nope' },
    ]);
    expect(await rowCount('usage_samples', providerId)).toBe(before);
  });

  it('gives a daily maximum series for a chart', async () => {
    const { token } = await t.createAdmin();
    const [org] = await seedOrganizations(token, 1);
    await t.graphql(
      RECORD,
      {
        counts: [
          { organizationId: org!.id, count: 3, observedAt: '2025-06-01T14:00:00Z' },
          { organizationId: org!.id, count: 7, observedAt: '2025-06-01T20:00:00Z' },
          { organizationId: org!.id, count: 5, observedAt: '2025-06-02T14:00:00Z' },
        ],
      },
      token,
    );
    const history = await t.graphql<{ organization: { usageHistory: { day: string; maxCount: number }[] } }>(
      `query($id: ID!) { organization(id: $id) { usageHistory(from: "2025-06-01T00:00:00Z", to: "2025-06-30T00:00:00Z") { day maxCount } } }`,
      { id: org!.id },
      token,
    );
    expect(history.data?.organization.usageHistory).toEqual([
      { day: '2025-06-01', maxCount: 7 },
      { day: '2025-06-02', maxCount: 5 },
    ]);
  });
});

describe('organizations connection', () => {
  const LIST = `query($after: String) { organizations(first: 1000, after: $after) { totalCount hasNextPage endCursor nodes { id name highWatermark costPerSeat } } }`;

  async function statementsToList(count: number): Promise<number> {
    const { token } = await t.createAdmin();
    const orgs = await seedOrganizations(token, count);
    await t.graphql(RECORD, { counts: orgs.map((org, i) => ({ organizationId: org.id, count: i, observedAt: new Date().toISOString() })) }, token);
    const before = sql.statements();
    const result = await t.graphql<{ organizations: { totalCount: number; nodes: { highWatermark: number }[] } }>(LIST, {}, token);
    const used = sql.statements() - before;
    expect(result.data?.organizations.totalCount).toBe(count);
    expect(result.data?.organizations.nodes.map((node) => node.highWatermark).sort((a, b) => a - b)).toEqual(
      Array.from({ length: count }, (_, i) => i),
    );
    return used;
  }

  it('lists this month’s high watermark with the same number of SQL statements for 10 or 500 organizations', async () => {
    const few = await statementsToList(10);
    const many = await statementsToList(500);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(6);
  });

  it('pages by cursor in name order', async () => {
    const { token } = await t.createAdmin();
    await seedOrganizations(token, 5, 'page');
    const first = await t.graphql<{ organizations: { nodes: { name: string }[]; hasNextPage: boolean; endCursor: string } }>(
      '{ organizations(first: 2) { hasNextPage endCursor nodes { name } } }',
      {},
      token,
    );
    expect(first.data?.organizations.nodes.map((node) => node.name)).toEqual(['page 0000', 'page 0001']);
    const second = await t.graphql<{ organizations: { nodes: { name: string }[] } }>(
      'query($after: String) { organizations(first: 2, after: $after) { nodes { name } } }',
      { after: first.data!.organizations.endCursor },
      token,
    );
    expect(second.data?.organizations.nodes.map((node) => node.name)).toEqual(['page 0002', 'page 0003']);
  });
});
