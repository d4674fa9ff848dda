import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogger, clientFor, closeClients, failure } from '../../test-support/connectwise-sim/harness.js';
import { startConnectWiseSimulator, type ConnectWiseSimulator } from '../../test-support/connectwise-sim/index.js';
import { clearConnectWiseDiscoveryCache, ConnectWiseError } from './index.js';

let sim: ConnectWiseSimulator;
let agreementId: number;
let additionId: number;
let companyId: number;

beforeEach(async () => {
  clearConnectWiseDiscoveryCache();
  sim = await startConnectWiseSimulator({ seed: { companies: 1, agreementsPerCompany: 1, additionsPerAgreement: 1 } });
  ({ agreementId, additionId } = sim.initialSeed!.additions[0]!);
  companyId = sim.initialSeed!.companyIds[0]!;
});

afterEach(async () => {
  await closeClients();
  await sim.close();
});

const additionRoute = 'finance/agreements/*/additions/*';

describe('retries', () => {
  it('retries a 5xx and returns the answer once ConnectWise recovers', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 502, times: 2 });

    const addition = await clientFor(sim, { maxAttempts: 4 }).addition(agreementId, additionId);

    expect(addition.id).toBe(additionId);
    expect(sim.requestsTo('GET', /additions\/\d+$/).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('stops after maxAttempts', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 500 });

    const error = await failure(clientFor(sim, { maxAttempts: 3 }).addition(agreementId, additionId));

    expect(error).toMatchObject({ kind: 'upstream' });
    expect(sim.requestsTo('GET', /additions\/\d+$/)).toHaveLength(3);
  });

  it('never retries other 4xx', async () => {
    const error = await failure(clientFor(sim, { maxAttempts: 4 }).addition(agreementId, 424_242));

    expect(error).toMatchObject({ kind: 'not-found' });
    expect(sim.requestsTo('GET', /additions\/\d+$/)).toHaveLength(1);
  });

  it('retries a PATCH after a 5xx, replace being idempotent', async () => {
    sim.addFault({ method: 'PATCH', path: additionRoute, type: 'status', status: 503, times: 1 });

    await clientFor(sim).patchAddition(agreementId, additionId, { quantity: 5 });

    expect(sim.requestsTo('PATCH', /additions\/\d+$/).map((r) => r.status)).toEqual([503, 200]);
    expect(sim.patches).toHaveLength(1);
  });

  it('reads a GET again after an answer cut short, and returns the whole answer', async () => {
    sim.addFault({ method: 'GET', path: additionRoute, type: 'truncated-body', times: 1 });
    const stored = sim.data.additions.find((addition) => addition.id === additionId)!;

    const addition = await clientFor(sim, { maxAttempts: 4 }).addition(agreementId, additionId);

    expect(addition).toMatchObject({ id: additionId, quantity: stored.quantity });
    expect(sim.requestsTo('GET', /additions\/\d+$/).map((r) => [r.status, r.fault])).toEqual([
      [200, 'truncated-body'],
      [200, undefined],
    ]);
  });

  it('reads a listing again after a page cut short, the listing complete and in order', async () => {
    sim.addFault({ method: 'GET', path: 'company/companies/types', type: 'truncated-body', times: 2 });

    const types = await clientFor(sim, { maxAttempts: 4 }).companyTypes();

    expect(types.map((type) => type.name)).toEqual(sim.data.companyTypes.map((type) => type.name).sort((a, b) => a.localeCompare(b)));
    expect(sim.requestsTo('GET', 'company/companies/types')).toHaveLength(3);
  });

  it('gives up on a GET cut short every time after maxAttempts, with bad-response', async () => {
    sim.addFault({ method: 'GET', path: additionRoute, type: 'truncated-body' });

    const error = await failure(clientFor(sim, { maxAttempts: 3 }).addition(agreementId, additionId));

    expect(error).toMatchObject({ kind: 'bad-response', status: 200, message: expect.stringContaining('not JSON') });
    expect(sim.requestsTo('GET', /additions\/\d+$/)).toHaveLength(3);
  });

  it('does not repeat a PATCH whose answer was cut short: ConnectWise applied it once', async () => {
    sim.addFault({ method: 'PATCH', path: additionRoute, type: 'truncated-body' });

    const error = await failure(clientFor(sim, { maxAttempts: 4 }).patchAddition(agreementId, additionId, { quantity: 77 }));

    expect(error).toMatchObject({ kind: 'bad-response', transient: false });
    expect(sim.requestsTo('PATCH', /additions\/\d+$/)).toHaveLength(1);
    expect(sim.patches).toHaveLength(1);
    expect(sim.data.additions.find((addition) => addition.id === additionId)?.quantity).toBe(77);
  });

  it('does not retry a ticket POST after a 5xx, which may have created the ticket', async () => {
    sim.addFault({ method: 'POST', path: 'service/tickets', type: 'status', status: 500, times: 1 });

    const error = await failure(clientFor(sim).createTicket({ summary: 'Alert', companyId, externalXRef: 'a-1' }));

    expect(error).toMatchObject({ kind: 'upstream' });
    expect(sim.requestsTo('POST', 'service/tickets')).toHaveLength(1);
  });

  it('retries a ticket POST after a 429, which ConnectWise rejected unprocessed', async () => {
    sim.addFault({ method: 'POST', path: 'service/tickets', type: 'status', status: 429, headers: { 'retry-after': '0' }, times: 1 });

    const ticket = await clientFor(sim).createTicket({ summary: 'Alert', companyId, externalXRef: 'a-2' });

    expect(ticket.externalXRef).toBe('a-2');
    expect(sim.requestsTo('POST', 'service/tickets').map((r) => r.status)).toEqual([429, 201]);
    expect(sim.tickets).toHaveLength(1);
  });

  it('waits at least Retry-After seconds before retrying a 429', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const client = clientFor(sim);
    await client.companyInfo();

    const started = performance.now();
    await client.addition(agreementId, additionId);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const [rejected, accepted] = sim.requestsTo('GET', /additions\/\d+$/);
    expect(accepted!.atMs - rejected!.atMs).toBeGreaterThanOrEqual(990); // ms clock granularity
  });

  it('surfaces a 429 at once when Retry-After exceeds what the client will wait', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 429, headers: { 'retry-after': '120' } });

    const error = await failure(clientFor(sim, { maxRetryAfterSeconds: 30 }).addition(agreementId, additionId));

    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 120 });
    expect(sim.requestsTo('GET', /additions\/\d+$/)).toHaveLength(1);
  });

  it('times out a hanging GET and retries it', async () => {
    sim.addFault({ path: additionRoute, type: 'hang', times: 1 });

    const addition = await clientFor(sim, { timeoutMs: 200 }).addition(agreementId, additionId);

    expect(addition.id).toBe(additionId);
    expect(sim.requestsTo('GET', /additions\/\d+$/)).toHaveLength(2);
  });

  it('times out an answer that arrives after the timeout', async () => {
    sim.addFault({ path: additionRoute, type: 'hang', ms: 1000 });

    const error = await failure(clientFor(sim, { timeoutMs: 100, maxAttempts: 2 }).addition(agreementId, additionId));

    expect(error).toMatchObject({ kind: 'timeout' });
    expect(sim.requestsTo('GET', /additions\/\d+$/)).toHaveLength(2);
  });

  it('retries a GET whose connection was reset', async () => {
    sim.addFault({ path: additionRoute, type: 'reset', times: 1 });

    const addition = await clientFor(sim).addition(agreementId, additionId);

    expect(addition.id).toBe(additionId);
  });
});

describe('limits', () => {
  it('never has more than maxConcurrency requests in flight', async () => {
    sim.addFault({ type: 'latency', ms: 20 });
    // The per-minute limit is lifted so only the concurrency limit holds requests back.
    const client = clientFor(sim, { maxConcurrency: 4, maxRequestsPerMinute: 1_000_000 });
    await client.companyInfo();

    await Promise.all(Array.from({ length: 40 }, () => client.addition(agreementId, additionId)));

    expect(sim.maxInFlight).toBe(4);
  });

  it('uses 16 concurrent requests by default', async () => {
    // Long enough that every request of a wave overlaps, even while TLS handshakes compete for the CPU.
    sim.addFault({ type: 'latency', ms: 150 });
    const client = clientFor(sim, { maxRequestsPerMinute: 1_000_000 });
    await client.companyInfo();

    await Promise.all(Array.from({ length: 64 }, () => client.addition(agreementId, additionId)));

    expect(sim.maxInFlight).toBe(16);
  });

  it('spaces requests to stay within maxRequestsPerMinute', async () => {
    const client = clientFor(sim, { maxRequestsPerMinute: 600 }); // one start per 100 ms
    await client.companyInfo();

    await Promise.all(Array.from({ length: 5 }, () => client.addition(agreementId, additionId)));

    const arrivals = sim.requestsTo('GET', /additions\/\d+$/).map((r) => r.atMs);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(350);
  });

  it('pauses every caller of the client while a Retry-After runs', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const logger = captureLogger();
    const client = clientFor(sim, { logger });
    await client.companyInfo();

    const throttled = client.addition(agreementId, additionId);
    await vi.waitFor(() => expect(logger.entries.some((e) => e.msg === 'retrying ConnectWise request')).toBe(true));
    const started = Date.now();
    await client.systemInfo();
    await throttled;

    const info = sim.requestsTo('GET', 'system/info')[0]!;
    expect(info.atMs - started).toBeGreaterThanOrEqual(900);
  });
});

describe('error values', () => {
  it('are ConnectWiseError instances that serialise without surprises', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 500 });

    const error = await failure(clientFor(sim, { maxAttempts: 1 }).addition(agreementId, additionId));

    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'ConnectWiseError', kind: 'upstream', status: 500 });
  });
});

describe('request ids', () => {
  it('tie every log line of a call, retries included, to the error it ends in', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 503 });
    const logger = captureLogger();
    const client = clientFor(sim, { logger, maxAttempts: 3 });
    await client.companyInfo();

    const error = (await failure(client.addition(agreementId, additionId))) as ConnectWiseError;

    const lines = logger.entries.filter((e) => (e.obj as { path?: string }).path?.includes('/additions/'));
    expect(lines.map((e) => e.msg)).toEqual([
      'ConnectWise request',
      'retrying ConnectWise request',
      'ConnectWise request',
      'retrying ConnectWise request',
      'ConnectWise request',
    ]);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(lines.map((e) => (e.obj as { requestId?: string }).requestId))).toEqual(new Set([error.requestId]));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ requestId: error.requestId });
  });

  it('differ between calls', async () => {
    sim.addFault({ path: additionRoute, type: 'status', status: 404 });
    const client = clientFor(sim, { maxAttempts: 1 });

    const first = (await failure(client.addition(agreementId, additionId))) as ConnectWiseError;
    const second = (await failure(client.addition(agreementId, additionId))) as ConnectWiseError;

    expect(first.requestId).toBeDefined();
    expect(second.requestId).not.toBe(first.requestId);
  });
});
