import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../../test-support/sync-fixtures.js';
import { Role } from '../auth/roles.js';

const bed = useConnectWiseTestBed({ companies: 30, agreementsPerCompany: 1, additionsPerAgreement: 2 }, { processJobs: true, jobsProcessEveryMs: 250 });

type Run = { id: string; status: string; total: number; updated: number; unchanged: number; skipped: number; failed: number };
type Result = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const code = (result: Result) => result.errors?.[0]?.extensions?.code;
const SYNC_NOW = `mutation($ids: [ID!]) { syncNow(organizationIds: $ids) { ${RUN_FIELDS} } }`;
const RESULTS = `query($id: ID!, $outcome: SyncOutcome) { syncRun(id: $id) { results(outcome: $outcome) { totalCount nodes {
  organizationName outcome previousQuantity newQuantity previousUnitCost newUnitCost reason errorKind drift } } } }`;

type ResultRow = { organizationName: string; outcome: string; previousQuantity: number | null; newQuantity: number | null; newUnitCost: number | null; reason: string | null; errorKind: string | null; drift: string | null };

async function syncNow(token: string, ids?: string[]): Promise<Run> {
  const started = await bed.t.graphql<{ syncNow: Run }>(SYNC_NOW, { ids }, token);
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  return finishedRun<Run>(bed, token, started.data!.syncNow.id);
}

async function results(token: string, runId: string, outcome?: string): Promise<ResultRow[]> {
  const response = await bed.t.graphql<{ syncRun: { results: { nodes: ResultRow[] } } }>(RESULTS, { id: runId, outcome }, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.syncRun.results.nodes;
}

const addition = (id: number) => bed.sim.data.additions.find((candidate) => candidate.id === id)!;

describe('billing sync', () => {
  it("writes the month's high watermark as the quantity and the cost per seat as the unit cost, with whole-field JSON Patch", async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, [12, 30], 7.25);
    const patchesBefore = bed.sim.patches.length;

    const run = await syncNow(token);
    expect(run).toMatchObject({ error: null, status: "SUCCEEDED", total: 2, updated: 2, failed: 0 });
    expect(addition(orgs[0]!.additionId)).toMatchObject({ quantity: 12, unitCost: 7.25 });
    expect(addition(orgs[1]!.additionId)).toMatchObject({ quantity: 30, unitCost: 7.25 });
    const patches = bed.sim.patches.slice(patchesBefore);
    expect(patches).toHaveLength(2);
    expect(JSON.stringify(patches[0])).toMatch(/"op":"replace","path":"\/?quantity"/);

    const mapping = await bed.t.graphql<{ organization: { mapping: { lastSyncStatus: string; lastSyncedAt: string } } }>(
      'query($id: ID!) { organization(id: $id) { mapping { lastSyncStatus lastSyncedAt } } }',
      { id: orgs[0]!.id },
      token,
    );
    expect(mapping.data!.organization.mapping.lastSyncStatus).toBe('updated');
  });

  it('leaves an addition that already holds the right values alone (no PATCH), and reports drift from edits by hand', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await mappedOrganizations(bed, token, [9]);
    await syncNow(token);

    const patchesBefore = bed.sim.patches.length;
    const again = await syncNow(token);
    expect(again).toMatchObject({ status: 'SUCCEEDED', unchanged: 1, updated: 0 });
    expect(bed.sim.patches.length).toBe(patchesBefore);

    addition(org!.additionId).quantity = 4; // someone edits the addition in ConnectWise
    const corrected = await syncNow(token);
    const [row] = await results(token, corrected.id);
    expect(row).toMatchObject({ outcome: 'UPDATED', previousQuantity: 4, newQuantity: 9 });
    expect(row!.drift).toMatch(/ConnectWise held 4, but highwater last wrote 9/);
    expect(addition(org!.additionId).quantity).toBe(9);
  });

  it('fails a cancelled or missing addition with a clear reason and flags the mapping; skips orgs without counts', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [cancelled, missing, fine, noCounts] = await mappedOrganizations(bed, token, [5, 6, 7, -1]);
    addition(cancelled!.additionId).cancelledDate = '2026-01-31T00:00:00Z';
    bed.sim.data.additions = bed.sim.data.additions.filter((candidate) => candidate.id !== missing!.additionId);

    const run = await syncNow(token);
    expect(run).toMatchObject({ status: 'PARTIAL', total: 4, updated: 1, failed: 2, skipped: 1 });
    const rows = await results(token, run.id);
    const byName = Object.fromEntries(rows.map((row) => [row.organizationName, row]));
    expect(byName[cancelled!.name]).toMatchObject({ outcome: 'FAILED', errorKind: 'cancelled', reason: expect.stringMatching(/cancelled in ConnectWise/) });
    expect(byName[missing!.name]).toMatchObject({ outcome: 'FAILED', errorKind: 'not-found', reason: 'the product addition no longer exists in ConnectWise' });
    expect(byName[fine!.name]).toMatchObject({ outcome: 'UPDATED' });
    expect(byName[noCounts!.name]).toMatchObject({ outcome: 'SKIPPED', reason: 'no user count was recorded this month' });
    const flagged = await bed.t.graphql<{ organization: { mapping: { needsAttention: boolean; lastError: string } } }>(
      'query($id: ID!) { organization(id: $id) { mapping { needsAttention lastError } } }',
      { id: cancelled!.id },
      token,
    );
    expect(flagged.data!.organization.mapping.needsAttention).toBe(true);
  });

  it('fails only the organizations whose addition cannot be read or whose agreement is no longer Active, with the reason', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [noQuantity, expired, unreadable, fine] = await mappedOrganizations(bed, token, [5, 6, 7, 8]);
    addition(noQuantity!.additionId).quantity = null;
    bed.sim.data.agreements.find((agreement) => agreement.id === expired!.agreementId)!.agreementStatus = 'Expired';
    // Off the spec (product is required, quantity a number), as real data sometimes is.
    const fault = bed.sim.addFault({
      method: 'GET',
      path: `finance/agreements/${unreadable!.agreementId}/additions/${unreadable!.additionId}`,
      type: 'respond',
      body: { id: unreadable!.additionId, quantity: 'seven', billCustomer: 'Billable' },
    });
    try {
      const preview = await bed.t.graphql<{ previewSync: { organizationName: string; outcome: string; previousQuantity: number | null; reason: string | null }[] }>(
        '{ previewSync { organizationName outcome previousQuantity newQuantity reason } }',
        {},
        token,
      );
      expect(preview.data!.previewSync.find((row) => row.organizationName === noQuantity!.name)).toMatchObject({ outcome: 'UPDATED', previousQuantity: null });

      const run = await syncNow(token);
      expect(run).toMatchObject({ status: 'PARTIAL', total: 4, updated: 2, failed: 2 });
      const byName = Object.fromEntries((await results(token, run.id)).map((row) => [row.organizationName, row]));
      expect(byName[noQuantity!.name]).toMatchObject({ outcome: 'UPDATED', previousQuantity: null, newQuantity: 5 });
      expect(byName[expired!.name]).toMatchObject({
        outcome: 'FAILED',
        errorKind: 'agreement-not-active',
        reason: 'the agreement is Expired in ConnectWise: only Active agreements are synced',
      });
      expect(byName[unreadable!.name]).toMatchObject({ outcome: 'FAILED', errorKind: 'bad-response' });
      expect(byName[unreadable!.name]!.reason).toMatch(new RegExp(`product addition ${unreadable!.additionId} could not be read \\(.*product: .*quantity: `));
      expect(byName[unreadable!.name]!.reason).not.toContain('seven');
      expect(byName[fine!.name]).toMatchObject({ outcome: 'UPDATED', newQuantity: 8 });
      expect(addition(noQuantity!.additionId).quantity).toBe(5);
      expect(addition(expired!.additionId).quantity).not.toBe(6);

      const mapping = await bed.t.graphql<{ organization: { mapping: { needsAttention: boolean; lastError: string } } }>(
        'query($id: ID!) { organization(id: $id) { mapping { needsAttention lastError } } }',
        { id: expired!.id },
        token,
      );
      expect(mapping.data!.organization.mapping).toEqual({ needsAttention: true, lastError: 'the agreement is Expired in ConnectWise: only Active agreements are synced' });
    } finally {
      bed.sim.removeFault(fault);
    }
  });

  it('ends PARTIAL with per-org errors when ConnectWise keeps failing for some, losing no organization', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const orgs = await mappedOrganizations(bed, token, [3, 4, 5, 6]);
    const fault = bed.sim.addFault({ method: 'PATCH', path: `finance/agreements/${orgs[1]!.agreementId}/additions/${orgs[1]!.additionId}`, type: 'status', status: 503 });
    try {
      const run = await syncNow(token);
      expect(run).toMatchObject({ status: 'PARTIAL', total: 4, updated: 3, failed: 1 });
      const failed = await results(token, run.id, 'FAILED');
      expect(failed).toEqual([expect.objectContaining({ organizationName: orgs[1]!.name, errorKind: 'upstream' })]);
    } finally {
      bed.sim.removeFault(fault);
    }
  });

  it('records every organization of a run larger than one write batch', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    bed.sim.seed({ companies: 70, types: ['Customer'], agreementsPerCompany: 1, additionsPerAgreement: 2 });
    const orgs = await mappedOrganizations(bed, token, Array.from({ length: 130 }, (_, i) => 1 + (i % 40)));
    const run = await syncNow(token);
    expect(run).toMatchObject({ status: 'SUCCEEDED', total: 130, failed: 0 });
    expect(run.updated + run.unchanged).toBe(130);
    const listed = await bed.t.graphql<{ syncRun: { results: { totalCount: number } } }>('query($id: ID!) { syncRun(id: $id) { results { totalCount } } }', { id: run.id }, token);
    expect(listed.data!.syncRun.results.totalCount).toBe(130);
    expect(orgs.every((org, i) => addition(org.additionId).quantity === 1 + (i % 40))).toBe(true);
  }, 60_000);

  it('previews what would change without writing anything', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const [org] = await mappedOrganizations(bed, token, [21]);
    const before = { patches: bed.sim.patches.length, quantity: addition(org!.additionId).quantity };
    const preview = await bed.t.graphql<{ previewSync: { organizationName: string; outcome: string; previousQuantity: number; newQuantity: number }[] }>(
      '{ previewSync { organizationName outcome previousQuantity newQuantity newUnitCost } }',
      {},
      token,
    );
    expect(preview.data!.previewSync).toEqual([expect.objectContaining({ organizationName: org!.name, outcome: 'UPDATED', previousQuantity: before.quantity, newQuantity: 21 })]);
    expect(bed.sim.patches.length).toBe(before.patches);
    const runs = await bed.t.graphql<{ syncRuns: { totalCount: number } }>('{ syncRuns { totalCount } }', {}, token);
    expect(runs.data!.syncRuns.totalCount).toBe(0);
  });

  it('shows who asked for a run, in the Sync now answer and to every admin of the provider', async () => {
    const { token, email, providerId } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    await mappedOrganizations(bed, token, [3]);
    const started = await bed.t.graphql<{ syncNow: { id: string; requestedBy: { email: string } } }>('mutation { syncNow { id requestedBy { email } } }', {}, token);
    expect(started.data?.syncNow.requestedBy.email).toBe(email);
    await finishedRun(bed, token, started.data!.syncNow.id);

    const viewer = await bed.t.graphql<{ viewer: { provider: { name: string } } }>('{ viewer { provider { name } } }', {}, token);
    const colleague = await bed.t.createAdmin({ providerName: viewer.data!.viewer.provider.name });
    const runs = await bed.t.graphql<{ syncRuns: { nodes: { requestedBy: { email: string; createdAt: string; provider: { id: string } } }[] } }>(
      '{ syncRuns(first: 5) { nodes { requestedBy { email createdAt provider { id } } } } }',
      {},
      colleague.token,
    );
    expect(runs.errors).toBeUndefined();
    expect(runs.data?.syncRuns.nodes.map((run) => run.requestedBy)).toEqual([{ email, createdAt: expect.stringMatching(/^\d{4}-/), provider: { id: providerId } }]);
  });

  it('returns the running run to a second Sync now instead of starting another', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    await mappedOrganizations(bed, token, [1, 2]);
    const slow = bed.sim.addFault({ path: 'finance/agreements/*/additions/*', type: 'latency', ms: 300 });
    try {
      const first = await bed.t.graphql<{ syncNow: Run }>(SYNC_NOW, {}, token);
      const second = await bed.t.graphql<{ syncNow: Run }>(SYNC_NOW, {}, token);
      expect(second.data!.syncNow.id).toBe(first.data!.syncNow.id);
      await finishedRun(bed, token, first.data!.syncNow.id);
    } finally {
      bed.sim.removeFault(slow);
    }
  });

  it('streams every result in order, then the final status, over graphql-ws', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    await mappedOrganizations(bed, token, Array.from({ length: 30 }, (_, i) => i + 1));
    const client = createClient({ url: bed.t.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const events: { run: { id: string; status: string }; results: { organizationName: string }[] }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<{ syncRunUpdated: (typeof events)[number] }>(
        { query: 'subscription { syncRunUpdated { run { id status total updated } results { organizationName outcome } } }' },
        {
          next: ({ data }) => {
            events.push(data!.syncRunUpdated);
            if (['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(data!.syncRunUpdated.run.status)) resolve();
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription register
    const started = await bed.t.graphql<{ syncNow: Run }>(SYNC_NOW, {}, token);
    await done;
    await client.dispose();

    const streamed = events.flatMap((event) => event.results.map((result) => result.organizationName));
    const stored = (await results(token, started.data!.syncNow.id)).map((row) => row.organizationName);
    expect(streamed).toEqual(stored);
    expect(streamed).toHaveLength(30);
    expect(events.at(-1)!.run.status).toBe('SUCCEEDED');
  });

  it('is Billing-only and never shows another provider’s runs', async () => {
    const owner = await bed.t.createAdmin();
    await connectToSimulator(bed, owner.token);
    await mappedOrganizations(bed, owner.token, [2]);
    const run = await syncNow(owner.token);
    const notBilling = await bed.t.createAdmin({ roles: [Role.ADMIN] });
    expect(code(await bed.t.graphql('{ syncRuns { totalCount } }', {}, notBilling.token))).toBe('FORBIDDEN');
    const other = await bed.t.createAdmin();
    expect(code(await bed.t.graphql('query($id: ID!) { syncRun(id: $id) { id } }', { id: run.id }, other.token))).toBe('NOT_FOUND');
  });
});
