import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { startJumpCloudSimulator, type JumpCloudSimulator } from '../../../test-support/jumpcloud-sim/index.js';
import { objectId } from '../../../test-support/jumpcloud-sim/state.js';
import { temporaryDatabase } from '../../../test-support/private-services.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import type { TemporaryDatabase } from '../../db/databases.js';
import { AGENDA_JOBS_COLLECTION } from '../../jobs/agenda.js';
import { JUMPCLOUD_POLL_JOB } from './jumpcloud-connector.service.js';

/*
 * A rolling restart in the middle of a JumpCloud poll: the stopped instance finishes the batch under way,
 * writes no half result, releases the poll's lease and hands the job back; the next instance polls in
 * full at once, not after the 30-minute lease lapses.
 */
const ORGANIZATIONS = 120;
const COUNT_MS = 250;
let sim: JumpCloudSimulator;
let database: TemporaryDatabase;
let web: TestApp;
const apps: TestApp[] = [];
const secretKey = randomBytes(32);
const mongodbUrl = (() => {
  const url = new URL(inject('mongodbUrl'));
  url.pathname = `/jumpcloud_stop_${randomBytes(3).toString('hex')}`;
  return url.toString();
})();
// 20 organizations a batch, 4 counted at a time at 250 ms each: a batch takes about 1.3 s, the poll 8 s.
const jumpCloud = () => ({ ca: sim.ca, retryBaseDelayMs: 5, timeoutMs: 5_000, pollBatchSize: 20, maxConcurrency: 4 });
const instance = async (processJobs: boolean) => {
  const app = await startTestApp({ databaseUrl: database.url, mongodbUrl, secretKey, jumpCloud: jumpCloud(), processJobs, jobsProcessEveryMs: 250 });
  apps.push(app);
  return app;
};

beforeAll(async () => {
  sim = await startJumpCloudSimulator();
  database = await temporaryDatabase('highwater_jumpcloud_stop');
  web = await instance(false);
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await sim?.close();
  await database?.drop();
});

const CONNECTION = `{ jumpCloudConnection { polling lastResult { complete organizationsListed countsRecorded } } }`;
interface Connection {
  polling: boolean;
  lastResult: { complete: boolean; organizationsListed: number; countsRecorded: number } | null;
}

async function waitFor(done: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('hands an interrupted poll over at a rolling restart: no half result, no lease left, the next instance polls at once', { timeout: 120_000 }, async () => {
  const jumpCloudProviderId = objectId();
  sim.seedOrganizations(ORGANIZATIONS, 2, { providerId: jumpCloudProviderId });
  const admin = await web.createAdmin();
  const connection = async () => {
    const result = await web.graphql<{ jumpCloudConnection: Connection }>(CONNECTION, {}, admin.token);
    expect(result.errors).toBeUndefined();
    return result.data!.jumpCloudConnection;
  };
  const counted = () => sim.requests.filter((entry) => entry.path === '/api/systemusers').length;

  const first = await instance(true);
  sim.addFault({ name: 'slow counts', type: 'latency', ms: COUNT_MS, path: 'api/systemusers' });
  const connected = await web.graphql(
    'mutation($input: ConnectJumpCloudInput!) { connectJumpCloud(input: $input) { id } }',
    { input: { providerId: jumpCloudProviderId, apiKey: sim.apiKey, baseUrl: sim.url } },
    admin.token,
  );
  expect(connected.errors).toBeUndefined();
  await waitFor(async () => counted() > 20, 'the first batch counted');

  const began = Date.now();
  await first.stop();
  expect(Date.now() - began).toBeLessThan(3_000);
  const countedByFirst = counted();
  expect(countedByFirst).toBeLessThan(ORGANIZATIONS);
  const [lease] = await web.app.orm.em
    .fork()
    .execute<{ poll_locked_until: Date | null }[]>('select poll_locked_until from jumpcloud_connections where provider_id = ?', [admin.providerId]);
  expect(lease!.poll_locked_until).toBeNull();
  expect(await connection()).toMatchObject({ polling: false, lastResult: null });
  const handedBack = await web.app.mongo
    .db()
    .collection(AGENDA_JOBS_COLLECTION)
    .find({ name: JUMPCLOUD_POLL_JOB, 'data.providerId': admin.providerId, lockedAt: null, nextRunAt: { $lte: new Date() } })
    .toArray();
  expect(handedBack.length).toBeGreaterThan(0);

  await instance(true);
  await waitFor(async () => (await connection()).lastResult !== null, 'the next instance to finish the poll', 60_000);
  expect((await connection()).lastResult).toEqual({ complete: true, organizationsListed: ORGANIZATIONS, countsRecorded: ORGANIZATIONS });
  // The first instance's counts are not lost, and the next poll counted every organization again.
  expect(counted()).toBe(countedByFirst + ORGANIZATIONS);
});
