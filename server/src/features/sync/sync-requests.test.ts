import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { mappedOrganizations } from '../../../test-support/sync-fixtures.js';
import { createOrganizations } from '../../../test-support/ticketing-fixtures.js';

// Jobs are not processed: this file is about what syncNow and previewSync accept and what they read.
const bed = useConnectWiseTestBed({ companies: 8, agreementsPerCompany: 1, additionsPerAgreement: 2 });

type Result = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

async function rowCount(table: string, providerId: string): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from ${table} where provider_id = ?`, [providerId]);
  return Number(row!.n);
}

describe('syncNow and previewSync name only the provider’s own organizations', () => {
  it('answers NOT_FOUND naming another provider’s ids, and writes no run and no audit entry', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [own] = await createOrganizations(bed.t, token, ['Own Co']);
    const other = await bed.t.createAdmin();
    const [foreign] = await createOrganizations(bed.t, other.token, ['Their Co']);
    const auditBefore = await rowCount('audit_entries', providerId);

    const result: Result = await bed.t.graphql('mutation($ids: [ID!]) { syncNow(organizationIds: $ids) { id } }', { ids: [own!.id, foreign!.id] }, token);
    expect(result.errors?.[0]).toMatchObject({
      message: `no organization with id ${foreign!.id}`,
      extensions: { code: 'NOT_FOUND', field: 'organizationIds', ids: [foreign!.id] },
    });
    expect(await rowCount('sync_runs', providerId)).toBe(0);
    expect(await rowCount('audit_entries', providerId)).toBe(auditBefore);

    const preview: Result = await bed.t.graphql('query($ids: [ID!]) { previewSync(organizationIds: $ids) { organizationId } }', { ids: [foreign!.id] }, token);
    expect(preview.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', ids: [foreign!.id] });

    const fine: Result = await bed.t.graphql('mutation($ids: [ID!]) { syncNow(organizationIds: $ids) { id } }', { ids: [own!.id] }, token);
    expect(fine.errors).toBeUndefined();
    expect(await rowCount('sync_runs', providerId)).toBe(1);
  });
});

describe('previewSync reads ConnectWise once per request', () => {
  it('20 aliases of previewSync send the same ConnectWise requests as one', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    await mappedOrganizations(bed, token, [5, 6, 7]);
    const readsFor = async (aliases: number) => {
      const before = bed.sim.requests.length;
      const fields = Array.from({ length: aliases }, (_, i) => `p${i}: previewSync { organizationName outcome newQuantity }`).join(' ');
      const result = await bed.t.graphql<Record<string, { outcome: string }[]>>(`{ ${fields} }`, {}, token);
      expect(result.errors).toBeUndefined();
      expect(Object.values(result.data!).every((rows) => rows.length === 3 && rows.every((row) => row.outcome === 'UPDATED'))).toBe(true);
      return bed.sim.requests.slice(before).map((request) => request.path).sort();
    };
    const one = await readsFor(1);
    expect(one.length).toBeGreaterThanOrEqual(3);
    expect(await readsFor(20)).toEqual(one);
  });
});
