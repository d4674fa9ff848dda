import { describe, expect, it } from 'vitest';
import { ApiContract, formatViolation } from './api-contract.js';
import { contractOverrides } from './deviations.js';
import { readSpec, specApis } from './spec-files.js';

/*
 * The checker itself, on hand-made requests and responses: a drift of each kind is caught and named with
 * the field and the spec's own text. (That every request our clients send passes is the job of the
 * recorder in every test file; vendor-contracts.test.ts drives each operation.)
 */

function contract(name: string): ApiContract {
  const api = specApis.find((candidate) => candidate.name === name)!;
  return new ApiContract(api, readSpec(api), contractOverrides.filter((override) => override.api === name));
}

const connectWise = contract('connectwise');
const insights = contract('jumpcloud directory insights');
const v1 = contract('jumpcloud v1');
const cwAccept = { accept: 'application/vnd.connectwise.com+json; version=2025.8' };

function request(c: ApiContract, method: string, path: string, options: { query?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const checked = c.checkRequest({ method, specPath: path, query: new URLSearchParams(options.query ?? ''), headers: options.headers ?? {}, body: options.body });
  return { operation: checked.operation, messages: checked.violations.map(formatViolation) };
}

describe('requests', () => {
  it('names a misspelt ticket field, the missing required one and the fields the spec has', () => {
    const { messages } = request(connectWise, 'POST', '/service/tickets', { headers: cwAccept, body: { sumary: 'Disk', company: { id: 1 } } });

    expect(messages).toContainEqual(expect.stringMatching(/POST \/service\/tickets request body \/sumary: "sumary" is not a field .* spec: components\.schemas\.Ticket fields: id, summary/));
    expect(messages).toContainEqual(expect.stringMatching(/request body \/summary: required field "summary" is missing .*required: summary, company/));
  });

  it('holds text to the length ConnectWise writes in its descriptions and values to their enums', () => {
    const { messages } = request(connectWise, 'POST', '/service/tickets', {
      headers: cwAccept,
      body: { summary: 'x'.repeat(101), company: { id: 1 }, externalXRef: 'ok', severity: 'Huge' },
    });

    expect(messages).toContainEqual(expect.stringMatching(/\/summary: must NOT have more than 100 characters .*"Max length: 100;"/));
    expect(messages).toContainEqual(expect.stringMatching(/\/severity: "Huge" is not one of \["Low","Medium","High",null\]/));
    expect(messages).toHaveLength(2);
  });

  it('accepts a well-formed ticket', () => {
    const checked = request(connectWise, 'POST', '/service/tickets', {
      headers: { ...cwAccept, clientId: 'abc' },
      body: { summary: 'User Lockout — jdoe@acme.example', company: { id: 12 }, board: { id: 1 }, externalXRef: 'hw:1', requiredDate: '2026-12-05T00:00:00Z' },
    });

    expect(checked).toEqual({ operation: 'POST /service/tickets', messages: [] });
  });

  it('holds each patch operation to the field of the addition it names', () => {
    const path = '/finance/agreements/10/additions/20';
    const good = request(connectWise, 'PATCH', path, { headers: cwAccept, body: [{ op: 'replace', path: 'quantity', value: 7 }, { op: 'replace', path: 'unitCost', value: 8.5 }] });
    const bad = request(connectWise, 'PATCH', path, {
      headers: cwAccept,
      body: [{ op: 'replace', path: 'quantty', value: 7 }, { op: 'replace', path: 'quantity', value: 'seven' }],
    });

    expect(good.messages).toEqual([]);
    expect(bad.messages).toContainEqual(expect.stringMatching(/\/0\/path: "quantty" is not a field of Addition .*Addition fields: id, product, quantity/));
    expect(bad.messages).toContainEqual(expect.stringMatching(/\/1\/value: must be number,null .*Addition\.properties\.quantity/));
  });

  it('refuses query parameters the operation does not declare and values not of their type', () => {
    const { messages } = request(connectWise, 'GET', '/company/companies', { headers: cwAccept, query: 'pageSize=fifty&search=acme' });

    expect(messages).toEqual([
      expect.stringMatching(/query pageSize: must be integer,null/),
      expect.stringMatching(/query search: not a parameter of this operation .*conditions, childConditions/),
    ]);
  });

  it('refuses a model version the spec does not describe in the Accept header', () => {
    const { messages } = request(connectWise, 'GET', '/system/info', { headers: { accept: 'application/vnd.connectwise.com+json; version=2025.1' } });

    expect(messages).toEqual([expect.stringMatching(/header Accept: asks for .*version=2025\.1.* responds in application\/vnd\.connectwise\.com\+json; version=2025\.8/)]);
  });

  it('reports an operation the spec does not have', () => {
    const { operation, messages } = request(connectWise, 'DELETE', '/service/tickets/5');

    expect(operation).toBeUndefined();
    expect(messages).toEqual([expect.stringMatching(/DELETE \/service\/tickets\/5 operation: no such operation/)]);
  });

  it('holds a Directory Insights query to its schema, including the cursor typed as strings', () => {
    const headers = { 'x-api-key': 'k', 'x-org-id': 'o', accept: 'application/json' };
    const good = request(insights, 'POST', '/events', { headers, body: { service: ['directory', 'systems'], start_time: '2026-12-01T00:00:00Z', limit: 1000, search_after: ['1772323320000', 'abc'] } });
    const bad = request(insights, 'POST', '/events', { headers, body: { service: ['directory', 'device'], start_time: 'yesterday', search_after: [1772323320000, 'abc'] } });

    expect(good.messages).toEqual([]);
    expect(bad.messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/service\/1: "device" is not one of \["alerts","all","directory"/),
        expect.stringMatching(/\/start_time: must match format "date-time" .*"query start time, UTC in RFC3339 format"/),
        expect.stringMatching(/\/search_after\/0: must be string .*"Specific query to search after/),
      ]),
    );
  });

  it('requires the API key and organization headers Directory Insights declares', () => {
    const { messages } = request(insights, 'POST', '/events', { body: { service: ['all'], start_time: '2026-12-01T00:00:00Z' } });

    expect(messages).toEqual([expect.stringMatching(/header x-api-key \+ x-org-id: credentials the operation requires are missing/)]);
  });

  it('takes repeated v1 filters and refuses a limit that is not a number', () => {
    const headers = { 'x-api-key': 'k' };
    const good = request(v1, 'GET', '/systemusers', { headers, query: 'limit=1&skip=0&filter=state:$ne:SUSPENDED&filter=state:$ne:STAGED' });
    const bad = request(v1, 'GET', '/systemusers', { headers, query: 'limit=all' });

    expect(good.messages).toEqual([]);
    expect(bad.messages).toEqual([expect.stringMatching(/query limit: must be integer/)]);
  });
});

describe('responses', () => {
  const addition = { id: 20, product: { id: 3, identifier: 'M365-BP' }, quantity: 12, billCustomer: 'Billable' };

  it('names a field the spec does not define and a required one that is missing', () => {
    const messages = connectWise
      .checkResponse('GET', '/finance/agreements/10/additions/20', { status: 200, text: JSON.stringify({ ...addition, quantityy: 12, billCustomer: undefined }) })
      .map(formatViolation);

    expect(messages).toEqual([
      expect.stringMatching(/response body \/billCustomer: required field "billCustomer" is missing .*required: product, billCustomer/),
      expect.stringMatching(/response body \/quantityy: "quantityy" is not a field the spec defines here/),
    ]);
  });

  it('allows what the spec allows: a null quantity, a product without identifier', () => {
    const odd = { ...addition, quantity: null, unitCost: null, product: { id: 3 } };

    expect(connectWise.checkResponse('GET', '/finance/agreements/10/additions/20', { status: 200, text: JSON.stringify(odd) })).toEqual([]);
  });

  it('refuses a success status the operation does not answer with', () => {
    const messages = connectWise.checkResponse('POST', '/service/tickets', { status: 200, text: '{}' }).map(formatViolation);

    expect(messages).toEqual([expect.stringMatching(/response status 200: not a status the operation answers \(201\)/)]);
  });

  it('leaves failures alone: neither vendor declares its error bodies', () => {
    expect(connectWise.checkResponse('GET', '/system/info', { status: 500, text: '<html>' })).toEqual([]);
  });
});
