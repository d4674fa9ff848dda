import { beforeAll, describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../test-support/connectwise-app.js';
import { mappedOrganizations, type MappedOrganization } from '../../test-support/sync-fixtures.js';
import { providerRowCounts } from '../../test-support/row-counts.js';

/*
 * Fault suite, bad input: malformed calls to every kind of mutation — wrong types, out of range,
 * oversized, unknown ids, another provider's ids, unicode edge cases, duplicate batch items. Each must
 * get its own error code and write nothing: the rows of every provider-owned table (audit entries
 * included) are counted before and after.
 */

const bed = useConnectWiseTestBed({ companies: 4, additionsPerAgreement: 1 });

interface Provider {
  token: string;
  providerId: string;
  org: MappedOrganization;
}
let ours: Provider;
let theirs: Provider;

async function connectedProvider(): Promise<Provider> {
  const admin = await bed.t.createAdmin();
  await connectToSimulator(bed, admin.token);
  const [org] = await mappedOrganizations(bed, admin.token, [10]);
  return { token: admin.token, providerId: admin.providerId, org: org! };
}

beforeAll(async () => {
  ours = await connectedProvider();
  theirs = await connectedProvider();
});

/** Rows per provider-owned table, for both providers of this file. */
const rowCounts = () => providerRowCounts(bed.t.app.orm.em.fork(), [ours.providerId, theirs.providerId]);

const now = () => new Date(Date.now() - 60_000).toISOString();
const unknownId = '00000000-0000-4000-8000-000000000000';
const organization = (fields: Record<string, unknown>) => ({ externalId: 'bad-input-1', name: 'Acme', costPerSeat: 5, ...fields });
const count = (fields: Record<string, unknown>) => ({ organizationId: ours.org.id, count: 5, observedAt: now(), ...fields });
const alert = (fields: Record<string, unknown>) => ({
  externalEventId: 'bad-input-alert',
  alertType: 'USER_LOCKOUT',
  organizationId: ours.org.id,
  occurredAt: now(),
  subject: 'jdoe@acme.test',
  ...fields,
});

const UPSERT = 'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }';
const COUNTS = 'mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }';
const ALERTS = 'mutation($a: [AlertInput!]!) { reportAlerts(alerts: $a) { accepted } }';
const COST = 'mutation($id: ID!, $amount: Float!) { setCostPerSeat(organizationId: $id, amount: $amount) { id } }';
const MAPPINGS = 'mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }';
const SETTINGS = 'mutation($s: [AlertSettingInput!]!) { saveAlertSettings(settings: $s) { automatedTicketing } }';

type Case = [name: string, query: string, variables: () => Record<string, unknown>, code: string];

const cases: Case[] = [
  ['organization: negative cost', UPSERT, () => ({ o: [organization({ costPerSeat: -1 })] }), 'BAD_USER_INPUT'],
  ['organization: cost as text (wrong type)', UPSERT, () => ({ o: [organization({ costPerSeat: 'five' })] }), 'BAD_USER_INPUT'],
  ['organization: duplicate externalId in one batch', UPSERT, () => ({ o: [organization({}), organization({ name: 'Acme again' })] }), 'BAD_USER_INPUT'],
  ['organization: 10,000-character name', UPSERT, () => ({ o: [organization({ name: 'x'.repeat(10_000) })] }), 'BAD_USER_INPUT'],
  ['organization: empty externalId', UPSERT, () => ({ o: [organization({ externalId: '' })] }), 'BAD_USER_INPUT'],
  ['organization: NUL character in the name', UPSERT, () => ({ o: [organization({ name: 'Acme\u0000Corp' })] }), 'BAD_USER_INPUT'],
  ['organization: unpaired surrogate in the name', UPSERT, () => ({ o: [organization({ name: 'Acme \ud800' })] }), 'BAD_USER_INPUT'],
  ['organization: empty batch', UPSERT, () => ({ o: [] }), 'BAD_USER_INPUT'],
  ['cost per seat: another provider’s organization', COST, () => ({ id: theirs.org.id, amount: 3 }), 'NOT_FOUND'],
  ['cost per seat: not an id', COST, () => ({ id: 'acme', amount: 3 }), 'BAD_USER_INPUT'],
  ['cost per seat: negative', COST, () => ({ id: ours.org.id, amount: -0.01 }), 'BAD_USER_INPUT'],
  ['user count: negative', COUNTS, () => ({ c: [count({ count: -1 })] }), 'BAD_USER_INPUT'],
  ['user count: a fraction (wrong type)', COUNTS, () => ({ c: [count({ count: 2.5 })] }), 'BAD_USER_INPUT'],
  ['user count: in the future', COUNTS, () => ({ c: [count({ observedAt: new Date(Date.now() + 86_400_000).toISOString() })] }), 'BAD_USER_INPUT'],
  ['user count: not a time', COUNTS, () => ({ c: [count({ observedAt: 'yesterday' })] }), 'BAD_USER_INPUT'],
  ['user count: unknown organization', COUNTS, () => ({ c: [count({ organizationId: unknownId })] }), 'BAD_USER_INPUT'],
  ['user count: another provider’s organization', COUNTS, () => ({ c: [count({ organizationId: theirs.org.id })] }), 'BAD_USER_INPUT'],
  ['alert: unknown alert type', ALERTS, () => ({ a: [alert({ alertType: 'USER_HAPPY' })] }), 'BAD_USER_INPUT'],
  ['alert: empty subject', ALERTS, () => ({ a: [alert({ subject: '   ' })] }), 'BAD_USER_INPUT'],
  ['alert: details over 8 KB', ALERTS, () => ({ a: [alert({ details: { blob: 'x'.repeat(9_000) } })] }), 'BAD_USER_INPUT'],
  ['alert: both organization fields', ALERTS, () => ({ a: [alert({ externalOrgId: 'jc-1' })] }), 'BAD_USER_INPUT'],
  ['alert: another provider’s organization', ALERTS, () => ({ a: [alert({ organizationId: theirs.org.id })] }), 'BAD_USER_INPUT'],
  ['alert: NUL character in the subject', ALERTS, () => ({ a: [alert({ subject: 'jdoe\u0000@acme.test' })] }), 'BAD_USER_INPUT'],
  ['alert: 1,001 in one call', ALERTS, () => ({ a: Array.from({ length: 1_001 }, (_, i) => alert({ externalEventId: `e${i}` })) }), 'BAD_USER_INPUT'],
  ['retry: unknown alert', 'mutation { retryAlert(id: "00000000-0000-4000-8000-000000000000") { id } }', () => ({}), 'NOT_FOUND'],
  ['mapping: another provider’s organization', MAPPINGS, () => ({ m: [{ organizationId: theirs.org.id, companyId: 1, agreementId: theirs.org.agreementId, additionId: theirs.org.additionId }] }), 'NOT_FOUND'],
  ['mapping: unknown addition', MAPPINGS, () => ({ m: [{ organizationId: ours.org.id, companyId: 1, agreementId: ours.org.agreementId, additionId: 999_999 }] }), 'BAD_USER_INPUT'],
  ['mapping: same organization twice in one batch', MAPPINGS, () => {
    const m = { organizationId: ours.org.id, companyId: 1, agreementId: ours.org.agreementId, additionId: ours.org.additionId };
    return { m: [m, m] };
  }, 'BAD_USER_INPUT'],
  ['disable mapping: unknown organization', `mutation { disableMapping(organizationId: "${unknownId}") }`, () => ({}), 'NOT_FOUND'],
  ['sync: empty organization list', 'mutation { syncNow(organizationIds: []) { id } }', () => ({}), 'BAD_USER_INPUT'],
  ['sync: not an id', 'mutation { syncNow(organizationIds: ["acme"]) { id } }', () => ({}), 'BAD_USER_INPUT'],
  ['alert settings: 400 due days', SETTINGS, () => ({ s: [{ alertType: 'USER_LOCKOUT', createTickets: true, dueDays: 400 }] }), 'BAD_USER_INPUT'],
  ['alert settings: unknown priority', SETTINGS, () => ({ s: [{ alertType: 'USER_LOCKOUT', createTickets: true, dueDays: 1, priorityId: 999_999 }] }), 'BAD_USER_INPUT'],
  ['billable company types: none', 'mutation { setBillableCompanyTypes(ids: []) { id } }', () => ({}), 'BAD_USER_INPUT'],
  ['billable company types: unknown type', 'mutation { setBillableCompanyTypes(ids: [999999]) { id } }', () => ({}), 'BAD_USER_INPUT'],
  ['integration: a second one', 'mutation($i: ConnectWiseIntegrationInput!) { verifyAndSaveConnectWiseIntegration(input: $i) { id } }', () => ({ i: bed.sim.credentials }), 'CONFLICT'],
  ['integration: site with a scheme', 'mutation { verifyAndUpdateConnectWiseIntegration(input: { site: "https://x.example", publicKey: "a", privateKey: "b" }) { id } }', () => ({}), 'BAD_USER_INPUT'],
  ['integration: disable without confirming', 'mutation { disableConnectWiseIntegration(confirm: false) }', () => ({}), 'BAD_USER_INPUT'],
  ['JumpCloud: provider id with spaces', 'mutation { connectJumpCloud(input: { providerId: "my msp", apiKey: "k" }) { id } }', () => ({}), 'BAD_USER_INPUT'],
  ['JumpCloud: update before connecting', 'mutation { updateJumpCloudConnection(input: { pollIntervalMinutes: 30 }) { id } }', () => ({}), 'JUMPCLOUD_NOT_CONNECTED'],
  ['API token: empty name', 'mutation { createApiToken(name: "") { token } }', () => ({}), 'BAD_USER_INPUT'],
  ['API token: revoke an unknown one', `mutation { revokeApiToken(id: "${unknownId}") { id } }`, () => ({}), 'NOT_FOUND'],
];

describe('fault suite: bad input', { timeout: 120_000 }, () => {
  it(`has a specific error code for each of ${cases.length} malformed calls and writes nothing`, async () => {
    const outcomes: { name: string; code: unknown; wrote: string[] }[] = [];
    for (const [name, query, variables, code] of cases) {
      const before = await rowCounts();
      const result = await bed.t.graphql(query, variables(), ours.token);
      const after = await rowCounts();
      const wrote = Object.keys(after).filter((table) => after[table] !== before[table]);
      outcomes.push({ name, code: result.errors?.[0]?.extensions?.code ?? (result.errors ? 'no code' : 'no error'), wrote });
      expect.soft({ name, code: outcomes.at(-1)!.code, wrote }).toEqual({ name, code, wrote: [] });
    }
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });
});
