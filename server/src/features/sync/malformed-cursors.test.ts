import { describe, expect, it } from 'vitest';
import { connectToSimulator, useConnectWiseTestBed } from '../../../test-support/connectwise-app.js';
import { encodeCursor } from '../../shared/pagination.js';

const bed = useConnectWiseTestBed({ companies: [{ name: 'ACME Inc', typeNames: ['Customer'] }] });

type Result = { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const refusal = (result: Result) => ({ code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field });
const forged = (...values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

const ID = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const NOW = new Date().toISOString();
/** Cursors a careless script or an attacker might send: wrong shapes, wrong types, values SQL would choke on. */
const NOT_A_CURSOR = ['WyJhYmMiXQ', '%%%', 'e30', forged(), forged(null)];
const ONE_NUMBER = [forged(-1), forged(1.5), forged('7'), forged(1e300), forged(null)];
const DATE_AND_ID = [
  forged(NOW, 'not-a-uuid'),
  forged('yesterday', ID),
  forged('0000-13-45T00:00:00.000Z', ID),
  forged('2026-02-30T00:00:00.000Z', ID),
  forged('0000-01-01T00:00:00.000Z', ID),
  forged('1999-12-31T23:59:59.999Z', ID),
  forged(Date.now(), ID),
  forged(NOW, ID, 'extra'),
];
const NAME_AND_ID = [forged('Acme', 'not-a-uuid'), forged('a\u0000b', ID), forged('\ud800', ID), forged(42, ID)];

describe('pagination cursors are validated', () => {
  it('refuses a malformed cursor on a sync run’s results as after, not an internal error', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const run = await bed.t.graphql<{ syncNow: { id: string } }>('mutation { syncNow { id } }', {}, token);
    const runId = run.data!.syncNow.id;
    for (const after of [...NOT_A_CURSOR, ...ONE_NUMBER, forged(ID)]) {
      const result = await bed.t.graphql('query($id: ID!, $after: String) { syncRun(id: $id) { results(after: $after) { totalCount } } }', { id: runId, after }, token);
      expect(refusal(result), after).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const fine = await bed.t.graphql('query($id: ID!, $after: String) { syncRun(id: $id) { results(after: $after) { totalCount } } }', { id: runId, after: encodeCursor([0]) }, token);
    expect(fine.errors).toBeUndefined();
  });

  it('refuses a bad date or id in the cursors of sync runs, the audit log and alert events', async () => {
    const { token } = await bed.t.createAdmin();
    const lists = ['syncRuns(after: $after) { totalCount }', 'auditLog(after: $after) { totalCount }', 'alertEvents(after: $after) { totalCount }'];
    for (const list of lists) {
      for (const after of [...NOT_A_CURSOR, ...DATE_AND_ID]) {
        const result = await bed.t.graphql(`query($after: String) { ${list} }`, { after }, token);
        expect(refusal(result), `${list} ${after}`).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
      }
      for (const after of [encodeCursor([NOW, ID]), encodeCursor(['9999-12-31T23:59:59.999Z', ID])]) {
        const fine = await bed.t.graphql(`query($after: String) { ${list} }`, { after }, token);
        expect(fine.errors, `${list} ${after}`).toBeUndefined();
      }
    }
  });

  it('refuses a bad name or id in an organizations cursor, and still pages with its own cursors', async () => {
    const { token } = await bed.t.createAdmin();
    for (const after of [...NOT_A_CURSOR, ...NAME_AND_ID]) {
      const result = await bed.t.graphql('query($after: String) { organizations(after: $after) { totalCount } }', { after }, token);
      expect(refusal(result), after).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    await bed.t.graphql(
      'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }',
      { o: ['Beta', 'Alpha', 'Gamma'].map((name) => ({ externalId: name, name, costPerSeat: 1 })) },
      token,
    );
    const names: string[] = [];
    let after: string | undefined;
    do {
      const page = await bed.t.graphql<{ organizations: { nodes: { name: string }[]; endCursor?: string; hasNextPage: boolean } }>(
        'query($after: String) { organizations(first: 1, after: $after) { nodes { name } endCursor hasNextPage } }',
        { after },
        token,
      );
      names.push(...page.data!.organizations.nodes.map((node) => node.name));
      after = page.data!.organizations.hasNextPage ? page.data!.organizations.endCursor : undefined;
    } while (after);
    expect(names).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('refuses a bad ConnectWise companies cursor without asking ConnectWise for page NaN', async () => {
    const { token } = await bed.t.createAdmin();
    await connectToSimulator(bed, token);
    const before = bed.sim.requests.length;
    for (const after of [...NOT_A_CURSOR, ...ONE_NUMBER, forged(0)]) {
      const result = await bed.t.graphql('query($after: String) { connectWiseCompanies(after: $after) { hasNextPage } }', { after }, token);
      expect(refusal(result), after).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const pages = bed.sim.requests.slice(before).map((request) => request.query.page).filter((page) => page !== undefined);
    expect(pages).toEqual([]);
    const second = await bed.t.graphql('query($after: String) { connectWiseCompanies(after: $after) { hasNextPage } }', { after: encodeCursor([1]) }, token);
    expect(second.errors).toBeUndefined();
    expect(bed.sim.requests.at(-1)!.query.page).toBe('2');
  });
});
