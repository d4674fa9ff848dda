import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, parse, validate, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { MAX_REQUEST_BODY_BYTES, QUERY_LIMITS, queryLimitRules } from './limits.js';
import { buildAppSchema } from './schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

/** A raw POST, for the status and headers t.graphql does not show. */
async function post(body: unknown, token?: string) {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, result: (await response.json()) as ExecutionResult };
}

const codes = (result: ExecutionResult) => result.errors?.map((error) => error.extensions?.code);

const EVERY_ORGANIZATION_FIELD = `totalCount hasNextPage endCursor nodes {
  id externalId name active costPerSeat currentUserCount currentUserCountObservedAt highWatermark createdAt updatedAt
  monthlyUsage { month highWatermark syncedQuantity syncedAt }
  mapping { id companyId companyName agreementId agreementName additionId additionName needsAttention lastSyncStatus lastSyncedAt lastError createdAt updatedAt }
}`;

describe('query limits', () => {
  it('refuses a document nested deeper than the depth limit with QUERY_TOO_DEEP', async () => {
    // The schema has no cycles; introspection's `ofType` is the classic way down.
    const query = `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(8)}name${' }'.repeat(8)} } } } }`;
    const { status, result } = await post({ query });
    expect(status).toBe(400);
    expect(codes(result)).toEqual(['QUERY_TOO_DEEP']);
    expect(result.errors![0]!.extensions).toMatchObject({ limit: QUERY_LIMITS.maxDepth, requestId: expect.any(String) });
    expect(result.errors![0]!.message).toMatch(/depth limit of 10 exceeded/);
  });

  it('refuses an alias bomb with QUERY_TOO_MANY_ALIASES', async () => {
    const admin = await t.createAdmin();
    const query = `{ ${Array.from({ length: 500 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`;
    const { status, result } = await post({ query }, admin.token);
    expect(status).toBe(400);
    expect(codes(result)).toEqual(['QUERY_TOO_MANY_ALIASES']);
    expect(result.errors![0]!.extensions?.limit).toBe(QUERY_LIMITS.maxAliases);
    expect(result.data).toBeUndefined();
  });

  it('refuses a document over the token limit with QUERY_TOO_MANY_TOKENS, before parsing all of it', async () => {
    const { status, result } = await post({ query: `{ ${'__typename '.repeat(QUERY_LIMITS.maxTokens)} }` });
    expect(status).toBe(400);
    expect(codes(result)).toEqual(['QUERY_TOO_MANY_TOKENS']);
    expect(result.errors![0]!.extensions?.limit).toBe(QUERY_LIMITS.maxTokens);
  });

  it('refuses two full 1,000-organization pages in one query with QUERY_TOO_COSTLY', async () => {
    const admin = await t.createAdmin();
    const page = `organizations(first: 1000) { ${EVERY_ORGANIZATION_FIELD} }`;
    const { status, result } = await post({ query: `{ a: ${page} b: ${page} }` }, admin.token);
    expect(status).toBe(400);
    expect(codes(result)).toEqual(['QUERY_TOO_COSTLY']);
    expect(result.errors![0]!.extensions?.limit).toBe(QUERY_LIMITS.maxCost);
  });

  it('runs the largest legitimate requests: 10,000 user counts in one call, then every field of 1,000 organizations', async () => {
    const admin = await t.createAdmin();
    const organizations = Array.from({ length: 1000 }, (_, i) => ({ externalId: `limits-${i}`, name: `Limits Organization ${i}`, costPerSeat: 8.5 }));
    const upserted = await t.graphql<{ upsertOrganizations: { id: string }[] }>(
      'mutation($o: [OrganizationInput!]!) { upsertOrganizations(organizations: $o) { id } }',
      { o: organizations },
      admin.token,
    );
    expect(upserted.errors).toBeUndefined();
    const ids = upserted.data!.upsertOrganizations.map((organization) => organization.id);

    // The shape bench:usage sends (by organization id), ten samples per organization.
    const now = Date.now();
    const counts = Array.from({ length: 10_000 }, (_, n) => ({
      organizationId: ids[n % ids.length],
      count: (n * 7) % 500,
      observedAt: new Date(now - Math.floor(n / ids.length) * 60_000).toISOString(),
    }));
    const body = { query: 'mutation($c: [UserCountInput!]!) { recordUserCounts(counts: $c) { recorded } }', variables: { c: counts } };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(1024 * 1024);
    const recorded = await post(body, admin.token);
    expect(recorded.result).toEqual({ data: { recordUserCounts: { recorded: 10_000 } } });

    const { status, result } = await post({ query: `{ organizations(first: 1000) { ${EVERY_ORGANIZATION_FIELD} } }` }, admin.token);
    expect(status).toBe(200);
    expect(result.errors).toBeUndefined();
    const page = result.data!.organizations as { totalCount: number; nodes: { highWatermark: number | null }[] };
    expect(page.totalCount).toBe(1000);
    expect(page.nodes).toHaveLength(1000);
    expect(page.nodes.every((node) => node.highWatermark !== null)).toBe(true);
  });

  it("lets every document of the admin app through (parsed and validated as the server does)", async () => {
    // The generated map of the web app's operations: each key is one document's source, as JSON.
    const generated = readFileSync(new URL('../../../web/src/gql/gql.ts', import.meta.url), 'utf8');
    const documents = new Set([...generated.matchAll(/^ {4}("(?:[^"\\]|\\.)*"): typeof types\.\w+,$/gm)].map((match) => JSON.parse(match[1]!) as string));
    expect(documents.size).toBeGreaterThan(20);
    const schema = await buildAppSchema();
    const rules = queryLimitRules();
    for (const source of documents) {
      const errors = validate(schema, parse(source, { maxTokens: QUERY_LIMITS.maxTokens }), rules);
      expect(errors.map((error) => error.message), source).toEqual([]);
    }
  });
});

describe('request body', () => {
  it(`answers a body over ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MB with 413 and a GraphQL error`, async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const result = (await response.json()) as ExecutionResult;
    expect(codes(result)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(result.errors![0]!.extensions).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      maxBytes: MAX_REQUEST_BODY_BYTES,
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('answers a body that is not JSON with 400 and a GraphQL error', async () => {
    const { status, result } = await post('{"query": "{ __typename }"');
    expect(status).toBe(400);
    expect(codes(result)).toEqual(['BAD_REQUEST']);
  });

  it("keeps Apollo's CSRF prevention: a GET without a preflight header is refused", async () => {
    const response = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });
});

describe('what callers who are not signed in learn about the schema', () => {
  it('refuses introspection without a token with UNAUTHENTICATED (401)', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Organization") { fields { name } } }']) {
      const { status, headers, result } = await post({ query });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer');
      expect(codes(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.errors![0]!.message).toMatch(/introspection needs a signed-in admin/);
      expect(result.data).toBeUndefined();
    }
  });

  it('says why when the token is revoked or unknown', async () => {
    const { result } = await post({ query: '{ __schema { queryType { name } } }' }, 'hw_not-a-real-token');
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.errors![0]!.message).toMatch(/unknown, revoked/);
  });

  it('answers __typename without a token', async () => {
    const { status, result } = await post({ query: '{ __typename }' });
    expect(status).toBe(200);
    expect(result).toEqual({ data: { __typename: 'Query' } });
  });

  it('lets a signed-in admin run the full introspection query', async () => {
    const admin = await t.createAdmin();
    const { status, result } = await post({ query: getIntrospectionQuery() }, admin.token);
    expect(status).toBe(200);
    expect(result.errors).toBeUndefined();
    const types = (result.data!.__schema as { types: { name: string }[] }).types.map((type) => type.name);
    expect(types).toContain('Organization');
  });

  it('hides "Did you mean" suggestions without a token and shows them to a signed-in admin', async () => {
    const query = '{ viewr { id } }';
    const anonymous = await post({ query });
    expect(codes(anonymous.result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(anonymous.result.errors![0]!.message).toBe('Cannot query field "viewr" on type "Query".');

    const admin = await t.createAdmin();
    const signedIn = await post({ query }, admin.token);
    expect(signedIn.result.errors![0]!.message).toBe('Cannot query field "viewr" on type "Query". Did you mean "viewer"?');
  });

  it('hides enum value suggestions in variables too', async () => {
    const query = 'query($outcome: SyncOutcome) { syncRun(id: "x") { results(outcome: $outcome) { totalCount } } }';
    const { result } = await post({ query, variables: { outcome: 'FAILD' } });
    expect(result.errors![0]!.message).toMatch(/^Variable "\$outcome" got invalid value "FAILD"/);
    expect(result.errors![0]!.message).not.toMatch(/Did you mean/);
  });
});
