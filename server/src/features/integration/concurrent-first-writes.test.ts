import { describe, expect, it } from 'vitest';
import { CONNECT, connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { createOrganizations } from '../../../test-support/ticketing-fixtures.js';

/*
 * The first write of a row with a unique key, sent several times at once (a double-click, a retrying
 * script): each answer is a success or CONFLICT, never an internal error, and one row is stored.
 */
const bed = useConnectWiseTestBed({ companies: 2, agreementsPerCompany: 1, additionsPerAgreement: 2 });

type Result = { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const codeOf = (result: Result) => (result.errors ? result.errors[0]?.extensions?.code : 'OK');

async function rowCount(table: string, providerId: string, where = ''): Promise<number> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from ${table} where provider_id = ? ${where}`, [providerId]);
  return Number(row!.n);
}

const times = <T>(n: number, send: () => Promise<T>) => Promise.all(Array.from({ length: n }, send));

describe('concurrent first writes', () => {
  it('5× verifyAndSaveConnectWiseIntegration with the same keys at once: one integration, the others answer with it (or CONFLICT)', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    const results = await times(5, () => bed.t.graphql<{ verifyAndSaveConnectWiseIntegration: { id: string } }>(CONNECT, { input: bed.sim.credentials }, token));
    // All five start before any has saved, so the losers of the insert race get the winner's integration;
    // one that starts after the winner saved would be told CONFLICT, as a later call is.
    expect(results.map(codeOf).every((code) => code === 'OK' || code === 'CONFLICT')).toBe(true);
    const ids = results.filter((result) => !result.errors).map((result) => result.data!.verifyAndSaveConnectWiseIntegration.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(1);
    expect(await rowCount('connectwise_integrations', providerId)).toBe(1);
    expect(await rowCount('audit_entries', providerId, "and action = 'integration.created'")).toBe(1);

    // Once connected, another verifyAndSave is CONFLICT: changing it is verifyAndUpdate's job.
    expect(codeOf(await bed.t.graphql(CONNECT, { input: bed.sim.credentials }, token))).toBe('CONFLICT');
  });

  it('5× setAutomatedTicketing and 5× saveAlertSettings: all succeed, one settings row each, the switch audited once', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const switched = await times(5, () => bed.t.graphql('mutation { setAutomatedTicketing(enabled: true) { automatedTicketing } }', {}, token));
    expect(switched.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(await rowCount('ticketing_settings', providerId)).toBe(1);
    expect(await rowCount('audit_entries', providerId, "and action = 'ticketing.automated-ticketing-set'")).toBe(1);

    const saved = await times(5, () =>
      bed.t.graphql(
        'mutation($s: [AlertSettingInput!]!) { saveAlertSettings(settings: $s) { alerts { createTickets } } }',
        { s: [{ alertType: 'USER_LOCKOUT', createTickets: true, dueDays: 2 }] },
        token,
      ),
    );
    expect(saved.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(await rowCount('alert_settings', providerId)).toBe(1);
    // Five identical saves are one change: the audit log says it once.
    expect(await rowCount('audit_entries', providerId, "and action = 'ticketing.alert-settings-saved'")).toBe(1);
  });

  it('8× upsertOrganizations with one new externalId: all succeed with the same organization', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    const results = await times(8, () =>
      bed.t.graphql<{ upsertOrganizations: { id: string }[] }>(
        'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }',
        { o: [{ externalId: 'jc-new', name: 'New Co', costPerSeat: 5 }] },
        token,
      ),
    );
    expect(results.map(codeOf)).toEqual(Array(8).fill('OK'));
    expect(new Set(results.map((result) => result.data!.upsertOrganizations[0]!.id)).size).toBe(1);
    expect(await rowCount('organizations', providerId)).toBe(1);
  });

  it('4× saveMappings of different organizations onto one addition: one succeeds, the others are CONFLICT naming it', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const organizations = await createOrganizations(bed.t, token, ['A', 'B', 'C', 'D']);
    const addition = bed.sim.data.additions[0]!;
    const agreement = bed.sim.data.agreements.find((candidate) => candidate.id === addition.agreementId)!;
    const mapping = (organizationId: string) => ({ organizationId, companyId: agreement.company.id, agreementId: agreement.id, additionId: addition.id });
    const results = await Promise.all(
      organizations.map((organization) => bed.t.graphql('mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }', { m: [mapping(organization.id)] }, token)),
    );
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    for (const refused of results.filter((result) => result.errors)) {
      expect(refused.errors![0]!.message).toMatch(new RegExp(`^addition ${addition.id} already serves [ABCD]: an addition serves one organization only$`));
    }
    expect(await rowCount('mappings', providerId)).toBe(1);

    // The same mapping sent 4× at once is one mapping, saved once.
    const [e] = await createOrganizations(bed.t, token, ['E']);
    const second = bed.sim.data.additions[1]!;
    const secondAgreement = bed.sim.data.agreements.find((candidate) => candidate.id === second.agreementId)!;
    const same = { organizationId: e!.id, companyId: secondAgreement.company.id, agreementId: second.agreementId, additionId: second.id };
    const repeated = await times(4, () => bed.t.graphql('mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }', { m: [same] }, token));
    expect(repeated.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(await rowCount('mappings', providerId)).toBe(2);
  });
});
