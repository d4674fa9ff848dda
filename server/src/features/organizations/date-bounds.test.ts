import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { alert, createOrganizations, report } from '../../../test-support/ticketing-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

type Result = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const refusal = (result: Result) => ({ code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field });

async function rowCount(table: string, providerId: string): Promise<number> {
  const [row] = await t.app.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from ${table} where provider_id = ?`, [providerId]);
  return Number(row!.n);
}

describe('dates and months have documented bounds', () => {
  it('refuses months before 2000-01 for highWatermark and monthlyUsage, and still answers 2000-01 and 9999-12', async () => {
    const { token } = await t.createAdmin();
    const [org] = await createOrganizations(t, token, ['Acme']);
    for (const month of ['0000-01', '0001-01', '1999-12']) {
      for (const field of ['highWatermark(month: $month)', 'monthlyUsage(month: $month) { highWatermark }']) {
        const result = await t.graphql(`query($id: ID!, $month: String) { organization(id: $id) { ${field} } }`, { id: org!.id, month }, token);
        expect(refusal(result), `${field} ${month}`).toEqual({ code: 'BAD_USER_INPUT', field: 'month' });
        expect(result.errors![0]!.message).toBe('month must be a month from 2000-01 to 9999-12, like 2026-11');
      }
    }
    for (const month of ['2000-01', '9999-12']) {
      const result = await t.graphql('query($id: ID!, $month: String) { organization(id: $id) { highWatermark(month: $month) } }', { id: org!.id, month }, token);
      expect(result.errors, month).toBeUndefined();
    }
  });

  it('refuses usageHistory ranges outside 2000 to 9999', async () => {
    const { token } = await t.createAdmin();
    const [org] = await createOrganizations(t, token, ['Acme']);
    const history = (from: string, to: string) =>
      t.graphql('query($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!) { organization(id: $id) { usageHistory(from: $from, to: $to) { day } } }', { id: org!.id, from, to }, token);
    expect(refusal(await history('0000-01-01T00:00:00Z', '0000-02-01T00:00:00Z'))).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(refusal(await history('0001-01-01T00:00:00Z', '0001-02-01T00:00:00Z'))).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    expect((await history('2000-01-01T00:00:00Z', '2000-02-01T00:00:00Z')).errors).toBeUndefined();
  });

  it('refuses observedAt before 2000 in recordUserCounts, storing nothing', async () => {
    const { token, providerId } = await t.createAdmin();
    const [org] = await createOrganizations(t, token, ['Acme']);
    const record = (observedAt: string) =>
      t.graphql('mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', { c: [{ organizationId: org!.id, count: 3, observedAt }] }, token);
    for (const observedAt of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1999-12-31T23:59:59Z']) {
      const result = await record(observedAt);
      expect(result.errors?.[0]?.extensions?.code, observedAt).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.itemErrors).toEqual([{ index: 0, field: 'observedAt', message: 'is before 2000-01-01' }]);
    }
    expect(await rowCount('usage_samples', providerId)).toBe(0);
    expect((await record('2000-01-01T00:00:00Z')).errors).toBeUndefined();
  });

  it('refuses occurredAt before 2000 in reportAlerts, storing nothing', async () => {
    const { token, providerId } = await t.createAdmin();
    const [org] = await createOrganizations(t, token, ['Acme']);
    for (const occurredAt of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1999-12-31T23:59:59Z']) {
      const result = await report(t, token, [alert({ organizationId: org!.id, occurredAt })]);
      expect(result.errors?.[0]?.extensions?.code, occurredAt).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.itemErrors).toEqual([{ index: 0, field: 'occurredAt', message: 'is before 2000-01-01' }]);
    }
    expect(await rowCount('alert_events', providerId)).toBe(0);
    expect((await report(t, token, [alert({ organizationId: org!.id, occurredAt: '2000-01-01T00:00:00Z' })])).errors).toBeUndefined();
  });
});
