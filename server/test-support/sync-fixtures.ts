import type { ConnectWiseTestBed } from './connectwise-app.js';

export interface MappedOrganization {
  id: string;
  name: string;
  agreementId: number;
  additionId: number;
}

/**
 * `count` organizations for the admin's provider, each mapped (through the API, as an admin would)
 * to its own addition in the simulator, with user counts recorded this month.
 */
export async function mappedOrganizations(bed: ConnectWiseTestBed, token: string, counts: number[], costPerSeat = 8.5): Promise<MappedOrganization[]> {
  const { t, sim } = bed;
  const stamp = Date.now().toString(36);
  const created = await t.graphql<{ upsertOrganizations: { id: string; name: string }[] }>(
    'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id name } }',
    { o: counts.map((_, i) => ({ externalId: `org-${stamp}-${i}`, name: `Org ${stamp} ${String(i).padStart(3, '0')}`, costPerSeat })) },
    token,
  );
  const organizations = created.data!.upsertOrganizations;
  const liveAgreements = new Set(sim.data.agreements.filter((agreement) => agreement.agreementStatus === 'Active').map((agreement) => agreement.id));
  const free = sim.data.additions.filter((addition) => !addition.cancelledDate && liveAgreements.has(addition.agreementId) && !usedAdditions.has(addition.id));
  if (free.length < counts.length) throw new Error(`the simulator has ${free.length} free additions, ${counts.length} needed`);
  const mappings = organizations.map((organization, i) => {
    const addition = free[i]!;
    usedAdditions.add(addition.id);
    const agreement = sim.data.agreements.find((candidate) => candidate.id === addition.agreementId)!;
    return { organizationId: organization.id, companyId: agreement.company.id, agreementId: agreement.id, additionId: addition.id };
  });
  const saved = await t.graphql('mutation($m: [MappingInput!]!) { saveMappings(mappings: $m) { id } }', { m: mappings }, token);
  if (saved.errors) throw new Error(JSON.stringify(saved.errors));
  const observedAt = new Date(Date.now() - 60_000).toISOString();
  const recorded = await t.graphql(
    'mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }',
    { c: organizations.map((organization, i) => ({ organizationId: organization.id, count: counts[i]!, observedAt })).filter((item) => item.count >= 0) },
    token,
  );
  if (recorded.errors) throw new Error(JSON.stringify(recorded.errors));
  return organizations.map((organization, i) => ({ ...organization, agreementId: mappings[i]!.agreementId, additionId: mappings[i]!.additionId }));
}

/** Additions handed out in this test process, so each test maps fresh ones. */
const usedAdditions = new Set<number>();

export const RUN_FIELDS = 'id status trigger month total updated unchanged skipped failed attempts error startedAt finishedAt';

/** Polls the run until it is no longer queued or running. */
export async function finishedRun<T extends { status: string }>(bed: ConnectWiseTestBed, token: string, runId: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await bed.t.graphql<{ syncRun: T }>(`query($id: ID!) { syncRun(id: $id) { ${RUN_FIELDS} } }`, { id: runId }, token);
    const run = result.data?.syncRun;
    if (run && run.status !== 'QUEUED' && run.status !== 'RUNNING') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
