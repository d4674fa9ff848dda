import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.js';
import { scopeEntityManager } from '../auth/tenant-scope.js';
import { ConnectWiseClients } from './connectwise-clients.js';
import { IntegrationHealth } from './integration-health.js';
import { ConnectWiseIntegration } from './integration.entity.js';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { finishedRun, mappedOrganizations } from '../../../test-support/sync-fixtures.js';
import { createOrganizations, enableTicketing, mapOrganization, reportOne } from '../../../test-support/ticketing-fixtures.js';

/*
 * The integration's status follows what ConnectWise says to real traffic: a 401/403 on a read, a sync or a
 * ticket marks it FAILING with what to do; the next authenticated success (or verify-and-update) clears it.
 * Its own simulator, because keys are rotated here.
 */

const bed = useConnectWiseTestBed({ companies: 6, agreementsPerCompany: 1, additionsPerAgreement: 1 }, { processJobs: true, jobsProcessEveryMs: 250 });

type Result = { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
type Health = { status: string; lastError: string | null };
const code = (result: Result) => result.errors?.[0]?.extensions?.code;
const UPDATE = `mutation($input: ConnectWiseIntegrationUpdateInput!) { verifyAndUpdateConnectWiseIntegration(input: $input) { status lastError } }`;
const TYPES = '{ companyTypes { id } }';
const COMPANIES = '{ connectWiseCompanies(first: 5) { nodes { id } } }';

async function health(token: string): Promise<Health> {
  const result = await bed.t.graphql<{ connectWiseIntegration: Health }>('{ connectWiseIntegration { status lastError } }', {}, token);
  expect(result.errors).toBeUndefined();
  return result.data!.connectWiseIntegration;
}

/** PostgreSQL's row version: it changes on every UPDATE of the row, whatever the columns. */
async function rowVersion(providerId: string): Promise<string> {
  const [row] = await bed.t.app.orm.em.fork().execute<{ xmin: string }[]>('select xmin::text as xmin from connectwise_integrations where provider_id = ?', [providerId]);
  return row!.xmin;
}

describe('integration health', () => {
  it('marks the integration FAILING when ConnectWise rejects the keys on a read, saying what to do; verify and update clears it', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    expect(await health(token)).toEqual({ status: 'CONNECTED', lastError: null });

    const rotated = bed.sim.rotateKeys();
    expect(code(await bed.t.graphql(TYPES, {}, token))).toBe('CONNECTWISE_KEYS_REJECTED');

    const failing = await health(token);
    expect(failing.status).toBe('FAILING');
    expect(failing.lastError).toMatch(/rejected the API keys \(401\) on GET company\/companies\/types/);
    expect(failing.lastError).toMatch(/Verify and update the keys/);
    expect(failing.lastError).not.toContain(rotated.privateKey);

    const updated = await bed.t.graphql<{ verifyAndUpdateConnectWiseIntegration: Health }>(UPDATE, { input: rotated }, token);
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.verifyAndUpdateConnectWiseIntegration).toEqual({ status: 'CONNECTED', lastError: null });
    expect(await health(token)).toEqual({ status: 'CONNECTED', lastError: null });
  });

  it('clears FAILING on the next call ConnectWise accepts, and writes the row only when the status changes', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const before = await rowVersion(providerId);
    expect((await bed.t.graphql(TYPES, {}, token)).errors).toBeUndefined();
    expect(await rowVersion(providerId)).toBe(before);

    const refusal = bed.sim.addFault({ path: 'company/companies/types', type: 'status', status: 401, times: 1 });
    try {
      expect(code(await bed.t.graphql(TYPES, {}, token))).toBe('CONNECTWISE_KEYS_REJECTED');
      expect((await health(token)).status).toBe('FAILING');
      const failingVersion = await rowVersion(providerId);
      // Refused again: already FAILING for that reason, nothing to write.
      bed.sim.addFault({ path: 'company/companies/types', type: 'status', status: 401, times: 1 });
      expect(code(await bed.t.graphql(TYPES, {}, token))).toBe('CONNECTWISE_KEYS_REJECTED');
      expect(await rowVersion(providerId)).toBe(failingVersion);

      expect((await bed.t.graphql(COMPANIES, {}, token)).errors).toBeUndefined();
      expect(await health(token)).toEqual({ status: 'CONNECTED', lastError: null });
    } finally {
      bed.sim.removeFault(refusal);
    }
  });

  it('names the permission a 403 lacks; only that call succeeding clears it', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    bed.sim.denyPermission({ path: 'company/companies' });
    try {
      expect(code(await bed.t.graphql(COMPANIES, {}, token))).toBe('CONNECTWISE_PERMISSION_DENIED');
      const failing = await health(token);
      expect(failing.status).toBe('FAILING');
      expect(failing.lastError).toMatch(/refused GET company\/companies \(403\): the API member's security role lacks .+\. Grant it/);

      // Another call working says nothing about the missing permission.
      expect((await bed.t.graphql(TYPES, {}, token)).errors).toBeUndefined();
      expect((await health(token)).status).toBe('FAILING');
    } finally {
      bed.sim.clearPermissionDenials();
    }
    expect((await bed.t.graphql(COMPANIES, {}, token)).errors).toBeUndefined();
    expect(await health(token)).toEqual({ status: 'CONNECTED', lastError: null });
  });

  it('marks it FAILING when a sync run fails on rejected keys, and leaves another provider alone', async () => {
    const other = await bed.t.createAdmin();
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, other.token);
    await connectToSimulator(bed, token);
    await mappedOrganizations(bed, token, [5, 7]);
    // Both providers use the same keys, so one shared client: the other's traffic goes through it too.
    expect((await bed.t.graphql(TYPES, {}, other.token)).errors).toBeUndefined();

    const rotated = bed.sim.rotateKeys();
    // The other provider moves to the new keys first: its integration is not the one refused.
    expect((await bed.t.graphql(UPDATE, { input: rotated }, other.token)).errors).toBeUndefined();
    const queued = await bed.t.graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }', {}, token);
    expect(queued.errors).toBeUndefined();
    const run = await finishedRun<{ status: string; failed: number }>(bed, token, queued.data!.syncNow.id);
    expect(run).toMatchObject({ status: 'FAILED', failed: 2 });

    await expect.poll(async () => (await health(token)).status).toBe('FAILING');
    expect((await health(token)).lastError).toMatch(/rejected the API keys \(401\).*Verify and update the keys/);
    expect(await health(other.token)).toEqual({ status: 'CONNECTED', lastError: null });
  });

  it('marks it FAILING, naming the permission, when ConnectWise refuses to create a ticket', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await createOrganizations(bed.t, token, ['Tickets Ltd']);
    await mapOrganization(bed, token, org!.id);
    await enableTicketing(bed.t, token, [{ alertType: 'USER_LOCKOUT' }]);

    bed.sim.denyPermission({ method: 'POST', path: 'service/tickets' });
    try {
      await reportOne(bed.t, token, { organizationId: org!.id });
      await expect.poll(async () => (await health(token)).status, { timeout: 10_000 }).toBe('FAILING');
      expect((await health(token)).lastError).toMatch(/refused POST service\/tickets \(403\): the API member's security role lacks Add permission for .+\. Grant it/);
    } finally {
      bed.sim.clearPermissionDenials();
    }
  });

  it('clears FAILING on a success later in the same job, whose EntityManager still holds the row as first loaded', async () => {
    const { token, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    // What a job does: one EntityManager for all its calls, the integration loaded once (CONNECTED).
    const em = scopeEntityManager(bed.t.app.orm.em.fork(), { providerId });
    const integration = await em.findOneOrFail(ConnectWiseIntegration, {});
    const tracker = new IntegrationHealth({ em: bed.t.app.orm.em, logger: createLogger('silent') });
    const clients = new ConnectWiseClients({ clientId: bed.sim.clientId, ca: bed.sim.ca, retryBaseDelayMs: 5 }, tracker);
    const use = { providerId, keysSealed: integration.privateKeySealed };
    try {
      bed.sim.addFault({ path: 'company/companies/types', type: 'status', status: 401, times: 1 });
      tracker.note(providerId, integration);
      await expect(clients.shared(bed.sim.credentials, use).companyTypes()).rejects.toMatchObject({ kind: 'unauthorized' });
      await tracker.settled();
      expect((await health(token)).status).toBe('FAILING');

      tracker.note(providerId, integration);
      await clients.shared(bed.sim.credentials, use).companyTypes();
      await tracker.settled();
      expect(await health(token)).toEqual({ status: 'CONNECTED', lastError: null });
    } finally {
      await clients.close();
    }
  });
});
