import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJumpCloudSimulator, type JumpCloudSimulator, type RequestLogEntry, type SimOrganization } from '../../../test-support/jumpcloud-sim/index.js';
import { objectId } from '../../../test-support/jumpcloud-sim/state.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { scopeEntityManager } from '../auth/tenant-scope.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { UsageService } from '../organizations/usage.service.js';
import { createLogger } from '../../shared/logger.js';
import { SecretBox } from '../../shared/secret-box.js';
import { JumpCloudClients } from './jumpcloud-clients.js';
import { JumpCloudConnectorService } from './jumpcloud-connector.service.js';

/*
 * The poll job end to end: Agenda on FerretDB runs `jumpcloud.poll` against the JumpCloud simulator over
 * HTTPS, and the results are read back through GraphQL as the admin app would. Every test uses its own
 * JumpCloud provider (its own organizations) and its own highwater provider.
 */

let sim: JumpCloudSimulator;
let t: TestApp;
const secretKey = randomBytes(32);
// Batches of 100 so a poll of 250 organizations upserts, counts and records in three steps.
const jumpCloudSettings = () => ({ ca: sim.ca, retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 3_000, pollBatchSize: 100 });

beforeAll(async () => {
  sim = await startJumpCloudSimulator();
  t = await startTestApp({ processJobs: true, jobsProcessEveryMs: 250, secretKey, jumpCloud: jumpCloudSettings() });
});
afterAll(async () => {
  await t?.stop();
  await sim?.close();
});

interface PollResult {
  startedAt: string;
  finishedAt: string;
  complete: boolean;
  organizationsListed: number;
  countsRecorded: number;
  countsFailed: number;
  organizationsDeactivated: number;
  failures: { organizationId: string | null; name: string | null; message: string }[];
}
interface Connection {
  status: 'CONNECTED' | 'FAILING';
  lastError: string | null;
  lastPolledAt: string | null;
  polling: boolean;
  lastResult: PollResult | null;
}
interface OrganizationRow {
  id: string;
  externalId: string;
  name: string;
  active: boolean;
  costPerSeat: number;
  currentUserCount: number | null;
  highWatermark: number | null;
}

const CONNECT = `mutation($input: ConnectJumpCloudInput!) { connectJumpCloud(input: $input) { id } }`;
const CONNECTION = `{ jumpCloudConnection { status lastError lastPolledAt polling
  lastResult { startedAt finishedAt complete organizationsListed countsRecorded countsFailed organizationsDeactivated failures { organizationId name message } } } }`;
const UPDATE = `mutation($input: UpdateJumpCloudConnectionInput!) { updateJumpCloudConnection(input: $input) { id } }`;
const ORGANIZATIONS = `{ organizations(first: 1000) { totalCount nodes { id externalId name active costPerSeat currentUserCount highWatermark } } }`;

/** Re-reads until `done` holds: the job runs in the background, so tests wait on what it leaves behind. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function connection(token: string): Promise<Connection> {
  const result = await t.graphql<{ jumpCloudConnection: Connection | null }>(CONNECTION, {}, token);
  expect(result.errors).toBeUndefined();
  return result.data!.jumpCloudConnection!;
}

/** The connection once a poll finished after `previous` (the finishedAt seen before asking for it). */
function pollAfter(token: string, previous: string | undefined): Promise<Connection> {
  return waitFor(
    () => connection(token),
    (c) => !c.polling && !!c.lastResult && c.lastResult.finishedAt !== previous,
    'a poll to finish',
  );
}

async function pollNow(token: string): Promise<Connection> {
  const before = await waitFor(() => connection(token), (c) => !c.polling, 'no poll running');
  const queued = await t.graphql('mutation { pollJumpCloudNow { id } }', {}, token);
  expect(queued.errors).toBeUndefined();
  return pollAfter(token, before.lastResult?.finishedAt);
}

async function update(token: string, input: Record<string, unknown>): Promise<Connection> {
  const before = await connection(token);
  const result = await t.graphql(UPDATE, { input }, token);
  expect(result.errors).toBeUndefined();
  return pollAfter(token, before.lastResult?.finishedAt);
}

async function organizations(token: string): Promise<OrganizationRow[]> {
  const result = await t.graphql<{ organizations: { nodes: OrganizationRow[] } }>(ORGANIZATIONS, {}, token);
  expect(result.errors).toBeUndefined();
  return result.data!.organizations.nodes;
}

function byExternalId(rows: OrganizationRow[]): Map<string, OrganizationRow> {
  return new Map(rows.map((row) => [row.externalId, row]));
}

/** A JumpCloud provider of its own in the simulator, with `count` organizations. */
function jumpCloudProvider(count: number, users: number, options: { suspendedPerOrg?: number; stagedPerOrg?: number } = {}) {
  const providerId = objectId();
  const orgs = sim.seedOrganizations(count, users, { providerId, ...options });
  return { providerId, orgs, orgIds: new Set(orgs.map((org) => org.id)) };
}

/** A new highwater provider connected to `providerId`, after its first poll. */
async function connected(providerId: string): Promise<{ token: string; providerId: string; first: Connection }> {
  const admin = await t.createAdmin();
  const result = await t.graphql(CONNECT, { input: { providerId, apiKey: sim.apiKey, baseUrl: sim.url } }, admin.token);
  expect(result.errors).toBeUndefined();
  const first = await pollAfter(admin.token, undefined);
  return { token: admin.token, providerId: admin.providerId, first };
}

const since = (seq: number) => (entry: RequestLogEntry) => entry.seq > seq;
const lastSeq = () => sim.requests.at(-1)?.seq ?? 0;
const countRequests = (orgIds: Set<string>, after: number) =>
  sim.requests.filter((entry) => entry.path === '/api/systemusers' && orgIds.has(entry.orgId ?? '') && entry.seq > after);

// Each test waits on several polls through Agenda; on a busy FerretDB (the whole suite at once) that takes a while.
describe('jumpcloud.poll', { timeout: 120_000 }, () => {
  it('pages through 250 organizations 100 at a time and counts each with limit=1 and the state filter, never listing users', async () => {
    const jc = jumpCloudProvider(250, 4, { suspendedPerOrg: 1, stagedPerOrg: 1 });
    const mark = lastSeq();
    const { token, first } = await connected(jc.providerId);

    expect(first).toMatchObject({ status: 'CONNECTED', lastError: null });
    expect(first.lastResult).toMatchObject({ complete: true, organizationsListed: 250, countsRecorded: 250, countsFailed: 0, failures: [] });
    expect(first.lastPolledAt).toBe(first.lastResult!.startedAt);

    const listings = sim.requests.filter((entry) => since(mark)(entry) && entry.path === `/api/v2/providers/${jc.providerId}/organizations`);
    // The first is connectJumpCloud's verification (one organization); then the poll's three pages.
    expect(listings.map((entry) => [entry.query.limit, entry.query.skip])).toEqual([
      ['1', '0'],
      ['100', '0'],
      ['100', '100'],
      ['100', '200'],
    ]);
    const counts = countRequests(jc.orgIds, mark);
    expect(counts).toHaveLength(250);
    expect(new Set(counts.map((entry) => entry.orgId)).size).toBe(250);
    for (const entry of counts) expect(entry.query).toEqual({ limit: '1', skip: '0', filter: 'state:$ne:SUSPENDED' });

    // Suspended users do not count by default; staged ones do.
    const rows = await organizations(token);
    expect(rows).toHaveLength(250);
    const seeded = byExternalId(rows);
    for (const org of jc.orgs) {
      expect(seeded.get(org.id)).toMatchObject({ name: org.name, active: true, costPerSeat: 0, currentUserCount: 3, highWatermark: 3 });
    }
  });

  it('counts by the setting: everyone when nothing is excluded, only activated users when staged ones are excluded too', async () => {
    const jc = jumpCloudProvider(3, 5, { suspendedPerOrg: 1, stagedPerOrg: 2 });
    const { token } = await connected(jc.providerId);
    expect((await organizations(token)).map((row) => row.currentUserCount)).toEqual([4, 4, 4]);

    let mark = lastSeq();
    await update(token, { excludedUserStates: [] });
    expect(countRequests(jc.orgIds, mark).map((entry) => entry.query.filter)).toEqual([undefined, undefined, undefined]);
    expect((await organizations(token)).map((row) => [row.currentUserCount, row.highWatermark])).toEqual([[5, 5], [5, 5], [5, 5]]);

    mark = lastSeq();
    await update(token, { excludedUserStates: ['SUSPENDED', 'STAGED'] });
    // One documented $ne per excluded state, as a repeated parameter (JumpCloud documents no $nin).
    expect(countRequests(jc.orgIds, mark).map((entry) => entry.query.filter)).toEqual(Array(3).fill(['state:$ne:STAGED', 'state:$ne:SUSPENDED']));
    // Fewer users count now, but the month's watermark does not go down.
    expect((await organizations(token)).map((row) => [row.currentUserCount, row.highWatermark])).toEqual([[2, 5], [2, 5], [2, 5]]);
  });

  it('is idempotent, raises the watermark when a user is added, and lowers only the current count when users are suspended', async () => {
    const jc = jumpCloudProvider(4, 4);
    const { token, providerId } = await connected(jc.providerId);
    const rows = byExternalId(await organizations(token));
    const acme = jc.orgs[0]!;
    // The MSP's price is theirs: polling must not touch it.
    await t.graphql('mutation($id: ID!) { setCostPerSeat(organizationId: $id, amount: 9.5) { id } }', { id: rows.get(acme.id)!.id }, token);

    await pollNow(token);
    const again = byExternalId(await organizations(token));
    expect(again.size).toBe(4);
    expect([...again.values()].map((row) => row.id).sort()).toEqual([...rows.values()].map((row) => row.id).sort());
    expect(again.get(acme.id)).toMatchObject({ currentUserCount: 4, highWatermark: 4, costPerSeat: 9.5 });
    const [stored] = await t.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from organizations where provider_id = ?', [providerId]);
    expect(Number(stored!.n)).toBe(4);

    sim.addUsers(acme.id, 2);
    await pollNow(token);
    expect(byExternalId(await organizations(token)).get(acme.id)).toMatchObject({ currentUserCount: 6, highWatermark: 6 });

    for (const user of sim.organization(acme.id)!.users.slice(0, 3)) sim.suspendUser(acme.id, user._id);
    await pollNow(token);
    const after = byExternalId(await organizations(token));
    expect(after.get(acme.id)).toMatchObject({ currentUserCount: 3, highWatermark: 6, costPerSeat: 9.5 });
    expect(after.get(jc.orgs[1]!.id)).toMatchObject({ currentUserCount: 4, highWatermark: 4 });
  });

  it('sets organizations JumpCloud no longer lists inactive, and active again when they come back', async () => {
    const jc = jumpCloudProvider(3, 2);
    const { token } = await connected(jc.providerId);
    const [gone, , renamed] = jc.orgs as [SimOrganization, SimOrganization, SimOrganization];
    sim.removeOrganization(gone.id);
    sim.organization(renamed.id)!.name = 'Renamed Clinic';

    const polled = await pollNow(token);
    expect(polled.lastResult).toMatchObject({ complete: true, organizationsListed: 2, organizationsDeactivated: 1 });
    let rows = byExternalId(await organizations(token));
    expect(rows.size).toBe(3);
    expect(rows.get(gone.id)).toMatchObject({ active: false, currentUserCount: 2, highWatermark: 2 });
    expect(rows.get(renamed.id)).toMatchObject({ active: true, name: 'Renamed Clinic' });

    sim.addOrganization({ id: gone.id, name: gone.name, users: 5 }, jc.providerId);
    await pollNow(token);
    rows = byExternalId(await organizations(token));
    expect(rows.get(gone.id)).toMatchObject({ active: true, currentUserCount: 5, highWatermark: 5 });
  });

  it('deactivates nobody when JumpCloud lists an organization it cannot read, and says which row', async () => {
    const jc = jumpCloudProvider(3, 2);
    const { token } = await connected(jc.providerId);
    const [first, unreadable, third] = jc.orgs as [SimOrganization, SimOrganization, SimOrganization];
    // One row without its name, as an instance drifting from the spec might send it.
    const results = [{ id: first.id, name: first.name }, { id: unreadable.id }, { id: third.id, name: third.name }];
    const fault = sim.addFault({ type: 'respond', path: `api/v2/providers/${jc.providerId}/organizations`, body: { results, totalCount: 3 } });
    try {
      const polled = await pollNow(token);

      expect(polled.lastResult).toMatchObject({ complete: false, organizationsListed: 2, organizationsDeactivated: 0 });
      expect(polled.lastResult!.failures).toContainEqual({
        organizationId: unreadable.id,
        name: null,
        message: expect.stringMatching(/^JumpCloud listed an organization that could not be read \(name: /),
      });
      const rows = byExternalId(await organizations(token));
      expect([...rows.values()].filter((row) => jc.orgIds.has(row.externalId)).every((row) => row.active)).toBe(true);
    } finally {
      sim.removeFault(fault);
    }
  });

  it('rides out 429s with Retry-After and bursts of 5xx, and still records every count', async () => {
    const jc = jumpCloudProvider(30, 2);
    const { token } = await connected(jc.providerId);
    const faults = [
      sim.addFault({ name: 'burst-503', type: 'status', status: 503, path: 'api/v2/providers/*/organizations', times: 2 }),
      sim.addFault({ name: 'throttled', type: 'rate-limit', path: 'api/systemusers', limit: 10, retryAfterSeconds: 1, times: 5 }),
      sim.addFault({ name: 'burst-502', type: 'status', status: 502, path: 'api/systemusers', skip: 20, times: 3 }),
    ];
    try {
      const mark = lastSeq();
      for (const org of jc.orgs.slice(0, 5)) sim.addUsers(org.id, 1);
      const polled = await pollNow(token);
      expect(polled).toMatchObject({ status: 'CONNECTED', lastError: null });
      expect(polled.lastResult).toMatchObject({ complete: true, organizationsListed: 30, countsRecorded: 30, countsFailed: 0 });

      const answered = sim.requests.filter(since(mark)).map((entry) => entry.fault);
      expect(answered.filter((name) => name === 'burst-503')).toHaveLength(2);
      expect(answered.filter((name) => name === 'throttled')).toHaveLength(5);
      expect(answered.filter((name) => name === 'burst-502')).toHaveLength(3);
      // Each throttled count was asked again only after JumpCloud's Retry-After (1 s) had passed.
      const counts = countRequests(jc.orgIds, mark);
      for (const throttled of counts.filter((entry) => entry.fault === 'throttled')) {
        const retry = counts.find((entry) => entry.orgId === throttled.orgId && entry.seq > throttled.seq);
        expect(retry!.atMs - throttled.atMs).toBeGreaterThanOrEqual(990);
      }

      const rows = byExternalId(await organizations(token));
      for (const [index, org] of jc.orgs.entries()) expect(rows.get(org.id)?.currentUserCount).toBe(index < 5 ? 3 : 2);
    } finally {
      for (const id of faults) sim.removeFault(id);
    }
  });

  it('keeps the counts it got when one organization cannot be counted, and says which one', async () => {
    const jc = jumpCloudProvider(12, 3);
    const { token } = await connected(jc.providerId);
    for (const org of jc.orgs) sim.addUsers(org.id, 1);
    const fault = sim.addFault({ name: 'org-missing', type: 'status', status: 404, message: 'Organization not found', path: 'api/systemusers', skip: 4, times: 1 });
    try {
      const mark = lastSeq();
      const polled = await pollNow(token);
      const failedOrg = sim.requests.find((entry) => since(mark)(entry) && entry.fault === 'org-missing')!.orgId!;
      expect(polled.status).toBe('CONNECTED');
      expect(polled.lastResult).toMatchObject({ complete: true, organizationsListed: 12, countsRecorded: 11, countsFailed: 1 });
      expect(polled.lastResult!.failures).toEqual([{ organizationId: failedOrg, name: sim.organization(failedOrg)!.name, message: expect.stringMatching(/404.*Organization not found/) }]);
      expect(polled.lastError).toMatch(/^1 of 12 organizations could not be counted; first: .+: .*404/);

      const rows = byExternalId(await organizations(token));
      for (const org of jc.orgs) {
        // The failed organization keeps its earlier count; every other one moved on.
        expect(rows.get(org.id)).toMatchObject(org.id === failedOrg ? { currentUserCount: 3, highWatermark: 3 } : { currentUserCount: 4, highWatermark: 4 });
      }
    } finally {
      sim.removeFault(fault);
    }
  });

  it('counts the others when JumpCloud refuses one organization (403), but marks the connection failing with what to do', async () => {
    const jc = jumpCloudProvider(6, 3);
    const { token } = await connected(jc.providerId);
    for (const org of jc.orgs) sim.addUsers(org.id, 1);
    const fault = sim.addFault({ name: 'org-refused', type: 'status', status: 403, message: 'Forbidden', path: 'api/systemusers', skip: 2, times: 1 });
    try {
      const polled = await pollNow(token);
      expect(polled.status).toBe('FAILING');
      expect(polled.lastError).toMatch(/^JumpCloud refused access \(403\) to the users of .+: the administrator whose API key is used has no access to it\. Grant it .+\(1 of 6 organizations could not be counted\)$/);
      expect(polled.lastResult).toMatchObject({ complete: true, countsRecorded: 5, countsFailed: 1 });
    } finally {
      sim.removeFault(fault);
    }
    expect(await pollNow(token)).toMatchObject({ status: 'CONNECTED', lastError: null });
  });

  it('stops on a 401 half way, keeping what it counted, and marks the connection failing with the reason', async () => {
    const jc = jumpCloudProvider(20, 2);
    const { token } = await connected(jc.providerId);
    for (const org of jc.orgs) sim.addUsers(org.id, 1);
    const fault = sim.addFault({ name: 'key-revoked', type: 'status', status: 401, message: 'Unauthorized', path: 'api/systemusers', skip: 5 });
    try {
      const polled = await pollNow(token);
      expect(polled.status).toBe('FAILING');
      expect(polled.lastError).toMatch(/JumpCloud rejected the API key \(401/);
      expect(polled.lastError).toMatch(/updateJumpCloudConnection/);
      expect(polled.lastResult).toMatchObject({ complete: false, countsRecorded: 5, countsFailed: 15, organizationsDeactivated: 0 });
      expect(polled.lastResult!.failures[0]).toMatchObject({ organizationId: null, message: expect.stringMatching(/rejected the API key/) });
      const rows = await organizations(token);
      expect(rows.filter((row) => row.currentUserCount === 3)).toHaveLength(5);
      expect(rows.every((row) => row.active)).toBe(true);
    } finally {
      sim.removeFault(fault);
    }
    // The next poll that works clears the failure.
    expect(await pollNow(token)).toMatchObject({ status: 'CONNECTED', lastError: null });
  });

  it('after the key is rotated in JumpCloud, says the key was rejected; a new key repairs the connection', async () => {
    // A simulator of its own: rotating its key must not disturb the other tests.
    const own = await startJumpCloudSimulator();
    try {
      const [org] = own.seedOrganizations(2, 3);
      const admin = await t.createAdmin();
      const result = await t.graphql(CONNECT, { input: { providerId: own.providerId, apiKey: own.apiKey, baseUrl: own.url } }, admin.token);
      expect(result.errors).toBeUndefined();
      await pollAfter(admin.token, undefined);

      own.rotateApiKey();
      own.addUsers(org!.id, 4);
      const failing = await pollNow(admin.token);
      expect(failing).toMatchObject({ status: 'FAILING', lastError: expect.stringMatching(/rejected the API key \(401\).*rotated/) });
      expect(failing.lastResult).toMatchObject({ complete: false, organizationsListed: 0, countsRecorded: 0 });
      expect(byExternalId(await organizations(admin.token)).get(org!.id)).toMatchObject({ currentUserCount: 3, highWatermark: 3, active: true });

      const repaired = await update(admin.token, { apiKey: own.apiKey });
      expect(repaired).toMatchObject({ status: 'CONNECTED', lastError: null });
      expect(byExternalId(await organizations(admin.token)).get(org!.id)).toMatchObject({ currentUserCount: 7, highWatermark: 7 });
    } finally {
      await own.close();
    }
  });

  it("keeps each provider's organizations and counts to itself, and one provider's poll deactivates none of another's", async () => {
    const first = jumpCloudProvider(3, 2);
    const second = jumpCloudProvider(2, 6);
    const a = await connected(first.providerId);
    const b = await connected(second.providerId);
    await pollNow(b.token);

    const seenByA = await organizations(a.token);
    const seenByB = await organizations(b.token);
    expect(seenByA.map((row) => row.externalId).sort()).toEqual([...first.orgIds].sort());
    expect(seenByB.map((row) => row.externalId).sort()).toEqual([...second.orgIds].sort());
    expect(seenByA.every((row) => row.active && row.currentUserCount === 2)).toBe(true);
    expect(seenByB.every((row) => row.active && row.currentUserCount === 6)).toBe(true);
    const rows = await t.app.orm.em
      .fork()
      .execute<{ provider_id: string; n: string }[]>('select provider_id, count(*) as n from organizations where provider_id in (?, ?) group by 1', [a.providerId, b.providerId]);
    expect(Object.fromEntries(rows.map((row) => [row.provider_id, Number(row.n)]))).toEqual({ [a.providerId]: 3, [b.providerId]: 2 });
  });

  it('never runs two polls of one provider at once: the second finds the lease taken and does nothing', async () => {
    const jc = jumpCloudProvider(6, 1);
    const { providerId } = await connected(jc.providerId);
    const slow = sim.addFault({ name: 'slow', type: 'latency', ms: 300, path: 'api/systemusers' });
    try {
      const scope = { providerId };
      const service = () => {
        const em = scopeEntityManager(t.app.orm.em.fork(), scope);
        return new JumpCloudConnectorService(em, scope, {
          jumpCloud: new JumpCloudClients(jumpCloudSettings()),
          secrets: new SecretBox([secretKey]),
          jobs: t.app.jobs,
          logger: createLogger('silent'),
          organizations: () => new OrganizationsService(em, scope, { currentMonth: () => new UsageService(em, scope).currentMonth(), primeLoaders: () => undefined }),
          usage: () => new UsageService(em, scope),
          // Only the alert poll reads these; poll() never does.
          integration: () => expect.unreachable('integration'),
          ticketing: () => expect.unreachable('ticketing'),
        });
      };
      const mark = lastSeq();
      const outcomes = await Promise.all([service().poll(), service().poll()]);
      expect(outcomes.map((outcome) => outcome.polled).sort()).toEqual([false, true]);
      expect(outcomes.find((outcome) => !outcome.polled)).toEqual({ polled: false, reason: 'already-polling' });
      expect(countRequests(jc.orgIds, mark)).toHaveLength(6);
      // Released afterwards: the next poll runs.
      expect((await service().poll()).polled).toBe(true);
    } finally {
      sim.removeFault(slow);
    }
  });
});
