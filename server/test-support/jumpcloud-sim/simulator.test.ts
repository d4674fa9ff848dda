import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realisticSeed, startJumpCloudSimulator, type JumpCloudSimulator, type SimOrganization } from './index.js';

let sim: JumpCloudSimulator;
let agent: Agent;
let org: SimOrganization;

beforeEach(async () => {
  sim = await startJumpCloudSimulator({ admin: true });
  agent = new Agent({ connect: { ca: sim.ca } });
  [org] = sim.seed({
    organizations: [
      { name: 'Acme Dental', maxSystemUsers: 25, users: [{ state: 'ACTIVATED' }, { state: 'STAGED' }, { state: 'SUSPENDED' }] },
      { name: 'Birch Legal', users: 1 },
      { name: 'Cedar Clinic' },
    ],
  }) as [SimOrganization];
});

afterEach(async () => {
  await agent.close();
  await sim.close();
});

interface CallOptions {
  key?: string | null;
  orgId?: string;
  body?: unknown;
}

async function call(method: 'GET' | 'POST', path: string, { key, orgId, body }: CallOptions = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key !== null) headers['x-api-key'] = key ?? sim.apiKey;
  if (orgId) headers['x-org-id'] = orgId;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${sim.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.statusCode, headers: res.headers, body: json };
}

const orgs = () => `/api/v2/providers/${sim.providerId}/organizations`;
const users = (query: string) => `/api/systemusers?${query}`;
const eventsPath = '/insights/directory/v1/events';

describe('contract: request → status and body, as the public API', () => {
  const cases: Array<[string, () => Promise<{ status: number; body: unknown }>, number, unknown]> = [
    [
      'organizations, a page of two',
      () => call('GET', `${orgs()}?limit=2&skip=0`),
      200,
      {
        results: [
          { id: expect.any(String), name: 'Acme Dental', maxSystemUsers: 25 },
          { id: expect.any(String), name: 'Birch Legal' },
        ],
        totalCount: 3,
      },
    ],
    ['organizations, default limit 10', () => call('GET', orgs()), 200, expect.objectContaining({ totalCount: 3 })],
    ['organizations, wrong key', () => call('GET', orgs(), { key: 'wrong' }), 401, { code: 401, message: 'Unauthorized' }],
    ['organizations, no key', () => call('GET', orgs(), { key: null }), 401, { code: 401, message: 'Unauthorized' }],
    [
      'organizations, unknown provider',
      () => call('GET', '/api/v2/providers/000000000000000000000000/organizations'),
      404,
      { code: 404, message: 'Provider not found' },
    ],
    ['organizations, limit above 100', () => call('GET', `${orgs()}?limit=101`), 400, { code: 400, message: expect.any(String) }],
    [
      'system users without x-org-id',
      () => call('GET', users('limit=1')),
      401,
      { message: 'Unauthorized: no organization selected' },
    ],
    [
      'system users of an unknown organization',
      () => call('GET', users('limit=1'), { orgId: 'ffffffffffffffffffffffff' }),
      404,
      { message: 'Organization not found' },
    ],
    [
      'system users, not suspended, limit 1',
      () => call('GET', users('limit=1&filter=state:$ne:SUSPENDED'), { orgId: org.id }),
      200,
      { totalCount: 2, results: [expect.objectContaining({ _id: expect.any(String), state: 'ACTIVATED', organization: expect.any(String) })] },
    ],
    [
      'system users, $eq',
      () => call('GET', users('limit=1&filter=state:$eq:SUSPENDED'), { orgId: org.id }),
      200,
      expect.objectContaining({ totalCount: 1 }),
    ],
    [
      'system users, $nin is not a documented operator',
      () => call('GET', users(`limit=1&filter=${encodeURIComponent('state:$nin:STAGED|SUSPENDED')}`), { orgId: org.id }),
      400,
      { message: expect.stringContaining('operator') },
    ],
    [
      'system users, repeated filters are ANDed',
      () => call('GET', users('filter=state:$ne:SUSPENDED&filter=state:$ne:STAGED'), { orgId: org.id }),
      200,
      expect.objectContaining({ totalCount: 1 }),
    ],
    [
      'system users, undocumented indexed filters',
      () => call('GET', users('filter[0]=state:$ne:SUSPENDED'), { orgId: org.id }),
      400,
      { message: expect.stringContaining('filter[0]') },
    ],
    ['system users, malformed x-org-id', () => call('GET', users('limit=1'), { orgId: 'not-an-id' }), 400, { message: 'Malformed ID' }],
    [
      'events, malformed x-org-id',
      () => call('POST', eventsPath, { orgId: 'acme', body: { service: ['all'], start_time: '2026-01-01T00:00:00Z' } }),
      400,
      { message: 'Malformed ID' },
    ],
    [
      'events, a service outside the enum',
      () => call('POST', eventsPath, { orgId: org.id, body: { service: ['saml'], start_time: '2026-01-01T00:00:00Z' } }),
      400,
      { message: expect.stringContaining('"saml" is not one of ["alerts","all","directory"') },
    ],
    [
      'events, start_time not RFC 3339',
      () => call('POST', eventsPath, { orgId: org.id, body: { service: ['all'], start_time: '2026-01-01' } }),
      400,
      { message: expect.stringContaining('RFC3339') },
    ],
    [
      'events, start_time in the future',
      () => call('POST', eventsPath, { orgId: org.id, body: { service: ['all'], start_time: '2999-01-01T00:00:00Z' } }),
      400,
      { message: expect.stringContaining('future') },
    ],
    [
      'system users, an operator without $',
      () => call('GET', users('filter=state:ne:SUSPENDED'), { orgId: org.id }),
      400,
      { message: expect.stringContaining('operator') },
    ],
    [
      'events without x-org-id',
      () => call('POST', eventsPath, { body: { service: ['all'], start_time: '2026-01-01T00:00:00Z' } }),
      401,
      { message: 'Unauthorized: no organization selected' },
    ],
    [
      'events without start_time',
      () => call('POST', eventsPath, { orgId: org.id, body: { service: ['all'] } }),
      400,
      { message: expect.stringContaining('start_time') },
    ],
    [
      'events with a body that is not JSON',
      () => call('POST', eventsPath, { orgId: org.id, body: '{"service":' }),
      400,
      { message: expect.any(String) },
    ],
    ['events, none yet', () => call('POST', eventsPath, { orgId: org.id, body: { service: ['all'], start_time: '2026-01-01T00:00:00Z' } }), 200, []],
    ['an unknown path', () => call('GET', '/api/v2/nothing-here'), 404, { message: 'Not Found' }],
  ];

  it.each(cases)('%s', async (_name, send, status, body) => {
    const response = await send();

    expect(response.status).toBe(status);
    expect(response.body).toEqual(body);
  });
});

describe('directory insights paging', () => {
  it('pages by search_after and reports X-Result-Count, X-Limit, X-Sort, X-Search_after and X-Request-Id', async () => {
    const events = sim.appendEvents(org.id, [
      { event_type: 'user_login_attempt', timestamp: '2026-01-01T00:00:01Z' },
      { event_type: 'sso_auth', timestamp: '2026-01-01T00:00:02Z', service: 'sso' },
      { event_type: 'login_attempt', timestamp: '2026-01-01T00:00:03Z', service: 'systems' },
    ]);
    const query = { service: ['all'], start_time: '2026-01-01T00:00:00Z', limit: 2 };

    const first = await call('POST', eventsPath, { orgId: org.id, body: query });
    const cursor = JSON.parse(String(first.headers['x-search_after'])) as unknown;
    // The header mixes a number and a string; the query's schema takes strings.
    const second = await call('POST', eventsPath, { orgId: org.id, body: { ...query, search_after: (cursor as unknown[]).map(String) } });
    const ssoOnly = await call('POST', eventsPath, { orgId: org.id, body: { ...query, service: ['sso'] } });
    const newestFirst = await call('POST', eventsPath, { orgId: org.id, body: { ...query, sort: 'desc' } });

    // Ascending by default.
    expect((first.body as { id: string }[]).map((e) => e.id)).toEqual([events[0]!.id, events[1]!.id]);
    expect(first.headers).toMatchObject({ 'x-result-count': '2', 'x-limit': '2', 'x-sort': 'ASC', 'x-request-id': expect.any(String) });
    expect(cursor).toEqual([Date.parse('2026-01-01T00:00:02Z'), events[1]!.id]);
    expect((second.body as { id: string }[]).map((e) => e.id)).toEqual([events[2]!.id]);
    // The last page has a cursor too; X-Result-Count < X-Limit is what says it is the last.
    expect(second.headers).toMatchObject({ 'x-result-count': '1', 'x-search_after': expect.any(String) });
    expect((ssoOnly.body as { event_type: string }[]).map((e) => e.event_type)).toEqual(['sso_auth']);
    expect((newestFirst.body as { event_type: string }[]).map((e) => e.event_type)).toEqual(['login_attempt', 'sso_auth']);
    expect(newestFirst.headers['x-sort']).toBe('DESC');
  });

  it('answers 1,000 rows by default and falls back to it for a limit that makes no sense', async () => {
    const base = { service: ['all'], start_time: '2026-01-01T00:00:00Z' };
    for (const limit of [undefined, 0, -5, 20_000]) {
      const response = await call('POST', eventsPath, { orgId: org.id, body: { ...base, limit } });
      expect(response.headers['x-limit'], String(limit)).toBe('1000');
    }
    // Not an integer at all is refused by the query's schema (limit: int64) before any fallback.
    for (const limit of [2.5, 'ten']) {
      const response = await call('POST', eventsPath, { orgId: org.id, body: { ...base, limit } });
      expect(response.status, String(limit)).toBe(400);
      expect(response.body).toEqual({ message: expect.stringContaining('/limit: must be integer') });
    }
    expect((await call('POST', eventsPath, { orgId: org.id, body: { ...base, limit: 10_000 } })).headers['x-limit']).toBe('10000');
  });

  it('reads several organizations given as repeated x-org-id headers', async () => {
    const [, birch] = sim.data.providers.get(sim.providerId)!;
    sim.appendEvents(org.id, [{ event_type: 'user_lockout', timestamp: '2026-01-01T00:00:01Z' }]);
    sim.appendEvents(birch!.id, [{ event_type: 'user_unlocked', timestamp: '2026-01-01T00:00:02Z' }]);
    const res = await request(`${sim.url}${eventsPath}`, {
      method: 'POST',
      headers: ['x-api-key', sim.apiKey, 'x-org-id', org.id, 'x-org-id', birch!.id, 'content-type', 'application/json'],
      body: JSON.stringify({ service: ['directory'], start_time: '2026-01-01T00:00:00Z' }),
      dispatcher: agent,
    });
    expect(((await res.body.json()) as { event_type: string }[]).map((e) => e.event_type)).toEqual(['user_lockout', 'user_unlocked']);
  });

  it('refuses to seed an event its service does not list in the catalogue', () => {
    expect(() => sim.appendEvents(org.id, [{ event_type: 'user_locked_out' }])).toThrow(/not in JumpCloud's event catalogue/);
    expect(() => sim.appendEvents(org.id, [{ service: 'directory', event_type: 'system_fde_key_decrypt' }])).toThrow(/directory\/system_fde_key_decrypt/);
    expect(() => sim.appendEvents(org.id, [{ service: 'systems', event_type: 'system_fde_key_decrypt' }, { event_type: 'fde_key_decrypted' }])).toThrow();
    expect(sim.events).toHaveLength(0);
  });
});

describe('realisticSeed', () => {
  it('seeds varied organizations and events of both services, alerts, resolutions and look-alikes included', () => {
    const summary = realisticSeed(sim, { organizations: 6, eventsPerOrg: 200, seed: 7 });

    expect(summary.organizations).toHaveLength(6);
    expect(new Set(summary.events.map((event) => event.service))).toEqual(expect.objectContaining(new Set(['directory', 'systems'])));
    for (const key of ['directory/user_lockout', 'systems/system_fde_key_decrypt', 'directory/user_unlocked', 'directory/user_group_admin_grant', 'systems/login_attempt']) {
      expect(summary.eventCounts[key], key).toBeGreaterThan(0);
    }
    const states = new Set(summary.organizations.flatMap((o) => o.users.map((u) => u.state)));
    expect(states).toEqual(new Set(['ACTIVATED', 'STAGED', 'SUSPENDED']));
  });
});

describe('faults and state', () => {
  it('answers 401 to the old key once the key is rotated', async () => {
    const old = sim.apiKey;
    const fresh = sim.rotateApiKey();

    expect((await call('GET', orgs(), { key: old })).status).toBe(401);
    expect((await call('GET', orgs(), { key: fresh })).status).toBe(200);
  });

  it('logs method, path, query and headers, but never the API key', async () => {
    await call('GET', users('limit=1&filter=state:$ne:SUSPENDED'), { orgId: org.id });
    await call('GET', orgs(), { key: 'wrong' });

    expect(sim.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/systemusers',
        query: { limit: '1', filter: 'state:$ne:SUSPENDED' },
        orgId: org.id,
        auth: 'valid',
        status: 200,
      }),
      expect.objectContaining({ auth: 'invalid', status: 401 }),
    ]);
    expect(sim.requests[0]?.headers['x-org-id']).toBe(org.id);
    expect(JSON.stringify(sim.requests)).not.toContain(sim.apiKey);
    expect(JSON.stringify(sim.requests)).not.toContain('x-api-key');
  });

  it('rate-limit admits a budget of requests, then answers 429 with Retry-After', async () => {
    sim.addFault({ type: 'rate-limit', path: 'api/v2/providers/*/organizations', limit: 2, retryAfterSeconds: 7 });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await call('GET', orgs()));

    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(statuses[2]?.headers['retry-after']).toBe('7');
    expect(statuses[2]?.body).toEqual({ message: 'Too Many Requests' });
    expect(sim.requests[2]?.fault).toBe('rate-limit');
  });

  it('a status fault fires N times, then the route answers normally', async () => {
    sim.addFault({ type: 'status', status: 503, times: 2, method: 'GET', path: 'api/systemusers' });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', users('limit=1'), { orgId: org.id })).status);

    expect(statuses).toEqual([503, 503, 200]);
  });

  it('malformed-json answers 200 with JSON cut short', async () => {
    sim.addFault({ type: 'malformed-json' });

    const response = await call('GET', orgs());

    expect(response.status).toBe(200);
    expect(typeof response.body).toBe('string');
  });

  it('a hanging request stays in flight until the simulator closes', async () => {
    sim.addFault({ type: 'hang' });

    const pending = call('GET', orgs()).then(
      () => 'answered',
      () => 'dropped',
    );
    await sim.waitFor(() => sim.inFlight === 1);
    await sim.close();

    expect(await pending).toBe('dropped');
    expect(sim.maxInFlight).toBe(1);
  });

  it('the admin endpoint seeds, mutates, injects faults and rotates the key', async () => {
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await request(`${sim.adminUrl}${path}`, {
        method: method as 'GET',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.body.json()) as Record<string, unknown> & unknown[];
    };

    const [created] = (await admin('POST', '/seed-organizations', { count: 1, usersPerOrg: 3 })) as unknown as SimOrganization[];
    const [extra] = (await admin('POST', `/organizations/${created!.id}/users`, { count: 2 })) as unknown as { _id: string }[];
    await admin('POST', `/organizations/${created!.id}/users/${extra!._id}/state`, { state: 'SUSPENDED' });
    await admin('POST', `/organizations/${created!.id}/events`, { events: [{ event_type: 'user_lockout' }] });
    const { id: faultId } = await admin('POST', '/faults', { type: 'status', status: 500, path: 'api/v2/**' });
    const { apiKey } = await admin('POST', '/rotate-key');
    const state = await admin('GET', '/state');

    expect(apiKey).toBe(sim.apiKey);
    expect(sim.organization(created!.id)?.users.map((u) => u.state)).toEqual([
      'ACTIVATED',
      'ACTIVATED',
      'ACTIVATED',
      'SUSPENDED',
      'ACTIVATED',
    ]);
    expect(sim.events).toHaveLength(1);
    expect(sim.faults.map((f) => f.id)).toEqual([faultId]);
    expect(state).toMatchObject({ baseUrl: sim.url, providerId: sim.providerId, events: 1 });
    expect((await call('GET', orgs())).status).toBe(500);
  });
});

describe('standalone command', () => {
  it('prints one JSON line with what a client needs and serves until killed', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--organizations', '2', '--users-per-org', '3'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
      const info = JSON.parse(line!) as { baseUrl: string; apiKey: string; providerId: string; caFile: string; adminUrl: string };
      expect(Object.keys(info)).toEqual(['baseUrl', 'apiKey', 'providerId', 'caFile', 'adminUrl']);

      const cliAgent = new Agent({ connect: { ca: await readFile(info.caFile, 'utf8') } });
      const res = await request(`${info.baseUrl}/api/v2/providers/${info.providerId}/organizations`, {
        headers: { 'x-api-key': info.apiKey },
        dispatcher: cliAgent,
      });
      const body = (await res.body.json()) as { totalCount: number };
      await cliAgent.close();
      expect(body.totalCount).toBe(2);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
