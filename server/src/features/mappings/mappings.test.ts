import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import type { SimAddition, SimAgreement, SimCompany } from '../../../test-support/connectwise-sim/index.js';
import { sqlCountingLogger } from '../../../test-support/sql-counter.js';
import { markOffSpec } from '../../../test-support/vendor-sim/server.js';

const sql = sqlCountingLogger();

const bed = useConnectWiseTestBed({
  companies: [
    { name: 'ACME Inc', typeNames: ['Customer'] },
    { name: 'Globex Corporation', typeNames: ['Customer'] },
    { name: 'Initech', typeNames: ['Customer'] },
    { name: 'Acme Prospects Ltd', typeNames: ['Prospect'] },
  ],
  agreementsPerCompany: 1,
  cancelledAgreementsPerCompany: 1,
  additionsPerAgreement: 2,
}, { logger: sql.logger });

type Result = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const failure = (result: Result) => ({ code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message });
const SAVE = `mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { companyName agreementName additionId additionName } }`;

interface Picked {
  companyId: number;
  agreementId: number;
  additionIds: number[];
}

/** Walks the three pickers the way the mapping drawer does. */
async function pick(token: string, companyName: string): Promise<Picked> {
  const companies = await bed.t.graphql<{ connectWiseCompanies: { nodes: { id: number; name: string }[] } }>(
    'query($s: String) { connectWiseCompanies(search: $s) { nodes { id name } } }',
    { s: companyName },
    token,
  );
  const company = companies.data!.connectWiseCompanies.nodes.find((node) => node.name === companyName)!;
  const agreements = await bed.t.graphql<{ connectWiseAgreements: { nodes: { id: number }[] } }>(
    'query($c: Int!) { connectWiseAgreements(companyId: $c) { nodes { id } } }',
    { c: company.id },
    token,
  );
  expect(agreements.data!.connectWiseAgreements.nodes).toHaveLength(1); // the cancelled one is not offered
  const agreementId = agreements.data!.connectWiseAgreements.nodes[0]!.id;
  const additions = await bed.t.graphql<{ connectWiseAdditions: { nodes: { id: number; quantity: number }[] } }>(
    'query($a: Int!) { connectWiseAdditions(agreementId: $a) { nodes { id quantity unitCost productIdentifier } } }',
    { a: agreementId },
    token,
  );
  return { companyId: company.id, agreementId, additionIds: additions.data!.connectWiseAdditions.nodes.map((addition) => addition.id) };
}

async function organizations(token: string, names: string[]): Promise<string[]> {
  const result = await bed.t.graphql<{ upsertOrganizations: { id: string }[] }>(
    'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }',
    { o: names.map((name, i) => ({ externalId: `ext-${i}-${name}`, name, costPerSeat: 8 })) },
    token,
  );
  return result.data!.upsertOrganizations.map((org) => org.id);
}

describe('pickers', () => {
  it('offers only companies of the billable types, filtered by ConnectWise, searchable by name', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const requestsBefore = bed.sim.requests.length;
    const all = await bed.t.graphql<{ connectWiseCompanies: { nodes: { name: string }[] } }>('{ connectWiseCompanies(first: 50) { nodes { name } } }', {}, token);
    expect(all.data!.connectWiseCompanies.nodes.map((node) => node.name).sort()).toEqual(['ACME Inc', 'Globex Corporation', 'Initech']);
    const search = await bed.t.graphql<{ connectWiseCompanies: { nodes: { name: string }[] } }>('{ connectWiseCompanies(search: "glob") { nodes { name } } }', {}, token);
    expect(search.data!.connectWiseCompanies.nodes.map((node) => node.name)).toEqual(['Globex Corporation']);
    const listings = bed.sim.requests.slice(requestsBefore).filter((request) => request.path.endsWith('company/companies'));
    expect(listings.every((request) => String(request.query.childConditions ?? '').includes('types/id='))).toBe(true);
    expect(listings.some((request) => String(request.query.conditions ?? '').toLowerCase().includes('glob'))).toBe(true);
  });
  it('refuses an agreement id that cannot be one (0, negative) with the field named, asking ConnectWise nothing', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const before = bed.sim.requests.length;
    for (const agreementId of [0, -1]) {
      const result = await bed.t.graphql('query($a: Int!) { connectWiseAdditions(agreementId: $a) { nodes { id } } }', { a: agreementId }, token);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agreementId' });
    }
    expect(bed.sim.requests.length).toBe(before);
  });
});

describe('saving and disabling mappings', () => {
  it('saves a mapping checked in ConnectWise with names for display, and lists the org as mapped', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [acme, other] = await organizations(token, ['Acme, Inc.', 'Unmapped Co']);
    const picked = await pick(token, 'ACME Inc');
    const saved = await bed.t.graphql<{ saveMappings: { companyName: string; additionId: number }[] }>(
      SAVE,
      { m: [{ organizationId: acme, companyId: picked.companyId, agreementId: picked.agreementId, additionId: picked.additionIds[0] }] },
      token,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveMappings[0]).toMatchObject({ companyName: 'ACME Inc', additionId: picked.additionIds[0] });

    const mapped = await bed.t.graphql<{ organizations: { nodes: { id: string; mapping: { companyName: string } | null }[] } }>(
      '{ organizations(filter: { mapped: true }) { nodes { id mapping { companyName lastSyncedAt } } } }',
      {},
      token,
    );
    expect(mapped.data!.organizations.nodes).toEqual([{ id: acme, mapping: { companyName: 'ACME Inc', lastSyncedAt: null } }]);
    const unmapped = await bed.t.graphql<{ organizations: { nodes: { id: string }[] } }>('{ organizations(filter: { mapped: false }) { nodes { id } } }', {}, token);
    expect(unmapped.data!.organizations.nodes.map((node) => node.id)).toEqual([other]);
  });

  it('refuses an agreement of another company and an addition of another agreement, saving nothing', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [acme, globex] = await organizations(token, ['Acme', 'Globex']);
    const a = await pick(token, 'ACME Inc');
    const g = await pick(token, 'Globex Corporation');
    const wrongAgreement = await bed.t.graphql(SAVE, { m: [{ organizationId: acme, companyId: a.companyId, agreementId: g.agreementId, additionId: g.additionIds[0] }] }, token);
    expect(failure(wrongAgreement)).toMatchObject({ code: 'BAD_USER_INPUT', message: `agreement ${g.agreementId} is not an active agreement of company ${a.companyId}` });
    const wrongAddition = await bed.t.graphql(
      SAVE,
      {
        m: [
          { organizationId: globex, companyId: g.companyId, agreementId: g.agreementId, additionId: g.additionIds[0] },
          { organizationId: acme, companyId: a.companyId, agreementId: a.agreementId, additionId: g.additionIds[1] },
        ],
      },
      token,
    );
    expect(failure(wrongAddition).message).toBe(`addition ${g.additionIds[1]} is not on agreement ${a.agreementId}`);
    const mapped = await bed.t.graphql<{ organizations: { totalCount: number } }>('{ organizations(filter: { mapped: true }) { totalCount } }', {}, token);
    expect(mapped.data!.organizations.totalCount).toBe(0);
  });

  it('lets one addition serve one organization only, and one organization map once per batch', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [first, second] = await organizations(token, ['First', 'Second']);
    const p = await pick(token, 'Initech');
    const mapping = (organizationId: string, additionId: number) => ({ organizationId, companyId: p.companyId, agreementId: p.agreementId, additionId });
    expect((await bed.t.graphql(SAVE, { m: [mapping(first!, p.additionIds[0]!)] }, token)).errors).toBeUndefined();
    const taken = await bed.t.graphql(SAVE, { m: [mapping(second!, p.additionIds[0]!)] }, token);
    expect(failure(taken)).toMatchObject({ code: 'CONFLICT', message: `addition ${p.additionIds[0]} already serves First: an addition serves one organization only` });
    const twice = await bed.t.graphql(SAVE, { m: [mapping(second!, p.additionIds[1]!), mapping(second!, p.additionIds[0]!)] }, token);
    expect(failure(twice).message).toMatch(/appears twice: an organization maps to one addition only/);
    // Editing the first organization's own mapping to the other addition is fine.
    expect((await bed.t.graphql(SAVE, { m: [mapping(first!, p.additionIds[1]!)] }, token)).errors).toBeUndefined();
  });

  it("treats another provider's organization as not found", async () => {
    const owner = await bed.t.createAdmin();
    const [org] = await organizations(owner.token, ['Owned']);
    const other = await bed.t.createAdmin();
    await connectToSimulator(bed, other.token);
    const p = await pick(other.token, 'Initech');
    const result = await bed.t.graphql(SAVE, { m: [{ organizationId: org, companyId: p.companyId, agreementId: p.agreementId, additionId: p.additionIds[0] }] }, other.token);
    expect(failure(result).code).toBe('NOT_FOUND');
  });

  it('disables a mapping so the organization is unmapped again', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await organizations(token, ['Short-lived']);
    const p = await pick(token, 'Initech');
    await bed.t.graphql(SAVE, { m: [{ organizationId: org, companyId: p.companyId, agreementId: p.agreementId, additionId: p.additionIds[0] }] }, token);
    expect((await bed.t.graphql('mutation($id: ID!) { disableMapping(organizationId: $id) }', { id: org }, token)).errors).toBeUndefined();
    const after = await bed.t.graphql<{ organization: { mapping: unknown } }>('query($id: ID!) { organization(id: $id) { mapping { id } } }', { id: org }, token);
    expect(after.data!.organization.mapping).toBeNull();
    expect(failure(await bed.t.graphql('mutation($id: ID!) { disableMapping(organizationId: $id) }', { id: org }, token)).code).toBe('NOT_FOUND');
  });

  it('4 concurrent disableMapping of one mapping: one removes it and is audited, the others are NOT_FOUND', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await organizations(token, ['Clicked Four Times']);
    const p = await pick(token, 'Initech');
    await bed.t.graphql(SAVE, { m: [{ organizationId: org, companyId: p.companyId, agreementId: p.agreementId, additionId: p.additionIds[0] }] }, token);
    const results = await Promise.all(Array.from({ length: 4 }, () => bed.t.graphql('mutation($id: ID!) { disableMapping(organizationId: $id) }', { id: org }, token)));
    expect(results.map((result) => failure(result).code ?? 'OK').sort()).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'OK']);
    const [audited] = await bed.t.app.orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from audit_entries where provider_id = ? and action = 'mapping.disabled'`, [providerId]);
    expect(Number(audited!.n)).toBe(1);
  });
});

describe('suggestions', () => {
  it('offers "ACME Inc" first for the organization "Acme, Inc." with a score of 1', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await organizations(token, ['Acme, Inc.']);
    const result = await bed.t.graphql<{ organization: { companySuggestions: { score: number; company: { name: string } }[] } }>(
      'query($id: ID!) { organization(id: $id) { companySuggestions { score company { name } } } }',
      { id: org },
      token,
    );
    expect(result.data!.organization.companySuggestions[0]).toEqual({ score: 1, company: { name: 'ACME Inc' } });
    // "Acme Prospects Ltd" is a Prospect, not a billable type: never suggested.
    expect(result.data!.organization.companySuggestions.map((s) => s.company.name)).not.toContain('Acme Prospects Ltd');
  });
});

type Skipped = { index: number; id: number | null; reason: string };
const AGREEMENTS = 'query($c: Int!) { connectWiseAgreements(companyId: $c) { nodes { id name status selectable } skipped { index id reason } } }';
const ADDITIONS = 'query($a: Int!) { connectWiseAdditions(agreementId: $a) { nodes { id productIdentifier description quantity unitCost } skipped { index id reason } } }';

describe('agreement status and rows ConnectWise sends that cannot be read', () => {
  it('lists Expired and Inactive agreements as not selectable, with their status, and refuses to map them', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const seeded = bed.sim.seed({ companies: [{ name: 'Lapsed Holdings', typeNames: ['Customer'] }], expiredAgreementsPerCompany: 1, inactiveAgreementsPerCompany: 1 });
    const [org] = await organizations(token, ['Lapsed']);

    const listed = await bed.t.graphql<{ connectWiseAgreements: { nodes: { id: number; status: string; selectable: boolean }[]; skipped: Skipped[] } }>(
      AGREEMENTS,
      { c: seeded.companyIds[0] },
      token,
    );
    expect(listed.data!.connectWiseAgreements.nodes.map(({ status, selectable }) => ({ status, selectable }))).toEqual([
      { status: 'Active', selectable: true },
      { status: 'Expired', selectable: false },
      { status: 'Inactive', selectable: false },
    ]);
    expect(listed.data!.connectWiseAgreements.skipped).toEqual([]);

    const expiredId = seeded.expiredAgreementIds[0]!;
    const additionId = seeded.additions.find((addition) => addition.agreementId === expiredId)!.additionId;
    const refused = await bed.t.graphql(SAVE, { m: [{ organizationId: org, companyId: seeded.companyIds[0], agreementId: expiredId, additionId }] }, token);
    expect(refused.errors?.[0]).toMatchObject({
      message: `agreement ${expiredId} is Expired in ConnectWise: only Active agreements can be mapped`,
      extensions: { code: 'BAD_USER_INPUT', field: 'agreementId' },
    });
  });

  it('lists the rows it can read, says which it could not and why, and maps additions without identifier or quantity', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const seeded = bed.sim.seed({ companies: [{ name: 'Odd Rows Ltd', typeNames: ['Customer'] }], agreementsPerCompany: 2, additionsPerAgreement: 2 });
    const [agreementId, brokenAgreementId] = seeded.agreementIds as [number, number];
    // Off the spec (name is required), as real data sometimes is.
    (markOffSpec(bed.sim.data.agreements.find((a) => a.id === brokenAgreementId)!) as unknown as Record<string, unknown>).name = null;
    // Within the spec: no product identifier or description, no quantity or cost; and a row without an id.
    const bare = bed.sim.data.additions.find((a) => a.id === seeded.additions[0]!.additionId)!;
    Object.assign(bare, { product: { id: null }, description: undefined, quantity: null, unitCost: null } satisfies Partial<SimAddition>);
    const idless: Partial<SimAddition> = { product: { identifier: 'JC-MDM' }, quantity: 2, billCustomer: 'Billable', agreementId };
    bed.sim.data.additions.push(idless as SimAddition);
    // A company without a name (required by the spec) on the picker's page.
    bed.sim.data.companies.push(markOffSpec({ ...bed.sim.data.company(seeded.companyIds[0]!)!, id: 19_990, name: null }) as unknown as SimCompany);

    const companies = await bed.t.graphql<{ connectWiseCompanies: { nodes: { name: string }[]; skipped: Skipped[] } }>(
      '{ connectWiseCompanies(search: "Odd") { nodes { name } skipped { index id reason } } }',
      {},
      token,
    );
    expect(companies.data!.connectWiseCompanies.nodes.map((node) => node.name)).toEqual(['Odd Rows Ltd']);
    const agreements = await bed.t.graphql<{ connectWiseAgreements: { nodes: SimAgreement[]; skipped: Skipped[] } }>(AGREEMENTS, { c: seeded.companyIds[0] }, token);
    expect(agreements.data!.connectWiseAgreements.nodes.map((node) => node.id)).toEqual([agreementId]);
    expect(agreements.data!.connectWiseAgreements.skipped).toEqual([{ index: 0, id: brokenAgreementId, reason: expect.stringMatching(/^name: /) }]);
    const additions = await bed.t.graphql<{ connectWiseAdditions: { nodes: Record<string, unknown>[]; skipped: Skipped[] } }>(ADDITIONS, { a: agreementId }, token);
    expect(additions.data!.connectWiseAdditions.nodes).toEqual([
      { id: bare.id, productIdentifier: null, description: null, quantity: null, unitCost: null },
      expect.objectContaining({ id: seeded.additions[1]!.additionId, productIdentifier: 'JC-DEVICE' }),
    ]);
    expect(additions.data!.connectWiseAdditions.skipped).toEqual([{ index: 0, id: null, reason: expect.stringMatching(/^id: /) }]);

    const [org, other] = await organizations(token, ['Odd Org', 'Other Odd Org']);
    const saved = await bed.t.graphql<{ saveMappings: { additionName: string }[] }>(
      SAVE,
      { m: [{ organizationId: org, companyId: seeded.companyIds[0], agreementId, additionId: bare.id }] },
      token,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveMappings[0]!.additionName).toBe(`product addition ${bare.id}`);
    const unreadable = await bed.t.graphql(SAVE, { m: [{ organizationId: other, companyId: seeded.companyIds[0], agreementId: brokenAgreementId, additionId: 1 }] }, token);
    expect(unreadable.errors?.[0]).toMatchObject({
      message: expect.stringMatching(new RegExp(`^agreement ${brokenAgreementId} could not be read from ConnectWise \\(name: `)),
      extensions: { code: 'BAD_USER_INPUT', field: 'agreementId' },
    });
  });
});

describe('organizations list with mappings', () => {
  it('uses the same number of SQL statements for 10 and 1,000 mapped organizations', async () => {
    async function measure(count: number) {
      const { token, providerId } = await bed.t.createAdmin();
      const ids = await organizations(token, Array.from({ length: count }, (_, i) => `Org ${i}`));
      // Mappings written directly: this measures reading them, not ConnectWise checks.
      const em = bed.t.app.orm.em.fork();
      await em.execute(
        `insert into mappings (id, created_at, updated_at, provider_id, organization_id, company_id, company_name, agreement_id, agreement_name, addition_id, addition_name, needs_attention)
         select gen_random_uuid(), now(), now(), ?, o, 1, 'C', 2, 'A', 1000 + ordinality, 'X', false from unnest(?::uuid[]) with ordinality as o`,
        [providerId, `{${ids.join(',')}}`],
      );
      const before = sql.statements();
      const result = await bed.t.graphql<{ organizations: { nodes: { mapping: { additionId: number } | null }[] } }>(
        '{ organizations(first: 1000) { nodes { name highWatermark mapping { additionId lastSyncStatus } } } }',
        {},
        token,
      );
      expect(result.data!.organizations.nodes.every((node) => node.mapping !== null)).toBe(true);
      return sql.statements() - before;
    }
    const few = await measure(10);
    const many = await measure(1000);
    expect(many).toBe(few);
  });
});

