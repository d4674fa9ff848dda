import { describe, expect, it } from 'vitest';
import { normaliseSite } from './client.js';
import { parseMissingPermission } from './errors.js';
import { parseRetryAfter } from '../shared/network-failure.js';
import { httpError } from './transport-errors.js';

const label = { method: 'GET', path: '/v2025_1/apis/3.0/company/companies' };
const keep = (text: string) => text;

describe('mapping ConnectWise answers to errors', () => {
  it.each([
    [400, 'bad-request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'bad-request'],
    [429, 'rate-limited'],
    [500, 'upstream'],
    [503, 'upstream'],
  ])('maps status %i to %s', (status, kind) => {
    expect(httpError(status, '', undefined, label, keep).kind).toBe(kind);
  });

  it('keeps ConnectWise’s code, message and errors', () => {
    const body = JSON.stringify({ code: 'InvalidObject', message: 'bad', errors: [{ code: 'Required', field: 'summary' }] });

    expect(httpError(400, body, undefined, label, keep)).toMatchObject({
      code: 'InvalidObject',
      cwMessage: 'bad',
      errors: [{ code: 'Required', field: 'summary' }],
    });
  });

  it('tolerates an HTML error page', () => {
    expect(httpError(502, '<html>Bad gateway</html>', undefined, label, keep)).toMatchObject({ kind: 'upstream', status: 502 });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', Date.parse('2025-01-01T00:00:00Z'))).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('parseMissingPermission', () => {
  it.each([
    ['You do not have Inquire permission for Companies > Company Maintenance.', 'Inquire', 'Companies > Company Maintenance'],
    ['Edit level permission to Finance->Agreements is required', 'Edit', 'Finance > Agreements'],
  ])('reads %s', (message, level, area) => {
    expect(parseMissingPermission(message)).toEqual({ level, area });
  });

  it('returns undefined when no permission is named', () => {
    expect(parseMissingPermission('Access denied')).toBeUndefined();
  });
});

describe('normaliseSite', () => {
  it('accepts a host, forgiving a pasted https:// and trailing slash', () => {
    expect(normaliseSite(' https://API-NA.myconnectwise.net/ ')).toBe('api-na.myconnectwise.net');
    expect(normaliseSite('127.0.0.1:8443')).toBe('127.0.0.1:8443');
  });

  it.each(['http://cw.example.com', 'cw.example.com/path', 'cw example', ''])('refuses %j', (site) => {
    expect(() => normaliseSite(site)).toThrow(expect.objectContaining({ kind: 'bad-site' }) as unknown as Error);
  });
});
