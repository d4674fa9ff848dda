import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectWiseSimulator, type ConnectWiseSimulator, type SeedResult } from './index.js';

/*
 * The simulator against the contract (shared/docs/connectwise-manage-api.md), over raw HTTPS: each row is
 * a request and the status and body fields ConnectWise would answer with. One simulator is shared by the
 * rows that only read or that touch rows nobody else reads (their own addition, a new ticket); a test
 * that needs different data starts its own.
 */

let shared: ConnectWiseSimulator;
let sim: ConnectWiseSimulator; // alias of `shared` for readability in the tests
let seeded: SeedResult;
let agent: Agent;

interface Raw {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

interface RawOptions {
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** false: no Authorization; a string: that Authorization; default: valid credentials. */
  auth?: false | string;
  clientId?: false;
  /** Another simulator than the shared one. */
  target?: ConnectWiseSimulator;
}

const api = (path: string) => `/v2025_1/apis/3.0/${path}`;

async function raw(method: string, path: string, options: RawOptions = {}): Promise<Raw> {
  const sim = options.target ?? shared;
  const { publicKey, privateKey } = sim.credentials;
  const basic = `Basic ${Buffer.from(`${sim.companyId}+${publicKey}:${privateKey}`).toString('base64')}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.connectwise.com+json; version=2025.8',
    ...(options.auth === false ? {} : { authorization: options.auth ?? basic }),
    ...(options.clientId === false ? {} : { clientid: sim.clientId }),
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const url = new URL(path, sim.url);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const res = await request(url, {
    method: method as 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.statusCode, body, text, headers: res.headers };
}

const rels = (response: Raw) =>
  [...String(response.headers.link ?? '').matchAll(/rel="(\w+)"/g)].map((match) => match[1]).sort();

beforeAll(async () => {
  shared = sim = await startConnectWiseSimulator({
    seed: { companies: 60, deletedCompanies: 2, agreementsPerCompany: 1, cancelledAgreementsPerCompany: 1, additionsPerAgreement: 2 },
  });
  seeded = sim.initialSeed!;
  // Every simulator in a process shares one certificate, so this agent trusts them all.
  agent = new Agent({ connect: { ca: sim.ca } });
});

afterAll(async () => {
  await agent.close();
  await sim.close();
});

describe('codebase discovery', () => {
  it('answers a known company with its codebase, without authentication', async () => {
    const response = await raw('GET', `/login/companyinfo/${sim.companyId.toUpperCase()}`, { auth: false, clientId: false });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      CompanyName: expect.any(String),
      Codebase: 'v2025_1/',
      VersionCode: expect.any(String),
      VersionNumber: expect.any(String),
      CompanyID: sim.companyId,
      IsCloud: true,
    });
  });

  it('answers an unknown company with 200 and an empty body', async () => {
    const response = await raw('GET', '/login/companyinfo/nobody', { auth: false });

    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', { auth: false } as RawOptions],
    ['a wrong private key', { auth: `Basic ${Buffer.from('highwater_sim+abc:wrong').toString('base64')}` }],
    ['a malformed credential', { auth: 'Basic bm9wbHVz' }],
    ['no clientId header', { clientId: false } as RawOptions],
  ])('answers 401 with a ConnectWise error body for %s', async (_case, options) => {
    const response = await raw('GET', api('system/info'), options);

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 'Unauthorized', message: expect.any(String) });
  });

  it('accepts the company ID in any case', async () => {
    const { publicKey, privateKey } = sim.credentials;
    const auth = `Basic ${Buffer.from(`${sim.companyId.toUpperCase()}+${publicKey}:${privateKey}`).toString('base64')}`;

    expect((await raw('GET', api('system/info'), { auth })).status).toBe(200);
  });
});

describe('collections and paging', () => {
  it.each([
    ['system/info', {}, { version: expect.any(String), isCloud: true, serverTimeZone: expect.any(String), cloudRegion: 'NA' }],
  ])('GET %s answers the contract’s fields', async (path, query, fields) => {
    const response = await raw('GET', api(path), { query });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject(fields);
  });

  it.each([
    ['company/companies/types', ['id', 'name', 'defaultFlag', 'vendorFlag']],
    ['company/companies', ['id', 'identifier', 'name', 'status', 'types', 'deletedFlag']],
    ['finance/agreements', ['id', 'name', 'type', 'company', 'cancelledFlag', 'agreementStatus', 'billingCycle', 'startDate']],
    ['service/priorities', ['id', 'name', 'color', 'sortOrder', 'defaultFlag', 'level']],
    ['service/sources', ['id', 'name', 'defaultFlag']],
    ['service/boards', ['id', 'name', 'inactiveFlag']],
  ])('GET %s lists items with the contract’s fields', async (path, fields) => {
    const response = await raw('GET', api(path));

    expect(response.status).toBe(200);
    const [first] = response.body as Array<Record<string, unknown>>;
    for (const field of fields) expect(first).toHaveProperty(field);
  });

  it('pages 25 items by default and links first, next and last', async () => {
    const response = await raw('GET', api('company/companies'));

    expect(response.body).toHaveLength(25);
    expect(rels(response)).toEqual(['first', 'last', 'next']);
    expect(String(response.headers.link)).toContain('page=2&pageSize=25');
  });

  it('links prev from a middle page and drops next on the last page', async () => {
    const middle = await raw('GET', api('company/companies'), { query: { page: '2', pageSize: '20' } });
    const last = await raw('GET', api('company/companies'), { query: { page: '4', pageSize: '20' } });

    expect(rels(middle)).toEqual(['first', 'last', 'next', 'prev']);
    expect(rels(last)).toEqual(['first', 'last', 'prev']);
    expect(last.body).toHaveLength(2);
  });

  it('caps pageSize at 1000', async () => {
    const big = await startConnectWiseSimulator({ seed: { companies: 1100, agreementsPerCompany: 0 } });
    try {
      const response = await raw('GET', api('company/companies'), { query: { pageSize: '5000' }, target: big });

      expect(response.body).toHaveLength(1000);
    } finally {
      await big.close();
    }
  });

  it('pages forward-only by pageId, ignoring page and orderBy, linking only next', async () => {
    const pageId = String(seeded.companyIds[9]);
    const response = await raw('GET', api('company/companies'), {
      query: { pageId, pageSize: '5', page: '7', orderBy: 'name desc' },
      headers: { 'pagination-type': 'forward-only' },
    });

    const ids = (response.body as Array<{ id: number }>).map((c) => c.id);
    expect(ids).toEqual(seeded.companyIds.slice(10, 15));
    expect(rels(response)).toEqual(['next']);
    expect(String(response.headers.link)).toContain(`pageId=${seeded.companyIds[14]}`);
  });

  it('orders by orderBy', async () => {
    const response = await raw('GET', api('company/companies'), { query: { orderBy: 'name desc', pageSize: '10' } });

    const names = (response.body as Array<{ name: string }>).map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' })));
  });

  it('trims items to fields', async () => {
    const response = await raw('GET', api('company/companies'), { query: { fields: 'id,name', pageSize: '1' } });

    expect(Object.keys((response.body as object[])[0]!)).toEqual(['id', 'name']);
  });
});

describe('conditions', () => {
  const names = (response: Raw) => (response.body as Array<{ name: string }>).map((c) => c.name);

  it.each([
    ['name like "Acme%"', (name: string) => /^acme/i.test(name)],
    ['name contains "DENTAL"', (name: string) => /dental/i.test(name)],
    ['name like "%bakery%" and deletedFlag=false', (name: string) => /bakery/i.test(name)],
    ['(name like "Acme%" or name like "Blue%") and deletedFlag!=true', (name: string) => /^(acme|blue)/i.test(name)],
  ])('filters companies by %s', async (conditions, expected) => {
    const response = await raw('GET', api('company/companies'), { query: { conditions, pageSize: '1000' } });

    expect(response.status).toBe(200);
    expect(names(response).length).toBeGreaterThan(0);
    expect(names(response).every(expected)).toBe(true);
  });

  it('filters array members with childConditions', async () => {
    const [, prospect, vendor] = seeded.typeIds;
    const response = await raw('GET', api('company/companies'), {
      query: { childConditions: `types/id=${prospect} or types/id=${vendor}`, pageSize: '1000' },
    });

    const companies = response.body as Array<{ types: Array<{ id: number }> }>;
    expect(companies.length).toBeGreaterThan(0);
    expect(companies.every((c) => c.types.some((t) => t.id === prospect || t.id === vendor))).toBe(true);
  });

  it('keeps deleted companies unless deletedFlag=false is asked for', async () => {
    const all = await raw('GET', api('company/companies'), { query: { pageSize: '1000' } });
    const live = await raw('GET', api('company/companies'), { query: { conditions: 'deletedFlag=false', pageSize: '1000' } });

    expect((all.body as unknown[]).length - (live.body as unknown[]).length).toBe(seeded.deletedCompanyIds.length);
  });

  it('selects a company’s agreements that are not cancelled', async () => {
    const companyId = seeded.companyIds[3]!;
    const all = await raw('GET', api('finance/agreements'), { query: { conditions: `company/id=${companyId}` } });
    const active = await raw('GET', api('finance/agreements'), {
      query: { conditions: `company/id=${companyId} and cancelledFlag=false` },
    });

    expect(all.body).toHaveLength(2);
    expect(active.body).toEqual([expect.objectContaining({ cancelledFlag: false, company: expect.objectContaining({ id: companyId }) })]);
  });

  it('answers 400 with a ConnectWise error body for conditions it cannot parse', async () => {
    const response = await raw('GET', api('company/companies'), { query: { conditions: 'name like' } });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: expect.any(String), message: expect.stringContaining('conditions') });
  });
});

describe('additions', () => {
  it('lists an agreement’s additions and reads one', async () => {
    const { agreementId, additionId } = seeded.additions[0]!;
    const list = await raw('GET', api(`finance/agreements/${agreementId}/additions`));
    const one = await raw('GET', api(`finance/agreements/${agreementId}/additions/${additionId}`));

    expect(list.body).toHaveLength(2);
    expect(one.body).toMatchObject({
      id: additionId,
      agreementId,
      product: { id: expect.any(Number), identifier: expect.any(String) },
      quantity: expect.any(Number),
      lessIncluded: 0,
      unitPrice: expect.any(Number),
      unitCost: expect.any(Number),
      billCustomer: 'Billable',
      effectiveDate: expect.any(String),
      description: expect.any(String),
    });
  });

  it('answers 404 NotFound for an addition of another agreement', async () => {
    const { additionId } = seeded.additions[0]!;
    const otherAgreement = seeded.additions[2]!.agreementId;

    const response = await raw('GET', api(`finance/agreements/${otherAgreement}/additions/${additionId}`));

    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NotFound' });
  });

  it('answers for additions a test adds, replaces or removes in its data after the first read', async () => {
    const target = await startConnectWiseSimulator();
    try {
      const [first, second] = target.seed({ companies: 1, agreementsPerCompany: 1, additionsPerAgreement: 2 }).additions;
      const get = (id: number) => raw('GET', api(`finance/agreements/${first!.agreementId}/additions/${id}`), { target });
      expect((await get(first!.additionId)).status).toBe(200);

      const stored = target.data.additions;
      const at = stored.findIndex((addition) => addition.id === first!.additionId);
      stored[at] = { ...stored[at]!, id: 999_001 }; // replaced in place: the same array, the same length
      expect((await get(999_001)).body).toMatchObject({ id: 999_001 });
      expect((await get(first!.additionId)).status).toBe(404);

      stored.push({ ...stored[at]!, id: 999_002 });
      expect((await get(999_002)).body).toMatchObject({ id: 999_002 });

      target.data.additions = stored.filter((addition) => addition.id !== second!.additionId);
      expect((await get(second!.additionId)).status).toBe(404);
      expect((await get(999_002)).body).toMatchObject({ id: 999_002 });
    } finally {
      await target.close();
    }
  });

  it.each([
    [0, 'whole top-level replaces', [{ op: 'replace', path: 'quantity', value: 42 }, { op: 'replace', path: '/unitCost', value: 8.5 }], 200, { quantity: 42, unitCost: 8.5 }],
    [1, 'a sub-path replace (acknowledged, not applied)', [{ op: 'replace', path: '/quantity/value', value: 99 }], 200, { quantity: 10 }],
    [2, 'an unsupported op', [{ op: 'remove', path: 'quantity' }], 400, undefined],
    [3, 'a replace without value', [{ op: 'replace', path: 'quantity' }], 400, undefined],
    [4, 'a read-only field', [{ op: 'replace', path: 'product', value: {} }], 400, undefined],
    [5, 'a value of the wrong type', [{ op: 'replace', path: 'quantity', value: '42' }], 400, undefined],
    [6, 'a body that is not an array', { quantity: 42 }, 400, undefined],
  ])('PATCH row %i: %s', async (row, _case, body, status, after) => {
    // Each row patches its own addition (the first of agreement 10 + row), seeded with quantity 10.
    const { agreementId, additionId } = seeded.additions[(10 + row) * 2]!;
    const path = api(`finance/agreements/${agreementId}/additions/${additionId}`);
    const before = (await raw('GET', path)).body;

    const response = await raw('PATCH', path, { body });
    const current = await raw('GET', path);

    expect(response.status).toBe(status);
    if (after) expect(current.body).toMatchObject(after);
    else {
      expect(response.body).toMatchObject({ code: 'InvalidObject', message: expect.any(String) });
      expect(current.body).toEqual(before);
    }
  });
});

describe('tickets', () => {
  const valid = () => ({ summary: 'Disk full', company: { id: seeded.companyIds[0] }, externalXRef: `xref-${Math.random()}` });

  it.each([
    ['no summary', { summary: undefined }, 'summary', 'Required'],
    ['a blank summary', { summary: '  ' }, 'summary', 'Required'],
    ['a summary over 100 characters', { summary: 'x'.repeat(101) }, 'summary', 'InvalidField'],
    ['no company', { company: undefined }, 'company', 'Required'],
    ['an unknown company', { company: { id: 1 } }, 'company', 'InvalidField'],
    ['an unknown board', { board: { id: 999 } }, 'board', 'InvalidField'],
    ['an unknown priority', { priority: { id: 999 } }, 'priority', 'InvalidField'],
    ['an externalXRef over 100 characters', { externalXRef: 'x'.repeat(101) }, 'externalXRef', 'InvalidField'],
  ])('POST service/tickets with %s answers 400 naming the field', async (_case, change, field, code) => {
    const response = await raw('POST', api('service/tickets'), { body: { ...valid(), ...change } });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'InvalidObject',
      message: expect.any(String),
      errors: [{ code, message: expect.any(String), resource: 'ticket', field }],
    });
  });

  it('creates a ticket (201) that GET finds by externalXRef', async () => {
    const body = { ...valid(), externalXRef: 'hw:"quoted"', initialDescription: 'first note' };

    const created = await raw('POST', api('service/tickets'), { body });
    const found = await raw('GET', api('service/tickets'), { query: { conditions: 'externalXRef="hw:\\"quoted\\""' } });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), summary: 'Disk full', company: { id: seeded.companyIds[0] }, board: { id: expect.any(Number) } });
    expect(created.body).not.toHaveProperty('initialDescription');
    expect(found.body).toEqual([created.body]);
    expect(sim.tickets.find((t) => t.externalXRef === 'hw:"quoted"')?.initialDescription).toBe('first note');
  });
});

describe('everything else', () => {
  it.each([
    ['GET', api('company/contacts')],
    ['DELETE', api('company/companies/1')],
    ['GET', '/v4_6_release/apis/3.0/system/info'],
    ['GET', '/nowhere'],
  ])('%s %s answers 404 with a ConnectWise error body', async (method, path) => {
    const response = await raw(method, path);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 'NotFound', message: expect.any(String) });
  });

  it('answers 403 naming the permission a denied route needs', async () => {
    sim.denyPermission({ method: 'PATCH', path: 'finance/agreements/*/additions/*' });
    const { agreementId, additionId } = seeded.additions[0]!;

    const response = await raw('PATCH', api(`finance/agreements/${agreementId}/additions/${additionId}`), {
      body: [{ op: 'replace', path: 'quantity', value: 1 }],
    });
    sim.clearPermissionDenials();

    expect(response.status).toBe(403);
    expect(response.body).toEqual({ code: 'Forbidden', message: 'You do not have Edit permission for Finance > Agreements.' });
  });
});
