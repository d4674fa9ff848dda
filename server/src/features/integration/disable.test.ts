import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';

const bed = useConnectWiseTestBed({ companies: [{ name: 'Initech', typeNames: ['Customer'] }] });
type Result = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const code = (result: Result) => result.errors?.[0]?.extensions?.code;

/** Every text-like value in every table of the public schema, as one string per row. */
async function postgresDump(): Promise<string[]> {
  const em = bed.t.app.orm.em.fork();
  const tables = await em.execute<{ table_name: string }[]>("select table_name from information_schema.tables where table_schema = 'public'");
  const rows: string[] = [];
  for (const { table_name } of tables) {
    for (const row of await em.execute<Record<string, unknown>[]>(`select * from "${table_name}"`)) rows.push(JSON.stringify(row));
  }
  return rows;
}

async function mongoDump(): Promise<string[]> {
  const db = bed.t.app.mongo.db();
  const documents: string[] = [];
  for (const collection of await db.listCollections().toArray()) {
    for (const document of await db.collection(collection.name).find().toArray()) documents.push(JSON.stringify(document));
  }
  return documents;
}

describe('disable integration & clear data', () => {
  it('needs confirm: true and changes nothing without it', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    expect(code(await bed.t.graphql('mutation { disableConnectWiseIntegration(confirm: false) }', {}, token))).toBe('BAD_USER_INPUT');
    const still = await bed.t.graphql<{ connectWiseIntegration: { site: string } | null }>('{ connectWiseIntegration { site } }', {}, token);
    expect(still.data?.connectWiseIntegration?.site).toBe(bed.sim.credentials.site);
  });

  it('removes credentials, type selection and mappings, leaves no key material in PostgreSQL or MongoDB, and is audited', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const types = await bed.t.graphql<{ companyTypes: { id: number }[] }>('{ companyTypes { id } }', {}, token);
    await bed.t.graphql('mutation($ids: [Int!]!) { setBillableCompanyTypes(ids: $ids) { id } }', { ids: [types.data!.companyTypes[0]!.id] }, token);
    const orgs = await bed.t.graphql<{ upsertOrganizations: { id: string }[] }>(
      'mutation { upsertOrganizations(organizations: [{ externalId: "i-1", name: "Initech" }]) { id } }',
      {},
      token,
    );
    const company = (await bed.t.graphql<{ connectWiseCompanies: { nodes: { id: number }[] } }>('{ connectWiseCompanies(search: "Initech") { nodes { id } } }', {}, token)).data!
      .connectWiseCompanies.nodes[0]!;
    const agreement = (
      await bed.t.graphql<{ connectWiseAgreements: { nodes: { id: number }[] } }>('query($c: Int!) { connectWiseAgreements(companyId: $c) { nodes { id } } }', { c: company.id }, token)
    ).data!.connectWiseAgreements.nodes[0]!;
    const addition = (
      await bed.t.graphql<{ connectWiseAdditions: { nodes: { id: number }[] } }>('query($a: Int!) { connectWiseAdditions(agreementId: $a) { nodes { id } } }', { a: agreement.id }, token)
    ).data!.connectWiseAdditions.nodes[0]!;
    const saved = await bed.t.graphql(
      'mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }',
      { m: [{ organizationId: orgs.data!.upsertOrganizations[0]!.id, companyId: company.id, agreementId: agreement.id, additionId: addition.id }] },
      token,
    );
    expect(saved.errors).toBeUndefined();

    const disabled = await bed.t.graphql<{ disableConnectWiseIntegration: boolean }>('mutation { disableConnectWiseIntegration(confirm: true) }', {}, token);
    expect(disabled.data?.disableConnectWiseIntegration).toBe(true);

    const after = await bed.t.graphql<{ connectWiseIntegration: unknown; organizations: { nodes: { mapping: unknown }[] } }>(
      '{ connectWiseIntegration { id } organizations { nodes { mapping { id } } } }',
      {},
      token,
    );
    expect(after.data?.connectWiseIntegration).toBeNull();
    expect(after.data?.organizations.nodes).toEqual([{ mapping: null }]);
    const em = bed.t.app.orm.em.fork();
    expect(await em.execute('select 1 from connectwise_integrations where provider_id = ?', [providerId])).toHaveLength(0);
    expect(await em.execute('select 1 from mappings where provider_id = ?', [providerId])).toHaveLength(0);

    const { publicKey, privateKey } = bed.sim.credentials;
    const everything = [...(await postgresDump()), ...(await mongoDump())];
    expect(everything.filter((row) => row.includes(privateKey) || row.includes(publicKey))).toEqual([]);

    const audit = await bed.t.graphql<{ auditLog: { nodes: { action: string; details: Record<string, unknown>; actor: { email: string } }[] } }>(
      '{ auditLog(first: 10) { nodes { action details actor { email } } } }',
      {},
      token,
    );
    const actions = audit.data!.auditLog.nodes.map((entry) => entry.action);
    expect(actions).toEqual(['integration.disabled', 'mappings.saved', 'company-types.saved', 'integration.created']);
    expect(audit.data!.auditLog.nodes.at(-1)!.details.publicKey).toBe(`••••${publicKey.slice(-4)}`);
  });

  it('says INTEGRATION_NOT_CONFIGURED when there is nothing to disable', async () => {
    const { token } = await bed.t.createAdmin();
    expect(code(await bed.t.graphql('mutation { disableConnectWiseIntegration(confirm: true) }', {}, token))).toBe('INTEGRATION_NOT_CONFIGURED');
  });
});
