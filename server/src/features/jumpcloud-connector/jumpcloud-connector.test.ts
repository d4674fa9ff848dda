import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../test-support/jumpcloud-sim/harness.js';
import { startJumpCloudSimulator, type JumpCloudSimulator } from '../../../test-support/jumpcloud-sim/index.js';
import { objectId } from '../../../test-support/jumpcloud-sim/state.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Role } from '../auth/roles.js';

/*
 * The connection's GraphQL API against the JumpCloud simulator. Jobs are not processed here (the poll
 * has its own tests): what connect, update and disconnect leave in Agenda is read from MongoDB.
 */

let sim: JumpCloudSimulator;
let t: TestApp;
const jumpCloudSettings = () => ({ ca: sim.ca, retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 3_000 });

beforeAll(async () => {
  sim = await startJumpCloudSimulator();
  sim.seedOrganizations(3, 2);
  t = await startTestApp({ jumpCloud: jumpCloudSettings() });
});
afterAll(async () => {
  await t?.stop();
  await sim?.close();
});

type Result = { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const failure = (result: Result) => ({
  code: result.errors?.[0]?.extensions?.code,
  message: result.errors?.[0]?.message,
  field: result.errors?.[0]?.extensions?.field,
});

const FIELDS = `id providerId apiKeyLast4 baseUrl insightsBaseUrl status excludedUserStates countedUserStates pollIntervalMinutes
  lastPolledAt lastError lastResult { countsRecorded } polling createdBy { email } updatedBy { email }`;
const CONNECT = `mutation($input: ConnectJumpCloudInput!) { connectJumpCloud(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateJumpCloudConnectionInput!) { updateJumpCloudConnection(input: $input) { ${FIELDS} } }`;
const CONNECTION = `{ jumpCloudConnection { ${FIELDS} } }`;
const AUDIT = '{ auditLog(first: 20) { nodes { action details actor { email } } } }';

const input = (change: Record<string, unknown> = {}) => ({ providerId: sim.providerId, apiKey: sim.apiKey, baseUrl: sim.url, ...change });

async function connectionRows(providerId: string): Promise<number> {
  const [row] = await t.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from jumpcloud_connections where provider_id = ?', [providerId]);
  return Number(row!.n);
}

function pollJobs(providerId: string) {
  return t.app.mongo.db().collection('agenda_jobs').find({ name: 'jumpcloud.poll', 'data.providerId': providerId }).toArray();
}

async function connect(token: string, change: Record<string, unknown> = {}) {
  const result = await t.graphql<{ connectJumpCloud: Record<string, unknown> }>(CONNECT, { input: input(change) }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.connectJumpCloud;
}

async function auditEntries(token: string) {
  const result = await t.graphql<{ auditLog: { nodes: { action: string; details: Record<string, unknown>; actor: { email: string } | null }[] } }>(AUDIT, {}, token);
  return result.data!.auditLog.nodes;
}

describe('connectJumpCloud', () => {
  it('stores the connection only after JumpCloud lists an organization with the key, and never returns the key', async () => {
    const { token, email } = await t.createAdmin();
    const mark = sim.requests.at(-1)?.seq ?? 0;
    const connection = await connect(token);
    expect(connection).toMatchObject({
      providerId: sim.providerId,
      apiKeyLast4: sim.apiKey.slice(-4),
      baseUrl: sim.url,
      insightsBaseUrl: null,
      status: 'CONNECTED',
      excludedUserStates: ['SUSPENDED'],
      countedUserStates: ['STAGED', 'ACTIVATED'],
      pollIntervalMinutes: 60,
      lastPolledAt: null,
      lastError: null,
      lastResult: null,
      polling: false,
      createdBy: { email },
      updatedBy: { email },
    });
    const verification = sim.requests.filter((entry) => entry.seq > mark);
    expect(verification.map((entry) => [entry.method, entry.path, entry.query.limit, entry.auth])).toEqual([
      ['GET', `/api/v2/providers/${sim.providerId}/organizations`, '1', 'valid'],
    ]);

    const read = await t.graphql(CONNECTION, {}, token);
    expect(read.data?.jumpCloudConnection).toEqual(connection);
    expect(JSON.stringify(read)).not.toContain(sim.apiKey);
  });

  it('keeps only ciphertext of the key: not in PostgreSQL, not in the Agenda jobs', async () => {
    const { token, providerId } = await t.createAdmin();
    await connect(token);
    const [row] = await t.app.orm.em.fork().execute<Record<string, unknown>[]>('select * from jumpcloud_connections where provider_id = ?', [providerId]);
    expect(JSON.stringify(row)).not.toContain(sim.apiKey);
    expect(String(row!.api_key_sealed)).toMatch(/^v1:[0-9a-f]{12}:/);
    expect(row!.api_key_last4).toBe(sim.apiKey.slice(-4));
    const jobs = await pollJobs(providerId);
    expect(jobs.length).toBeGreaterThan(0);
    expect(JSON.stringify(jobs)).not.toContain(sim.apiKey);
  });

  it.each([
    [{ providerId: '  ' }, 'providerId', /Provider id is required/],
    [{ providerId: 'has spaces in it' }, 'providerId', /no spaces/],
    [{ apiKey: '' }, 'apiKey', /API key is required/],
    [{ baseUrl: 'http://console.jumpcloud.com' }, 'baseUrl', /https URL/],
    [{ baseUrl: 'console.jumpcloud.com' }, 'baseUrl', /https URL/],
    [{ insightsBaseUrl: 'https://user:pw@api.jumpcloud.com' }, 'insightsBaseUrl', /credentials/],
  ])('refuses bad input %o with BAD_USER_INPUT on its field, asking JumpCloud nothing', async (change, field, message) => {
    const { token, providerId } = await t.createAdmin();
    const mark = sim.requests.at(-1)?.seq ?? 0;
    const result = await t.graphql(CONNECT, { input: input(change) }, token);
    expect(failure(result)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(failure(result).message).toMatch(message);
    expect(await connectionRows(providerId)).toBe(0);
    expect(sim.requests.filter((entry) => entry.seq > mark)).toHaveLength(0);
  });

  it('names what JumpCloud refused — rejected key, unknown provider id, unavailable — storing and scheduling nothing', async () => {
    const { token, providerId } = await t.createAdmin();

    const wrongKey = await t.graphql(CONNECT, { input: input({ apiKey: 'jc-wrong-key-0000' }) }, token);
    expect(failure(wrongKey)).toMatchObject({ code: 'JUMPCLOUD_KEY_REJECTED', field: 'apiKey' });
    expect(JSON.stringify(wrongKey)).not.toContain('jc-wrong-key-0000');

    const unknownProvider = await t.graphql(CONNECT, { input: input({ providerId: objectId() }) }, token);
    expect(failure(unknownProvider)).toMatchObject({ code: 'JUMPCLOUD_UNKNOWN_PROVIDER', field: 'providerId' });
    expect(failure(unknownProvider).message).toMatch(/does not know provider id [0-9a-f]{24}/);

    const nowhere = await t.graphql(CONNECT, { input: input({ baseUrl: `https://127.0.0.1:${await closedPort()}` }) }, token);
    expect(failure(nowhere)).toMatchObject({ code: 'JUMPCLOUD_UNAVAILABLE' });

    const down = sim.addFault({ type: 'status', status: 503, path: 'api/v2/providers/*/organizations' });
    try {
      const unavailable = await t.graphql(CONNECT, { input: input() }, token);
      expect(failure(unavailable)).toMatchObject({ code: 'JUMPCLOUD_UNAVAILABLE' });
      expect(failure(unavailable).message).toMatch(/503/);
    } finally {
      sim.removeFault(down);
    }

    expect(await connectionRows(providerId)).toBe(0);
    expect(await pollJobs(providerId)).toHaveLength(0);
    expect(await auditEntries(token)).toEqual([]);
  });

  it('refuses a second connection with CONFLICT', async () => {
    const { token } = await t.createAdmin();
    await connect(token);
    expect(failure(await t.graphql(CONNECT, { input: input() }, token)).code).toBe('CONFLICT');
  });

  it('is audited with the key masked', async () => {
    const { token, email } = await t.createAdmin();
    await connect(token);
    const [entry] = await auditEntries(token);
    expect(entry).toMatchObject({ action: 'jumpcloud.connected', actor: { email } });
    expect(entry!.details).toMatchObject({ providerId: sim.providerId, apiKey: '••••', baseUrl: sim.url, pollIntervalMinutes: 60, excludedUserStates: ['SUSPENDED'] });
    expect(JSON.stringify(entry)).not.toContain(sim.apiKey);
  });
});

describe('updateJumpCloudConnection', () => {
  it('keeps the saved key when the new one is rejected, and takes a new one that works', async () => {
    const { token, providerId } = await t.createAdmin();
    await connect(token);
    const sealed = async () =>
      (await t.app.orm.em.fork().execute<{ api_key_sealed: string }[]>('select api_key_sealed from jumpcloud_connections where provider_id = ?', [providerId]))[0]!
        .api_key_sealed;
    const before = await sealed();

    const rejected = await t.graphql(UPDATE, { input: { apiKey: 'jc-rotated-wrong-9999' } }, token);
    expect(failure(rejected)).toMatchObject({ code: 'JUMPCLOUD_KEY_REJECTED', field: 'apiKey' });
    expect(await sealed()).toBe(before);

    // The same key again still verifies and is sealed anew (a fresh nonce).
    const accepted = await t.graphql<{ updateJumpCloudConnection: Record<string, unknown> }>(UPDATE, { input: { apiKey: sim.apiKey } }, token);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.updateJumpCloudConnection).toMatchObject({ apiKeyLast4: sim.apiKey.slice(-4), status: 'CONNECTED', lastError: null });
    expect(await sealed()).not.toBe(before);
    const [entry] = await auditEntries(token);
    expect(entry).toMatchObject({ action: 'jumpcloud.updated', details: { apiKey: '••••' } });
  });

  it('changes which user states count and the poll interval, re-scheduling the poll; audited as from → to', async () => {
    const { token, providerId } = await t.createAdmin();
    await connect(token);
    const result = await t.graphql<{ updateJumpCloudConnection: Record<string, unknown> }>(
      UPDATE,
      { input: { excludedUserStates: ['STAGED', 'SUSPENDED'], pollIntervalMinutes: 15 } },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateJumpCloudConnection).toMatchObject({
      excludedUserStates: ['STAGED', 'SUSPENDED'],
      countedUserStates: ['ACTIVATED'],
      pollIntervalMinutes: 15,
    });
    const recurring = (await pollJobs(providerId)).filter((job) => job.repeatInterval);
    expect(recurring.map((job) => job.repeatInterval)).toEqual(['15 minutes']);
    const [entry] = await auditEntries(token);
    expect(entry).toMatchObject({
      action: 'jumpcloud.updated',
      details: { excludedUserStates: { from: ['SUSPENDED'], to: ['STAGED', 'SUSPENDED'] }, pollIntervalMinutes: { from: 60, to: 15 } },
    });
  });

  it.each([
    [{ pollIntervalMinutes: 4 }, 'pollIntervalMinutes'],
    [{ pollIntervalMinutes: 1441 }, 'pollIntervalMinutes'],
    [{ excludedUserStates: ['STAGED', 'ACTIVATED', 'SUSPENDED'] }, 'excludedUserStates'],
    [{ apiKey: 'with space' }, 'apiKey'],
    [{}, undefined],
  ])('refuses %o with BAD_USER_INPUT, changing nothing', async (change, field) => {
    const { token } = await t.createAdmin();
    const connected = await connect(token);
    const result = await t.graphql(UPDATE, { input: change }, token);
    expect(failure(result)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await t.graphql(CONNECTION, {}, token)).data?.jumpCloudConnection).toEqual(connected);
  });

  it('says JumpCloud is not connected before connectJumpCloud', async () => {
    const { token } = await t.createAdmin();
    expect((await t.graphql(CONNECTION, {}, token)).data?.jumpCloudConnection).toBeNull();
    expect(failure(await t.graphql(UPDATE, { input: { pollIntervalMinutes: 30 } }, token)).code).toBe('JUMPCLOUD_NOT_CONNECTED');
    expect(failure(await t.graphql('mutation { pollJumpCloudNow { id } }', {}, token)).code).toBe('JUMPCLOUD_NOT_CONNECTED');
    expect(failure(await t.graphql('mutation { disconnectJumpCloud }', {}, token)).code).toBe('JUMPCLOUD_NOT_CONNECTED');
  });
});

describe('pollJumpCloudNow and disconnectJumpCloud', () => {
  it('queues a poll of the provider and audits the request', async () => {
    const { token, providerId } = await t.createAdmin();
    await connect(token);
    const queuedBefore = (await pollJobs(providerId)).filter((job) => !job.repeatInterval).length;
    const result = await t.graphql<{ pollJumpCloudNow: { providerId: string } }>('mutation { pollJumpCloudNow { providerId } }', {}, token);
    expect(result.data?.pollJumpCloudNow.providerId).toBe(sim.providerId);
    expect((await pollJobs(providerId)).filter((job) => !job.repeatInterval)).toHaveLength(queuedBefore + 1);
    expect((await auditEntries(token))[0]).toMatchObject({ action: 'jumpcloud.poll-requested', details: { alreadyPolling: false } });
  });

  it('removes the key and every scheduled poll, keeps organizations, and is audited; connecting again works', async () => {
    const { token, providerId } = await t.createAdmin();
    await connect(token);
    await t.graphql('mutation { upsertOrganizations(organizations: [{ externalId: "kept-1", name: "Kept" }]) { id } }', {}, token);
    expect((await pollJobs(providerId)).length).toBeGreaterThan(0);

    const result = await t.graphql<{ disconnectJumpCloud: boolean }>('mutation { disconnectJumpCloud }', {}, token);
    expect(result.data?.disconnectJumpCloud).toBe(true);
    expect((await t.graphql(CONNECTION, {}, token)).data?.jumpCloudConnection).toBeNull();
    const [row] = await t.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from jumpcloud_connections where provider_id = ?', [providerId]);
    expect(Number(row!.n)).toBe(0);
    expect(await pollJobs(providerId)).toHaveLength(0);
    const orgs = await t.graphql<{ organizations: { totalCount: number } }>('{ organizations { totalCount } }', {}, token);
    expect(orgs.data?.organizations.totalCount).toBe(1);
    expect((await auditEntries(token))[0]).toMatchObject({ action: 'jumpcloud.disconnected', details: { providerId: sim.providerId } });

    await connect(token);
  });
});

describe('access', () => {
  it('is Billing-only: an admin without the role gets FORBIDDEN on every field', async () => {
    const billing = await t.createAdmin();
    await connect(billing.token);
    const { token } = await t.createAdmin({ roles: [Role.ADMIN] });
    for (const operation of [
      CONNECTION,
      'mutation { pollJumpCloudNow { id } }',
      'mutation { disconnectJumpCloud }',
      'mutation { updateJumpCloudConnection(input: { pollIntervalMinutes: 30 }) { id } }',
    ]) {
      expect(failure(await t.graphql(operation, {}, token)).code).toBe('FORBIDDEN');
    }
    expect(failure(await t.graphql(CONNECT, { input: input() }, token)).code).toBe('FORBIDDEN');
    expect(failure(await t.graphql(CONNECTION, {}, undefined)).code).toBe('UNAUTHENTICATED');
  });

  it("never shows or changes another provider's connection", async () => {
    const owner = await t.createAdmin();
    const other = await t.createAdmin();
    const connected = await connect(owner.token);
    expect((await t.graphql(CONNECTION, {}, other.token)).data?.jumpCloudConnection).toBeNull();
    expect(failure(await t.graphql('mutation { disconnectJumpCloud }', {}, other.token)).code).toBe('JUMPCLOUD_NOT_CONNECTED');
    // The other provider may connect its own; the owner's stays as it was.
    await connect(other.token, { baseUrl: `${sim.url}/` });
    expect((await t.graphql(CONNECTION, {}, owner.token)).data?.jumpCloudConnection).toEqual(connected);
  });
});

describe('poll schedules', () => {
  it('connect schedules the poll every 60 minutes and queues one now; disconnect cancels both', async () => {
    const { token, providerId } = await t.createAdmin();
    await connect(token);
    const jobs = await pollJobs(providerId);
    expect(jobs.filter((job) => job.repeatInterval).map((job) => job.repeatInterval)).toEqual(['60 minutes']);
    expect(jobs.filter((job) => !job.repeatInterval)).toHaveLength(1);
    await t.graphql('mutation { disconnectJumpCloud }', {}, token);
    expect(await pollJobs(providerId)).toHaveLength(0);
  });

  it('keeps one recurring poll per provider, and restores them all when the app starts', async () => {
    const a = await t.createAdmin();
    const b = await t.createAdmin();
    await connect(a.token);
    await connect(b.token);
    await t.graphql(UPDATE, { input: { pollIntervalMinutes: 30 } }, b.token);
    const recurring = async (app: TestApp, providerId: string) =>
      (await app.app.mongo.db().collection('agenda_jobs').find({ name: 'jumpcloud.poll', 'data.providerId': providerId, repeatInterval: { $ne: null } }).toArray()).map(
        (job) => job.repeatInterval,
      );
    expect(await recurring(t, a.providerId)).toEqual(['60 minutes']);
    expect(await recurring(t, b.providerId)).toEqual(['30 minutes']);

    // A fresh start (an empty job store here) schedules every connection again.
    const restarted = await startTestApp({ processJobs: true, jumpCloud: jumpCloudSettings() });
    try {
      expect(await recurring(restarted, a.providerId)).toEqual(['60 minutes']);
      expect(await recurring(restarted, b.providerId)).toEqual(['30 minutes']);
    } finally {
      await restarted.stop();
    }
  });
});
