import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, closeClients, closedPort, failure } from '../../test-support/connectwise-sim/harness.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator } from '../../test-support/connectwise-sim/index.js';
import { clearConnectWiseDiscoveryCache, ConnectWiseError } from './index.js';

let sim: ConnectWiseSimulator;

beforeEach(async () => {
  clearConnectWiseDiscoveryCache();
  sim = await startConnectWiseSimulator({ seed: { companies: 3, agreementsPerCompany: 1, additionsPerAgreement: 1 } });
});

afterEach(async () => {
  await closeClients();
  await sim.close();
});

async function cwFailure(promise: Promise<unknown>): Promise<ConnectWiseError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(ConnectWiseError);
  return error as ConnectWiseError;
}

describe('ConnectWiseError kinds', () => {
  it('reports bad-site when nothing listens on the site', async () => {
    const port = await closedPort();

    const error = await cwFailure(clientFor(sim, { maxAttempts: 2 }, { site: `127.0.0.1:${port}` }).systemInfo());

    expect(error.kind).toBe('bad-site');
    expect(error.causeText).toContain('ECONNREFUSED');
  });

  it('reports bad-site, without retrying, when the certificate is not trusted', async () => {
    const error = await cwFailure(clientFor(sim, { ca: undefined, maxAttempts: 3 }).systemInfo());

    expect(error.kind).toBe('bad-site');
    expect(error.message).toMatch(/certificate/i);
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses a site given with http://', () => {
    expect(() => clientFor(sim, {}, { site: `http://${sim.site}` })).toThrow(
      expect.objectContaining({ kind: 'bad-site' }) as unknown as Error,
    );
  });

  it('reports unknown-company when discovery answers with an empty body', async () => {
    const error = await cwFailure(clientFor(sim, {}, { companyId: 'nosuchco' }).systemInfo());

    expect(error.kind).toBe('unknown-company');
    expect(error.message).toContain('nosuchco');
  });

  it('reports unauthorized for a wrong private key, keeping ConnectWise’s code and status', async () => {
    const error = await cwFailure(clientFor(sim, {}, { privateKey: 'WrongPrivateKey1' }).systemInfo());

    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'Unauthorized' });
    expect(sim.requestsTo('GET', 'system/info')).toHaveLength(1);
  });

  it('reports unauthorized once the keys were rotated', async () => {
    const client = clientFor(sim);
    await client.systemInfo();
    sim.rotateKeys();

    const error = await cwFailure(client.systemInfo());

    expect(error.kind).toBe('unauthorized');
  });

  it('reports forbidden naming the permission the API member lacks', async () => {
    sim.denyPermission({ method: 'GET', path: 'company/companies' });

    const error = await cwFailure(clientFor(sim).companiesPage({}));

    expect(error).toMatchObject({
      kind: 'forbidden',
      status: 403,
      permission: { level: 'Inquire', area: 'Companies > Company Maintenance' },
    });
    expect(error.message).toContain('Inquire permission for Companies > Company Maintenance');
  });

  it('reports not-found for an addition that does not exist', async () => {
    const { agreementId } = sim.initialSeed!.additions[0]!;

    const error = await cwFailure(clientFor(sim).addition(agreementId, 999_999));

    expect(error).toMatchObject({ kind: 'not-found', status: 404, code: 'NotFound' });
  });

  it('reports rate-limited with Retry-After once retries are spent', async () => {
    sim.addFault({ path: 'system/info', type: 'rate-limit', limit: 0, windowMs: 60_000, retryAfterSeconds: 0 });

    const error = await cwFailure(clientFor(sim, { maxAttempts: 3 }).systemInfo());

    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 0 });
    expect(sim.requestsTo('GET', 'system/info')).toHaveLength(3);
  });

  it('reports upstream for a 5xx that persists', async () => {
    sim.addFault({ path: 'system/info', type: 'status', status: 503 });

    const error = await cwFailure(clientFor(sim, { maxAttempts: 2 }).systemInfo());

    expect(error).toMatchObject({ kind: 'upstream', status: 503 });
  });

  it('reports timeout when ConnectWise never answers', async () => {
    sim.addFault({ path: 'system/info', type: 'hang' });

    const error = await cwFailure(clientFor(sim, { timeoutMs: 150, maxAttempts: 1 }).systemInfo());

    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('150 ms');
  });

  it('reports bad-response for malformed JSON', async () => {
    sim.addFault({ path: 'company/companies/types', type: 'malformed-json' });

    const error = await cwFailure(clientFor(sim).companyTypes());

    expect(error).toMatchObject({ kind: 'bad-response', status: 200 });
    expect(error.message).toContain('not JSON');
  });

  it('reports bad-response for JSON of the wrong shape, naming the field', async () => {
    sim.addFault({ path: 'system/info', type: 'respond', body: { version: 2025, isCloud: 'yes' } });

    const error = await cwFailure(clientFor(sim).systemInfo());

    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/version/);
  });

  it('reports bad-request with ConnectWise’s field errors for an invalid ticket', async () => {
    const error = await cwFailure(
      clientFor(sim).createTicket({ summary: 'Alert', companyId: 123_456_789, externalXRef: 'x-1' }),
    );

    expect(error).toMatchObject({ kind: 'bad-request', status: 400, code: 'InvalidObject' });
    expect(error.errors).toEqual([expect.objectContaining({ resource: 'ticket', field: 'company', code: 'InvalidField' })]);
  });

  it('rejects a summary over 100 characters before calling ConnectWise', async () => {
    const error = await cwFailure(
      clientFor(sim).createTicket({ summary: 'x'.repeat(101), companyId: sim.initialSeed!.companyIds[0]!, externalXRef: 'x-2' }),
    );

    expect(error.kind).toBe('bad-request');
    expect(sim.requestsTo('POST', 'service/tickets')).toHaveLength(0);
  });
});
