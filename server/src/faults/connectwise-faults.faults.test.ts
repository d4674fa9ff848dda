import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../test-support/connectwise-app.js';
import { finishedRun, mappedOrganizations, RUN_FIELDS } from '../../test-support/sync-fixtures.js';

/*
 * Fault suite, ConnectWise misbehaving during a billing sync: 429 storms, 5xx bursts, requests that
 * hang past the client's timeout, malformed JSON, and keys rotated in ConnectWise behind our back. Every
 * organization must end UPDATED or UNCHANGED (and ConnectWise really hold the value) or FAILED with a
 * reason: nothing silently skipped, nothing lost.
 */

// A short client timeout, so hangs past it cost seconds, not minutes.
const bed = useConnectWiseTestBed(
  { companies: 30, agreementsPerCompany: 1, additionsPerAgreement: 1 },
  {
    processJobs: true,
    jobsProcessEveryMs: 250,
    // Read when the test bed starts the app, after its simulator is up.
    get connectWise() {
      return { clientId: bed.sim.clientId, ca: bed.sim.ca, retryBaseDelayMs: 5, timeoutMs: 2_000, maxRequestsPerMinute: 100_000 };
    },
  },
);

interface Run {
  id: string;
  status: string;
  total: number;
  updated: number;
  failed: number;
  skipped: number;
}
interface Result {
  organizationName: string;
  outcome: string;
  reason: string | null;
  errorKind: string | null;
  additionId: number;
  newQuantity: number | null;
}

async function syncAndWait(token: string): Promise<{ run: Run; results: Result[] }> {
  const queued = await bed.t.graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }', {}, token);
  expect(queued.errors).toBeUndefined();
  const run = await finishedRun<Run>(bed, token, queued.data!.syncNow.id, 90_000);
  const read = await bed.t.graphql<{ syncRun: { results: { nodes: Result[] } } }>(
    `query($id: ID!) { syncRun(id: $id) { ${RUN_FIELDS} results(first: 1000) { nodes { organizationName outcome reason errorKind additionId newQuantity } } } }`,
    { id: run.id },
    token,
  );
  return { run, results: read.data!.syncRun.results.nodes };
}

describe('fault suite: ConnectWise faults during a sync', { timeout: 180_000 }, () => {
  it('ends every organization UPDATED/UNCHANGED or FAILED with a reason through 429 storms, 5xx bursts, hangs and malformed JSON; then a 401 after key rotation fails them all, with the reason', async ({ task }) => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const counts = Array.from({ length: 24 }, (_, i) => 10 + i);
    const orgs = await mappedOrganizations(bed, token, counts);

    const faults = [
      bed.sim.addFault({ name: '429 storm', path: 'finance/**', type: 'rate-limit', limit: 15, windowMs: 2_000, retryAfterSeconds: 1 }),
      bed.sim.addFault({ name: '5xx burst', path: 'finance/**', type: 'status', status: 503, probability: 0.2 }),
      bed.sim.addFault({ name: 'hang', method: 'GET', path: 'finance/**', type: 'hang', times: 2 }),
      bed.sim.addFault({ name: 'malformed', method: 'GET', path: 'finance/**', type: 'malformed-json', times: 3 }),
    ];
    let outcome: { run: Run; results: Result[] };
    let fired: Record<string, number>;
    try {
      outcome = await syncAndWait(token);
      fired = Object.fromEntries(bed.sim.faults.filter((fault) => faults.includes(fault.id)).map((fault) => [fault.fault.name, fault.fired]));
    } finally {
      for (const fault of faults) bed.sim.removeFault(fault);
    }
    // Each kind of fault really happened during the run.
    for (const name of ['429 storm', '5xx burst', 'hang', 'malformed']) expect(fired[name], name).toBeGreaterThan(0);
    const { run, results } = outcome;

    // No organization lost or skipped: each has exactly one result, updated or failed with a reason,
    // and what the results say is true in ConnectWise.
    const named = new Set(results.map((result) => result.organizationName));
    const untrue = results.filter((result) => result.outcome !== 'FAILED' && bed.sim.data.additions.find((addition) => addition.id === result.additionId)?.quantity !== result.newQuantity);
    task.meta.dataLost = orgs.filter((org) => !named.has(org.name)).length + untrue.length;
    task.meta.duplicates = results.length - named.size;
    expect(results.map((result) => result.organizationName).sort()).toEqual(orgs.map((org) => org.name).sort());
    expect(untrue).toEqual([]);
    expect(run.skipped).toBe(0);
    for (const result of results) {
      if (result.outcome === 'FAILED') expect(result.reason, result.organizationName).toMatch(/\S/);
      else expect(['UPDATED', 'UNCHANGED'], result.organizationName).toContain(result.outcome);
    }
    expect(['SUCCEEDED', 'PARTIAL']).toContain(run.status);
    expect(run.total).toBe(24);

    // Keys rotated in ConnectWise, not here: every organization fails, saying the keys were rejected.
    bed.sim.rotateKeys();
    const rejected = await syncAndWait(token);
    expect(rejected.run).toMatchObject({ status: 'FAILED', total: 24, failed: 24, skipped: 0 });
    expect(new Set(rejected.results.map((result) => result.errorKind))).toEqual(new Set(['unauthorized']));
    for (const result of rejected.results) expect(result.reason).toMatch(/key/i);
  });
});
