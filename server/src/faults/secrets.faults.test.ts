import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../test-support/connectwise-app.js';
import { startJumpCloudSimulator, type JumpCloudSimulator } from '../../test-support/jumpcloud-sim/index.js';
import { finishedRun, mappedOrganizations } from '../../test-support/sync-fixtures.js';
import { enableTicketing, eventWithStatus, reportOne } from '../../test-support/ticketing-fixtures.js';
import { createLogger } from '../shared/logger.js';

/*
 * Fault suite, secrets: after a full journey (connect ConnectWise and JumpCloud, map, sync, ticket,
 * rotate the ConnectWise keys) and again after "disable integration & clear data" and disconnecting
 * JumpCloud, no secret appears in any PostgreSQL table, any MongoDB (FerretDB) collection or any log
 * line written at the most verbose level — only ciphertext while configured.
 */

const logLines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString());
    done();
  },
});

let jc: JumpCloudSimulator;
beforeAll(async () => {
  jc = await startJumpCloudSimulator();
});
afterAll(async () => {
  await jc?.close();
});
const bed = useConnectWiseTestBed(
  { companies: 4, additionsPerAgreement: 1 },
  {
    processJobs: true,
    jobsProcessEveryMs: 250,
    logger: createLogger('trace', capture),
    get jumpCloud() {
      return { ca: jc.ca, retryBaseDelayMs: 5, timeoutMs: 3_000 };
    },
  },
);

/** The keys as ConnectWise's Authorization header carries them. */
function basicCredential(companyId: string, keys: { publicKey: string; privateKey: string }): string {
  return Buffer.from(`${companyId}+${keys.publicKey}:${keys.privateKey}`).toString('base64');
}

/** Where each secret shows up: table or collection names, and "logs". */
async function findSecrets(secrets: Record<string, string>): Promise<Record<string, string[]>> {
  const em = bed.t.app.orm.em.fork();
  const tables = await em.execute<{ table_name: string }[]>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const places: { name: string; text: string }[] = [];
  for (const { table_name } of tables) {
    const rows = await em.execute<{ row: string }[]>(`select t::text as row from "${table_name}" t`);
    places.push({ name: `table ${table_name}`, text: rows.map((row) => row.row).join('\n') });
  }
  const db = bed.t.app.mongo.db();
  for (const { name } of await db.listCollections().toArray()) {
    const documents = await db.collection(name).find({}).toArray();
    places.push({ name: `collection ${name}`, text: JSON.stringify(documents) });
  }
  places.push({ name: 'logs', text: logLines.join('') });
  const found: Record<string, string[]> = {};
  for (const [label, secret] of Object.entries(secrets)) {
    const hits = places.filter((place) => place.text.includes(secret)).map((place) => place.name);
    if (hits.length > 0) found[label] = hits;
  }
  return found;
}

describe('fault suite: secrets at rest and in logs', { timeout: 120_000 }, () => {
  it('finds no secret in PostgreSQL, MongoDB or the logs, after a full journey and after disable & clear', async () => {
    const admin = await bed.t.createAdmin();
    const { companyId, publicKey, privateKey } = bed.sim.credentials;
    await connectToSimulator(bed, admin.token);
    const jumpCloudKey = jc.apiKey;
    const connected = await bed.t.graphql(
      'mutation($input: ConnectJumpCloudInput!) { connectJumpCloud(input: $input) { id } }',
      { input: { providerId: jc.providerId, apiKey: jumpCloudKey, baseUrl: jc.url, insightsBaseUrl: jc.url } },
      admin.token,
    );
    expect(connected.errors).toBeUndefined();

    const [org] = await mappedOrganizations(bed, admin.token, [12]);
    const queued = await bed.t.graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }', {}, admin.token);
    expect(await finishedRun(bed, admin.token, queued.data!.syncNow.id)).toMatchObject({ status: 'SUCCEEDED' });
    await enableTicketing(bed.t, admin.token, [{ alertType: 'USER_LOCKOUT' }]);
    const reported = await reportOne(bed.t, admin.token, { organizationId: org!.id, subject: 'jdoe@acme.test' });
    await eventWithStatus(bed.t, admin.token, reported.id, 'TICKETED');

    // Rotated keys: the new ones are verified and stored; the old ones must not linger anywhere either.
    const rotated = bed.sim.rotateKeys();
    const updated = await bed.t.graphql('mutation($input: ConnectWiseIntegrationUpdateInput!) { verifyAndUpdateConnectWiseIntegration(input: $input) { id } }', { input: rotated }, admin.token);
    expect(updated.errors).toBeUndefined();

    const secrets = {
      'ConnectWise private key': privateKey,
      'ConnectWise public key': publicKey,
      'rotated private key': rotated.privateKey,
      'rotated public key': rotated.publicKey,
      'JumpCloud API key': jumpCloudKey,
      'admin API token': admin.token,
      'Basic credential': basicCredential(companyId, { publicKey, privateKey }),
      'rotated Basic credential': basicCredential(companyId, rotated),
    };
    // The journey did log, at trace level: an empty capture would make the log scan meaningless.
    expect(logLines.some((line) => line.includes('ConnectWise request'))).toBe(true);
    expect(await findSecrets(secrets)).toEqual({});

    const disabled = await bed.t.graphql('mutation { disableConnectWiseIntegration(confirm: true) }', {}, admin.token);
    expect(disabled.errors).toBeUndefined();
    const disconnected = await bed.t.graphql('mutation { disconnectJumpCloud }', {}, admin.token);
    expect(disconnected.errors).toBeUndefined();
    expect(await findSecrets(secrets)).toEqual({});
  });
});
