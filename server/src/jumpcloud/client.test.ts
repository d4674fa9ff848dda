import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger, clientFor, closeClients, closedPort, collect, failure } from '../../test-support/jumpcloud-sim/harness.js';
import { startJumpCloudSimulator, type JumpCloudSimulator } from '../../test-support/jumpcloud-sim/index.js';
import { JumpCloudError, type DirectoryEvent } from './index.js';

let sim: JumpCloudSimulator;

beforeEach(async () => {
  sim = await startJumpCloudSimulator();
});

afterEach(async () => {
  await closeClients();
  await sim.close();
});

const organizationsPath = () => `/api/v2/providers/${sim.providerId}/organizations`;
const eventsPath = '/insights/directory/v1/events';

describe('organizations', () => {
  it('iterates 250 organizations over three pages of 100 using limit and skip', async () => {
    const seeded = sim.seedOrganizations(250);

    const ids: string[] = [];
    for await (const org of clientFor(sim).iterateOrganizations()) ids.push(org.id);

    expect(ids).toEqual(seeded.map((org) => org.id));
    const pages = sim.requestsTo('GET', organizationsPath());
    expect(pages.map((r) => [r.query.limit, r.query.skip])).toEqual([
      ['100', '0'],
      ['100', '100'],
      ['100', '200'],
    ]);
    expect(pages.every((r) => r.auth === 'valid' && r.headers.accept === 'application/json')).toBe(true);
  });

  it('returns name and maxSystemUsers, leaving the cap undefined when JumpCloud omits it', async () => {
    sim.seed({ organizations: [{ name: 'Acme Dental', maxSystemUsers: 50 }, { name: 'Birch Legal' }] });

    const orgs = await collect(clientFor(sim).iterateOrganizations({ pageSize: 1 }));

    expect(orgs).toEqual([
      { id: expect.any(String), name: 'Acme Dental', maxSystemUsers: 50 },
      { id: expect.any(String), name: 'Birch Legal', maxSystemUsers: undefined },
    ]);
    expect(sim.requestsTo('GET', organizationsPath())).toHaveLength(2);
  });

  it('skips an organization row it cannot read, telling the caller, and lists the others', async () => {
    sim.addFault({
      type: 'respond',
      path: 'api/v2/**',
      body: { results: [{ id: 'org-a', name: 'Acme' }, { id: 'org-b' }, { id: 'org-c', name: 'Cedar' }], totalCount: 3 },
    });
    const told: unknown[] = [];

    const orgs = await collect(clientFor(sim).iterateOrganizations({ onSkipped: (row) => told.push(row) }));

    expect(orgs.map((org) => org.id)).toEqual(['org-a', 'org-c']);
    expect(told).toEqual([{ index: 1, id: 'org-b', reason: expect.stringMatching(/^name: /) }]);
  });

  it('makes one request for a provider without organizations', async () => {
    expect(await collect(clientFor(sim).iterateOrganizations())).toEqual([]);
    expect(sim.requestsTo('GET', organizationsPath())).toHaveLength(1);
  });

  it('does not repeat an organization that shifts into the next page while paging', async () => {
    const [first] = sim.seedOrganizations(3);
    const client = clientFor(sim);

    const ids: string[] = [];
    for await (const org of client.iterateOrganizations({ pageSize: 2 })) {
      ids.push(org.id);
      // An organization added before the current position pushes one already seen onto the next page.
      if (ids.length === 1) sim.data.providers.get(sim.providerId)?.unshift({ ...first!, id: 'aaaaaaaaaaaaaaaaaaaaaaaa', users: [] });
    }

    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('user counts', () => {
  it('reads totalCount with limit=1 and the state filter, never listing every user', async () => {
    const [org] = sim.seed({ organizations: [{ users: [...Array(245).fill({}), ...Array(5).fill({ state: 'SUSPENDED' })] }] });

    const count = await clientFor(sim).countUsers(org!.id);

    expect(count).toBe(245);
    const requests = sim.requestsTo('GET', '/api/systemusers');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.query).toEqual({ limit: '1', skip: '0', filter: 'state:$ne:SUSPENDED' });
    expect(requests[0]?.orgId).toBe(org!.id);
  });

  it('does not count suspended users by default and follows users being added, suspended and removed', async () => {
    const [org] = sim.seedOrganizations(1, 10);
    const client = clientFor(sim);
    expect(await client.countUsers(org!.id)).toBe(10);

    const [u1, u2] = org!.users;
    sim.suspendUser(org!.id, u1!._id);
    sim.removeUser(org!.id, u2!._id);
    sim.addUsers(org!.id, 3);

    expect(await client.countUsers(org!.id)).toBe(11);
  });

  it('counts staged users as seats by default', async () => {
    const [org] = sim.seedOrganizations(1, 10, { stagedPerOrg: 4, suspendedPerOrg: 2 });

    expect(await clientFor(sim).countUsers(org!.id)).toBe(8);
  });

  it('counts everyone when no state is excluded, sending no filter', async () => {
    const [org] = sim.seedOrganizations(1, 10, { suspendedPerOrg: 2 });

    expect(await clientFor(sim).countUsers(org!.id, { excludeStates: [] })).toBe(10);
    expect(sim.requestsTo('GET', '/api/systemusers')[0]?.query.filter).toBeUndefined();
  });

  it('excludes several states with one documented $ne filter each, as a repeated parameter', async () => {
    const [org] = sim.seedOrganizations(1, 10, { stagedPerOrg: 4, suspendedPerOrg: 2 });

    expect(await clientFor(sim).countUsers(org!.id, { excludeStates: ['SUSPENDED', 'STAGED'] })).toBe(4);
    expect(sim.requestsTo('GET', '/api/systemusers')[0]?.query.filter).toEqual(['state:$ne:STAGED', 'state:$ne:SUSPENDED']);
  });

  it('refuses an empty organization id without calling JumpCloud', async () => {
    const error = await failure(clientFor(sim).countUsers('  '));

    expect(error).toMatchObject({ kind: 'bad-request' });
    expect(sim.requests).toHaveLength(0);
  });
});

describe('directory events', () => {
  const start = new Date('2026-03-01T00:00:00Z');
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  function seedEvents(count: number) {
    const [org] = sim.seedOrganizations(1);
    const events = sim.appendEvents(
      org!.id,
      Array.from({ length: count }, (_, i) => ({
        event_type: 'user_lockout',
        timestamp: at(i + 1),
        initiated_by: { id: 'system', type: 'system' },
        resource: { id: `user${i}`, type: 'user', username: `user${i}` },
      })),
    );
    return { orgId: org!.id, events };
  }

  it('follows X-Search_after from page to page within one query, sending its values as the strings the schema types', async () => {
    const { orgId, events } = seedEvents(5);
    const stream = clientFor(sim).iterateDirectoryEvents({ orgId, startTime: start, pageSize: 2 });
    const keyOf = (e: { id: string; timestamp: string }) => [String(Date.parse(e.timestamp)), e.id];

    const seen: string[] = [];
    const pagesWhenSeen: number[] = [];
    for await (const event of stream) {
      seen.push(event.id);
      pagesWhenSeen.push(stream.pages);
    }

    expect(seen).toEqual(events.map((e) => e.id));
    expect(pagesWhenSeen).toEqual([1, 1, 2, 2, 3]);
    const bodies = sim.requestsTo('POST', eventsPath).map((r) => (r.body as { search_after?: unknown }).search_after);
    expect(bodies).toEqual([undefined, keyOf(events[1]!), keyOf(events[3]!)]);
  });

  it('starts every stream as a new query from its start time, inclusive, with no search_after', async () => {
    const { orgId, events } = seedEvents(3);
    const client = clientFor(sim);
    expect(await collect(client.iterateDirectoryEvents({ orgId, startTime: start }))).toHaveLength(3);

    const later = sim.appendEvents(orgId, [{ event_type: 'user_admin_granted', timestamp: at(10) }]);
    const second = await collect(client.iterateDirectoryEvents({ orgId, startTime: events[2]!.timestamp }));

    expect(second.map((e) => e.id)).toEqual([events[2]!.id, later[0]!.id]);
    const bodies = sim.requestsTo('POST', eventsPath).map((r) => r.body as { search_after?: unknown; start_time: string });
    expect(bodies.map((body) => body.search_after)).toEqual([undefined, undefined]);
    expect(bodies[1]!.start_time).toBe(events[2]!.timestamp);
  });

  it('asks for the organization, services and time window, oldest first', async () => {
    const { orgId } = seedEvents(1);

    await collect(
      clientFor(sim).iterateDirectoryEvents({ orgId, startTime: start, endTime: at(60), services: ['directory', 'sso'], pageSize: 500 }),
    );

    const [request] = sim.requestsTo('POST', eventsPath);
    expect(request?.orgId).toBe(orgId);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({
      service: ['directory', 'sso'],
      start_time: '2026-03-01T00:00:00.000Z',
      end_time: '2026-03-01T01:00:00.000Z',
      limit: 500,
      sort: 'ASC',
    });
  });

  it('keeps every field of an event as JumpCloud sent it', async () => {
    const [org] = sim.seedOrganizations(1);
    sim.appendEvents(org!.id, [
      {
        event_type: 'user_admin_granted',
        timestamp: at(1),
        initiated_by: { id: 'a1', type: 'admin', email: 'admin@msp.example' },
        resource: { id: 'u1', type: 'user', username: 'jdoe' },
        changes: [{ field: 'sudo', to: true }],
        client_ip: '203.0.113.9',
        success: true,
      },
    ]);

    const [event] = await collect(clientFor(sim).iterateDirectoryEvents({ orgId: org!.id, startTime: start }));

    expect(event).toMatchObject<Partial<DirectoryEvent>>({
      event_type: 'user_admin_granted',
      organization: org!.id,
      service: 'directory',
      initiated_by: { id: 'a1', type: 'admin', email: 'admin@msp.example' },
      resource: { id: 'u1', type: 'user', username: 'jdoe' },
      changes: [{ field: 'sudo', to: true }],
      client_ip: '203.0.113.9',
    });
  });

  it('skips and reports an event it cannot read (no id), keeping the rest of the page', async () => {
    const [org] = sim.seedOrganizations(1);
    const readable = { id: 'evt-2', event_type: 'user_lockout', service: 'directory', timestamp: start.toISOString() };
    sim.addFault({ type: 'respond', path: 'insights/**', body: [{ event_type: 'user_lockout', timestamp: start.toISOString() }, readable] });
    const logger = captureLogger();

    const stream = clientFor(sim, { logger }).iterateDirectoryEvents({ orgId: org!.id, startTime: start });
    const events = await collect(stream);

    expect(events.map((event) => event.id)).toEqual(['evt-2']);
    expect(stream.skipped).toEqual([{ index: 0, reason: expect.stringMatching(/^id: /) }]);
    expect(logger.entries.some((entry) => entry.msg === 'skipped JumpCloud rows that could not be read')).toBe(true);
  });

  it('treats a full page without an X-Search_after cursor as a bad response', async () => {
    const [org] = sim.seedOrganizations(1);
    const event = { id: 'e1', event_type: 'x', timestamp: start.toISOString() };
    sim.addFault({ type: 'respond', path: 'insights/**', body: [event], headers: { 'X-Result-Count': '1', 'X-Limit': '1' } });

    const error = await failure(collect(clientFor(sim).iterateDirectoryEvents({ orgId: org!.id, startTime: start, pageSize: 1 })));

    expect(error).toMatchObject({ kind: 'bad-response', message: expect.stringContaining('X-Search_after') });
  });

  it('refuses invalid arguments before calling JumpCloud', () => {
    const client = clientFor(sim);

    expect(() => client.iterateDirectoryEvents({ orgId: 'o', startTime: 'yesterday' })).toThrow(JumpCloudError);
    expect(() => client.iterateDirectoryEvents({ orgId: 'o', startTime: start, pageSize: 20_000 })).toThrow(/pageSize/);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('errors', () => {
  it('unauthorized: a wrong API key', async () => {
    const error = await failure(collect(clientFor(sim, { apiKey: 'not-the-key-0123456789' }).iterateOrganizations()));

    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, apiMessage: 'Unauthorized', transient: false });
    expect(sim.requests).toHaveLength(1);
  });

  it('unauthorized: the key was rotated after the client was made', async () => {
    const [org] = sim.seedOrganizations(1, 1);
    const client = clientFor(sim);
    await client.countUsers(org!.id);

    sim.rotateApiKey();

    expect(await failure(client.countUsers(org!.id))).toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('forbidden: 403 keeps the API message', async () => {
    sim.addFault({ type: 'status', status: 403, message: 'You must be associated with the provider to use this route.' });

    const error = await failure(collect(clientFor(sim).iterateOrganizations()));

    expect(error).toMatchObject({
      kind: 'forbidden',
      status: 403,
      apiMessage: 'You must be associated with the provider to use this route.',
    });
  });

  it('not-found: an unknown provider, and an unknown organization', async () => {
    const provider = await failure(collect(clientFor(sim, { providerId: '000000000000000000000000' }).iterateOrganizations()));
    const org = await failure(clientFor(sim).countUsers('ffffffffffffffffffffffff'));

    expect(provider).toMatchObject({ kind: 'not-found', status: 404, apiMessage: 'Provider not found' });
    expect(org).toMatchObject({ kind: 'not-found', status: 404, orgId: 'ffffffffffffffffffffffff' });
  });

  it('rate-limited: a Retry-After longer than we wait for surfaces at once', async () => {
    sim.addFault({ type: 'rate-limit', limit: 0, retryAfterSeconds: 120 });

    const error = await failure(collect(clientFor(sim, { maxRetryAfterSeconds: 60 }).iterateOrganizations()));

    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 120 });
    expect(sim.requests).toHaveLength(1);
  });

  it('upstream: 5xx after the retry budget is spent', async () => {
    sim.addFault({ type: 'status', status: 503 });

    const error = await failure(collect(clientFor(sim, { maxAttempts: 3 }).iterateOrganizations()));

    expect(error).toMatchObject({ kind: 'upstream', status: 503 });
    expect(sim.requests).toHaveLength(3);
  });

  it('timeout: no answer within timeoutMs', async () => {
    sim.addFault({ type: 'hang' });

    const error = await failure(collect(clientFor(sim, { timeoutMs: 150, maxAttempts: 1 }).iterateOrganizations()));

    expect(error).toMatchObject({ kind: 'timeout' });
  });

  it('network: nothing listening, retried as transient', async () => {
    const port = await closedPort();
    const client = clientFor(sim, { baseUrl: `https://127.0.0.1:${port}`, maxAttempts: 2 });

    const error = await failure(collect(client.iterateOrganizations()));

    expect(error).toMatchObject({ kind: 'network', transient: true, causeText: expect.stringContaining('ECONNREFUSED') });
  });

  it('network: a certificate nobody vouches for is not retried', async () => {
    const logger = captureLogger();

    const error = await failure(collect(clientFor(sim, { ca: undefined, logger }).iterateOrganizations()));

    expect(error).toMatchObject({ kind: 'network', transient: false, message: expect.stringContaining('TLS certificate') });
    expect(logger.entries.filter((e) => e.msg === 'retrying JumpCloud request')).toHaveLength(0);
  });

  it('bad-response: JSON cut short, and JSON of the wrong shape', async () => {
    const [org] = sim.seedOrganizations(1);
    sim.addFault({ type: 'malformed-json', path: 'api/v2/**' });
    sim.addFault({ type: 'respond', path: 'api/systemusers', body: { total: 3 } });
    const client = clientFor(sim);

    const truncated = await failure(collect(client.iterateOrganizations()));
    const shape = await failure(client.countUsers(org!.id));

    expect(truncated).toMatchObject({ kind: 'bad-response', status: 200 });
    expect(shape).toMatchObject({ kind: 'bad-response', message: expect.stringContaining('totalCount') });
  });

  it('bad-response retried: a GET cut short once is read again, a POST (the events query) is not', async () => {
    const seeded = sim.seedOrganizations(3);
    sim.addFault({ type: 'truncated-body', method: 'GET', path: 'api/v2/**', times: 1 });
    sim.addFault({ type: 'truncated-body', method: 'POST', path: 'insights/**' });
    const client = clientFor(sim);

    const orgs = await collect(client.iterateOrganizations());
    const events = await failure(collect(client.iterateDirectoryEvents({ orgId: seeded[0]!.id, startTime: '2026-01-01T00:00:00Z' })));

    expect(orgs.map((org) => org.id)).toEqual(seeded.map((org) => org.id));
    expect(sim.requestsTo('GET', organizationsPath())).toHaveLength(2);
    expect(events).toMatchObject({ kind: 'bad-response', transient: false });
    expect(sim.requestsTo('POST', eventsPath)).toHaveLength(1);
  });

  it('bad-request: other 4xx answers are not retried', async () => {
    sim.addFault({ type: 'status', status: 400, message: 'limit must be an integer' });

    const error = await failure(collect(clientFor(sim).iterateOrganizations()));

    expect(error).toMatchObject({ kind: 'bad-request', status: 400, apiMessage: 'limit must be an integer' });
    expect(sim.requests).toHaveLength(1);
  });
});

describe('retries and limits', () => {
  it('retries 5xx and dropped connections, then succeeds when JumpCloud recovers', async () => {
    sim.seedOrganizations(2);
    sim.addFault({ type: 'status', status: 502, times: 1 });
    sim.addFault({ type: 'reset', times: 1 });
    const logger = captureLogger();

    const orgs = await collect(clientFor(sim, { logger }).iterateOrganizations());

    expect(orgs).toHaveLength(2);
    expect(sim.requests.map((r) => r.status)).toEqual([502, 0, 200]);
    expect(logger.entries.filter((e) => e.msg === 'retrying JumpCloud request').map((e) => (e.obj as { kind: string }).kind)).toEqual([
      'upstream',
      'network',
    ]);
  });

  it('retries a request that timed out', async () => {
    const [org] = sim.seedOrganizations(1, 2);
    sim.addFault({ type: 'hang', times: 1 });

    expect(await clientFor(sim, { timeoutMs: 200 }).countUsers(org!.id)).toBe(2);
    expect(sim.requests).toHaveLength(2);
  });

  it('stops after maxAttempts however often JumpCloud fails', async () => {
    sim.addFault({ type: 'status', status: 500 });

    await failure(collect(clientFor(sim, { maxAttempts: 4 }).iterateOrganizations()));

    expect(sim.requests).toHaveLength(4);
  });

  it('waits out Retry-After before retrying a 429', async () => {
    sim.seedOrganizations(1);
    sim.addFault({ type: 'rate-limit', limit: 0, retryAfterSeconds: 1, path: 'api/v2/**', times: 1 });
    const client = clientFor(sim);

    const orgs = await collect(client.iterateOrganizations());

    expect(orgs).toHaveLength(1);
    const [throttled, retried] = sim.requests;
    expect(throttled?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried!.atMs - throttled!.atMs).toBeGreaterThanOrEqual(1000);
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    const orgs = sim.seedOrganizations(12, 1);
    sim.addFault({ type: 'latency', ms: 40, path: 'api/systemusers' });
    const client = clientFor(sim, { maxConcurrency: 3 });

    const counts = await Promise.all(orgs.map((org) => client.countUsers(org.id)));

    expect(counts).toEqual(orgs.map(() => 1));
    expect(sim.maxInFlight).toBe(3);
  });
});

describe('the API key', () => {
  it('never appears in error messages, error details or logged objects', async () => {
    const logger = captureLogger();
    const [org] = sim.seedOrganizations(1);
    // A JumpCloud that echoes the key back, and failures that go through retries and logs.
    sim.addFault({ type: 'respond', status: 400, path: 'api/systemusers', body: { message: `bad key ${sim.apiKey}` } });
    sim.addFault({ type: 'status', status: 500, path: 'api/v2/**', message: `upstream saw ${sim.apiKey}` });
    sim.addFault({ type: 'respond', status: 200, path: 'insights/**', body: `not json ${sim.apiKey}` });
    const client = clientFor(sim, { logger, maxAttempts: 2 });

    const errors = [
      await failure(client.countUsers(org!.id)),
      await failure(collect(client.iterateOrganizations())),
      await failure(collect(client.iterateDirectoryEvents({ orgId: org!.id, startTime: new Date(0) }))),
    ];
    sim.clearFaults();
    errors.push(await failure(collect(clientFor(sim, { logger, apiKey: `${sim.apiKey}x` }).iterateOrganizations())));

    expect(errors.map((e) => (e as JumpCloudError).kind)).toEqual(['bad-request', 'upstream', 'bad-response', 'unauthorized']);
    expect((errors[0] as JumpCloudError).apiMessage).toBe('bad key [redacted]');
    for (const error of errors) {
      const text = [String(error), JSON.stringify(error), inspect(error, { depth: 5 }), (error as Error).stack].join('\n');
      expect(text).not.toContain(sim.apiKey);
    }
    expect(logger.entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(logger.entries)).not.toContain(sim.apiKey);
  });

  it('is sent only in the x-api-key header, never in a URL or body', async () => {
    const [org] = sim.seedOrganizations(1, 1);
    const client = clientFor(sim);
    await collect(client.iterateOrganizations());
    await client.countUsers(org!.id);
    await collect(client.iterateDirectoryEvents({ orgId: org!.id, startTime: new Date(0) }));

    expect(sim.requests).toHaveLength(3);
    for (const request of sim.requests) {
      expect(request.auth).toBe('valid');
      expect(JSON.stringify(request)).not.toContain(sim.apiKey);
    }
  });
});
