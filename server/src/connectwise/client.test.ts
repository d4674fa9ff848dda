import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, clientFor, closeClients, failure } from '../../test-support/connectwise-sim/harness.js';
import { realisticSeed, startConnectWiseSimulator, type ConnectWiseSimulator, type SimAgreement, type SimCompany } from '../../test-support/connectwise-sim/index.js';
import { ConnectWiseError, clearConnectWiseDiscoveryCache } from './index.js';
import { markOffSpec } from '../../test-support/vendor-sim/server.js';

let sim: ConnectWiseSimulator;

beforeEach(async () => {
  clearConnectWiseDiscoveryCache();
  sim = await startConnectWiseSimulator({ seed: false });
});

afterEach(async () => {
  await closeClients();
  await sim.close();
});

describe('codebase discovery', () => {
  it('discovers the codebase once per site and company and builds API URLs on it', async () => {
    const first = clientFor(sim);
    const second = clientFor(sim);

    await first.systemInfo();
    await second.systemInfo();
    await first.companyTypes();

    expect(sim.requests.filter((r) => r.route.startsWith('login/companyinfo/'))).toHaveLength(1);
    const api = sim.requestsTo('GET', 'system/info');
    expect(api).toHaveLength(2);
    expect(api.every((r) => r.path === '/v2025_1/apis/3.0/system/info')).toBe(true);
  });

  it('discovers again after the cache is cleared', async () => {
    await clientFor(sim).systemInfo();
    clearConnectWiseDiscoveryCache();
    await clientFor(sim).systemInfo();

    expect(sim.requests.filter((r) => r.route.startsWith('login/companyinfo/'))).toHaveLength(2);
  });

  it('returns the company info ConnectWise reports', async () => {
    const info = await clientFor(sim).companyInfo();

    expect(info).toMatchObject({ Codebase: 'v2025_1/', CompanyID: sim.companyId, IsCloud: true });
  });

  it('sends Basic auth, the clientId header and the pinned model version on every API call', async () => {
    const client = clientFor(sim);
    await client.systemInfo();
    await client.priorities();

    const api = sim.requests.filter((r) => !r.route.startsWith('login/'));
    expect(api.length).toBeGreaterThan(0);
    for (const request of api) {
      expect(request.auth).toBe('valid');
      expect(request.headers.clientId).toBe(sim.clientId);
      expect(request.headers.accept).toBe('application/vnd.connectwise.com+json; version=2025.8');
    }
  });
});

describe('companies', () => {
  it('iterates 2,500 companies over three Link-header pages of 1,000', async () => {
    const seeded = sim.seed({ companies: 2500, agreementsPerCompany: 0 });

    const ids: number[] = [];
    for await (const company of clientFor(sim).iterateCompanies()) ids.push(company.id);

    expect(ids).toEqual(seeded.companyIds);
    const pages = sim.requestsTo('GET', 'company/companies');
    expect(pages.map((r) => [r.query.page, r.query.pageSize])).toEqual([
      ['1', '1000'],
      ['2', '1000'],
      ['3', '1000'],
    ]);
  });

  it('iterates 2,500 companies with forward-only paging by pageId', async () => {
    const seeded = sim.seed({ companies: 2500, agreementsPerCompany: 0 });

    const ids: number[] = [];
    for await (const company of clientFor(sim).iterateCompanies({ paging: 'forward-only' })) ids.push(company.id);

    expect(ids).toEqual(seeded.companyIds);
    const pages = sim.requestsTo('GET', 'company/companies');
    expect(pages).toHaveLength(3);
    expect(pages.every((r) => r.headers.paginationType === 'forward-only')).toBe(true);
    expect(pages.map((r) => r.query.pageId)).toEqual([undefined, String(seeded.companyIds[999]), String(seeded.companyIds[1999])]);
  });

  it('leaves type filtering and name search to ConnectWise', async () => {
    const seeded = sim.seed({ companies: 300, types: ['Client', 'Prospect', 'Vendor'], agreementsPerCompany: 0 });
    const [client, prospect] = seeded.typeIds as [number, number];

    const names: string[] = [];
    for await (const company of clientFor(sim).iterateCompanies({ typeIds: [client, prospect], search: 'acme' })) {
      names.push(company.name);
      expect(company.types?.some((t) => t.id === client || t.id === prospect)).toBe(true);
    }

    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.toLowerCase().includes('acme'))).toBe(true);
    const [request] = sim.requestsTo('GET', 'company/companies');
    expect(request?.query.conditions).toBe('deletedFlag=false and name contains "acme"');
    expect(request?.query.childConditions).toBe(`types/id=${client} or types/id=${prospect}`);
  });

  it('escapes quotes in the search text so it stays one string literal', async () => {
    sim.seed({ companies: [{ name: 'Say "Hi" Dental' }, { name: 'Other Co' }], agreementsPerCompany: 0 });

    const page = await clientFor(sim).companiesPage({ search: 'say "hi"' });

    expect(page.items.map((c) => c.name)).toEqual(['Say "Hi" Dental']);
    expect(sim.requestsTo('GET', 'company/companies')[0]?.query.conditions).toBe(
      'deletedFlag=false and name contains "say \\"hi\\""',
    );
  });

  it('hides deleted companies', async () => {
    const seeded = sim.seed({ companies: 3, deletedCompanies: 2, agreementsPerCompany: 0 });

    const ids: number[] = [];
    for await (const company of clientFor(sim).iterateCompanies()) ids.push(company.id);

    expect(ids).toEqual(seeded.companyIds);
  });

  it('serves a picker one page at a time with hasNextPage from the Link header', async () => {
    sim.seed({ companies: 45, agreementsPerCompany: 0 });
    const client = clientFor(sim);

    const first = await client.companiesPage({ page: 1, pageSize: 20 });
    const last = await client.companiesPage({ page: 3, pageSize: 20 });

    expect(first).toMatchObject({ page: 1, pageSize: 20, hasNextPage: true });
    expect(first.items).toHaveLength(20);
    expect(last).toMatchObject({ page: 3, hasNextPage: false });
    expect(last.items).toHaveLength(5);
    const sorted = [...first.items].sort((a, b) => a.name.localeCompare(b.name));
    expect(first.items.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
  });

  it('lists company types', async () => {
    sim.seed({ companies: 0, types: ['Client', 'Vendor'] });

    const types = await clientFor(sim).companyTypes();

    expect(types.map((t) => t.name)).toEqual(['Client', 'Vendor']);
    expect(types.find((t) => t.name === 'Vendor')?.vendorFlag).toBe(true);
  });
});

describe('agreements and additions', () => {
  it('lists only the company’s agreements that are not cancelled', async () => {
    const seeded = sim.seed({ companies: 2, agreementsPerCompany: 2, cancelledAgreementsPerCompany: 1 });
    const companyId = seeded.companyIds[0]!;

    const agreements = await clientFor(sim).agreements(companyId);

    expect(agreements.items).toHaveLength(2);
    expect(agreements.items.every((a) => a.company?.id === companyId && a.cancelledFlag === false)).toBe(true);
    expect(sim.requestsTo('GET', 'finance/agreements')[0]?.query.conditions).toBe(
      `company/id=${companyId} and cancelledFlag=false`,
    );
  });

  it('lists an agreement’s additions and reads one addition', async () => {
    const seeded = sim.seed({ companies: 1, agreementsPerCompany: 1, additionsPerAgreement: 3 });
    const { agreementId, additionId } = seeded.additions[1]!;
    const client = clientFor(sim);

    const additions = await client.additions(agreementId);
    const addition = await client.addition(agreementId, additionId);

    expect(additions.items.map((a) => a.id)).toEqual(seeded.additions.map((a) => a.additionId));
    expect(additions.skipped).toEqual([]);
    expect(addition).toMatchObject({ id: additionId, agreementId, product: { identifier: 'JC-DEVICE' } });
  });

  it('patches quantity and unit cost with whole top-level JSON-Patch replace operations', async () => {
    const seeded = sim.seed({ companies: 1, agreementsPerCompany: 1, additionsPerAgreement: 1 });
    const { agreementId, additionId } = seeded.additions[0]!;

    const updated = await clientFor(sim).patchAddition(agreementId, additionId, { quantity: 42, unitCost: 8.5 });

    expect(updated).toMatchObject({ id: additionId, quantity: 42, unitCost: 8.5 });
    expect(sim.patches).toEqual([
      {
        agreementId,
        additionId,
        body: [
          { op: 'replace', path: 'quantity', value: 42 },
          { op: 'replace', path: 'unitCost', value: 8.5 },
        ],
        applied: ['quantity', 'unitCost'],
        ignored: [],
      },
    ]);
    expect(sim.requestsTo('PATCH', /additions\/\d+$/)[0]?.headers.contentType).toBe('application/json');
  });

  it('patches only the fields given', async () => {
    const seeded = sim.seed({ companies: 1, agreementsPerCompany: 1, additionsPerAgreement: 1 });
    const { agreementId, additionId } = seeded.additions[0]!;

    await clientFor(sim).patchAddition(agreementId, additionId, { quantity: 7 });

    expect(sim.patches[0]?.body).toEqual([{ op: 'replace', path: 'quantity', value: 7 }]);
  });
});

describe('rows as varied as the spec allows', () => {
  it('reads a null quantity and null costs as no value, not zero', async () => {
    const { cases } = realisticSeed(sim.data);
    const client = clientFor(sim);

    const listed = await client.additions(cases.nullQuantity.agreementId);
    const one = await client.addition(cases.nullQuantity.agreementId, cases.nullQuantity.additionId!);
    const costless = await client.addition(cases.nullCosts.agreementId, cases.nullCosts.additionId!);

    expect(listed.items.find((a) => a.id === cases.nullQuantity.additionId)?.quantity).toBeUndefined();
    expect(one).toMatchObject({ id: cases.nullQuantity.additionId, product: { identifier: 'M365-BP' } });
    expect(one.quantity).toBeUndefined();
    expect(costless.unitCost).toBeUndefined();
    expect(costless.unitPrice).toBeUndefined();
  });

  it('reads additions whose product has no identifier, whose addition has no description, or neither', async () => {
    const { cases } = realisticSeed(sim.data);
    const client = clientFor(sim);

    const noIdentifier = await client.addition(cases.noProductIdentifier.agreementId, cases.noProductIdentifier.additionId!);
    const bare = await client.addition(cases.bareProduct.agreementId, cases.bareProduct.additionId!);
    const listed = await client.additions(cases.noProductDescription.agreementId);

    expect([noIdentifier.product.id, noIdentifier.product.identifier, noIdentifier.description]).toEqual([304, undefined, 'Security awareness training']);
    expect([bare.product.id, bare.product.identifier, bare.description]).toEqual([undefined, undefined, undefined]);
    expect(listed.items.find((a) => a.id === cases.noProductDescription.additionId)?.product.identifier).toBe('EDR-SEAT');
    expect(listed.skipped).toEqual([]);
  });

  it('skips and reports a list row it cannot read, keeping the others, and logs fields but never values', async () => {
    const { cases } = realisticSeed(sim.data);
    const logger = captureLogger();
    const { agreementId } = cases.withoutId;

    const additions = await clientFor(sim, { logger }).additions(agreementId);

    const listed = sim.data.additions.filter((a) => a.agreementId === agreementId);
    expect(additions.items.map((a) => a.id)).toEqual(listed.filter((a) => a.id !== undefined).map((a) => a.id));
    expect(additions.skipped).toEqual([{ index: 0, reason: expect.stringMatching(/^id: /) }]);
    const warning = logger.entries.find((entry) => entry.level === 'warn');
    expect(warning?.msg).toBe('skipped ConnectWise rows that could not be read');
    expect(JSON.stringify(warning?.obj)).toContain('"skipped":1');
    expect(JSON.stringify(warning?.obj)).not.toContain('JC-MDM');
  });

  it('names the id and the failing field of an unreadable row, not its value', async () => {
    const seeded = sim.seed({ companies: 1, agreementsPerCompany: 2 });
    const broken = sim.data.agreements.find((a) => a.id === seeded.agreementIds[1])!;
    // Off the spec (name is required), as real data sometimes is.
    (markOffSpec(broken) as unknown as Record<string, unknown>).name = { secret: 'Customer Secret' };

    const agreements = await clientFor(sim).agreements(seeded.companyIds[0]!);

    expect(agreements.items.map((a) => a.id)).toEqual([seeded.agreementIds[0]]);
    expect(agreements.skipped).toEqual([{ index: 1, id: broken.id, reason: expect.stringContaining('name: ') }]);
    expect(agreements.skipped[0]!.reason).not.toContain('Customer Secret');
  });

  it('skips an unreadable company on a picker page and while iterating, telling the caller', async () => {
    sim.seed({ companies: 3 });
    const nameless = markOffSpec({ ...sim.data.companies[1]!, id: 19_999, name: null }) as unknown as SimCompany;
    sim.data.companies.push(nameless);
    const client = clientFor(sim);

    const page = await client.companiesPage({ pageSize: 10 });
    const told: unknown[] = [];
    const iterated: number[] = [];
    for await (const company of client.iterateCompanies({ onSkipped: (row) => told.push(row) })) iterated.push(company.id);

    expect(page.items).toHaveLength(3);
    expect(page.skipped).toEqual([{ index: expect.any(Number), id: 19_999, reason: expect.stringContaining('name: ') }]);
    expect(iterated).toHaveLength(3);
    expect(told).toEqual([{ index: 3, id: 19_999, reason: expect.stringContaining('name: ') }]);
  });

  it('lists Expired and Inactive agreements with their status, and additions with their agreement’s', async () => {
    const { agreements } = realisticSeed(sim.data);
    const expired = sim.data.agreements.find((a) => a.id === agreements.Expired[0]) as SimAgreement;

    const listed = await clientFor(sim).agreements(expired.company.id);
    const additions = await clientFor(sim).additions(expired.id);

    expect(listed.items.map((a) => a.agreementStatus).sort()).toEqual(['Active', 'Expired']);
    expect(additions.items.every((a) => a.agreementStatus === 'Expired')).toBe(true);
  });

  it('fails a single addition it cannot read with bad-response naming the field', async () => {
    const seeded = sim.seed({ companies: 1, agreementsPerCompany: 1, additionsPerAgreement: 1 });
    const { agreementId, additionId } = seeded.additions[0]!;
    sim.addFault({ method: 'GET', path: 'finance/agreements/*/additions/*', type: 'respond', body: { id: additionId, quantity: 'twelve' } });

    const error = await failure(clientFor(sim).addition(agreementId, additionId));

    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as Error).message).toMatch(new RegExp(`product addition ${additionId} could not be read \\(.*product: .*quantity: `));
    expect((error as Error).message).not.toContain('twelve');
  });
});

describe('service tables and tickets', () => {
  it('lists priorities, sources and boards', async () => {
    const client = clientFor(sim);

    const [priorities, sources, boards] = await Promise.all([client.priorities(), client.sources(), client.boards()]);

    expect(priorities.map((p) => p.sortOrder)).toEqual([1, 2, 3, 4]);
    expect(priorities.find((p) => p.defaultFlag)?.level).toBe('Medium');
    expect(sources.map((s) => s.name)).toContain('Monitoring');
    expect(boards.find((b) => b.name === 'Old Projects')?.inactiveFlag).toBe(true);
  });

  it('creates a ticket with the contract’s fields and finds it again by external reference', async () => {
    const seeded = sim.seed({ companies: 2, agreementsPerCompany: 0 });
    const client = clientFor(sim);
    const [boards, priorities, sources] = await Promise.all([client.boards(), client.priorities(), client.sources()]);

    const ticket = await client.createTicket({
      summary: 'JumpCloud: 3 users over the high watermark',
      companyId: seeded.companyIds[1]!,
      boardId: boards[0]!.id,
      priorityId: priorities[0]!.id,
      sourceId: sources[0]!.id,
      requiredDate: '2025-02-01T00:00:00Z',
      initialDescription: 'Details here',
      externalXRef: 'highwater:alert:42',
    });
    const found = await client.findTicketByExternalXRef('highwater:alert:42');
    const missing = await client.findTicketByExternalXRef('highwater:alert:43');

    expect(found).toEqual(ticket);
    expect(missing).toBeNull();
    expect(sim.tickets).toHaveLength(1);
    expect(sim.requestsTo('POST', 'service/tickets')[0]?.body).toEqual({
      summary: 'JumpCloud: 3 users over the high watermark',
      company: { id: seeded.companyIds[1] },
      board: { id: boards[0]!.id },
      priority: { id: priorities[0]!.id },
      source: { id: sources[0]!.id },
      requiredDate: '2025-02-01T00:00:00Z',
      initialDescription: 'Details here',
      externalXRef: 'highwater:alert:42',
    });
    expect(sim.requestsTo('GET', 'service/tickets')[0]?.query.conditions).toBe('externalXRef="highwater:alert:42"');
  });
});
