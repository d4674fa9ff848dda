import { getNamedType, isObjectType, isAbstractType, isNonNullType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../../graphql/schema.js';
import { startTestApp, type TestApp } from '../../../test-support/test-app.js';
import { Role } from './roles.js';

const VIEWER = '{ viewer { id email roles provider { id name } } }';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.map((error) => error.extensions?.code);

describe('authentication', () => {
  it('refuses the viewer query without a token with UNAUTHENTICATED', async () => {
    const result = await t.graphql(VIEWER);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data ?? null).toBeNull();
  });

  it('refuses every query and mutation that takes no required argument to an anonymous caller, with or without a declared role', async () => {
    const schema = await buildAppSchema();
    const selection = (type: Parameters<typeof getNamedType>[0]) => {
      const named = getNamedType(type);
      return isObjectType(named) || isAbstractType(named) ? ' { __typename }' : '';
    };
    const operations = (['query', 'mutation'] as const).flatMap((kind) =>
      Object.values((kind === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields())
        .filter((field) => !field.args.some((arg) => isNonNullType(arg.type)))
        .map((field) => `${kind} { ${field.name}${selection(field.type)} }`),
    );
    expect(operations.length).toBeGreaterThan(10);
    for (const operation of operations) {
      const result = await t.graphql(operation);
      expect({ operation, codes: codes(result) }).toEqual({ operation, codes: ['UNAUTHENTICATED'] });
    }
  });

  it('refuses an unknown token with UNAUTHENTICATED and says why', async () => {
    const result = await t.graphql(VIEWER, {}, 'hw_not-a-real-token');
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.errors?.[0]?.message).toMatch(/unknown, revoked/);
  });

  it('returns the admin and its provider for a valid token', async () => {
    const admin = await t.createAdmin({ roles: [Role.ADMIN] });
    const result = await t.graphql<{ viewer: { id: string; email: string; roles: string[]; provider: { id: string } } }>(
      VIEWER,
      {},
      admin.token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer).toMatchObject({ id: admin.adminId, email: admin.email, roles: ['ADMIN'], provider: { id: admin.providerId } });
  });

  it('gives FORBIDDEN on the Billing-only billingTimeZone to an admin without the Billing role', async () => {
    const admin = await t.createAdmin({ roles: [Role.ADMIN] });
    const result = await t.graphql('{ viewer { provider { billingTimeZone } } }', {}, admin.token);
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });

  it('shows billingTimeZone (America/New_York by default) to a Billing admin', async () => {
    const admin = await t.createAdmin({ roles: [Role.BILLING] });
    const result = await t.graphql<{ viewer: { provider: { billingTimeZone: string } } }>(
      '{ viewer { provider { billingTimeZone } } }',
      {},
      admin.token,
    );
    expect(result.data?.viewer.provider.billingTimeZone).toBe('America/New_York');
  });
});

describe('API tokens', () => {
  it('creates a token that works at once and stops working when revoked', async () => {
    const admin = await t.createAdmin();
    const created = await t.graphql<{ createApiToken: { token: string; apiToken: { id: string; name: string } } }>(
      'mutation($name: String!) { createApiToken(name: $name) { token apiToken { id name } } }',
      { name: 'nightly script' },
      admin.token,
    );
    const { token, apiToken } = created.data!.createApiToken;
    expect(apiToken.name).toBe('nightly script');
    expect((await t.graphql(VIEWER, {}, token)).errors).toBeUndefined();

    const revoked = await t.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id }, admin.token);
    expect(revoked.errors).toBeUndefined();
    expect(codes(await t.graphql(VIEWER, {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps only a hash of each token in the database', async () => {
    const admin = await t.createAdmin();
    const rows = await t.app.orm.em.fork().execute<{ token_hash: string }[]>('select token_hash from api_tokens');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.token_hash.includes(admin.token.slice(3)))).toBe(false);
  });

  it("answers NOT_FOUND when revoking another provider's token, and leaves it working", async () => {
    const owner = await t.createAdmin();
    const other = await t.createAdmin();
    const tokens = await t.graphql<{ apiTokens: { id: string }[] }>('{ apiTokens { id } }', {}, owner.token);
    const tokenId = tokens.data!.apiTokens[0]!.id;

    const attempt = await t.graphql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: tokenId }, other.token);
    expect(codes(attempt)).toEqual(['NOT_FOUND']);
    expect((await t.graphql(VIEWER, {}, owner.token)).errors).toBeUndefined();
  });

  it('lists only tokens of the caller’s provider', async () => {
    const first = await t.createAdmin();
    await t.createAdmin();
    const tokens = await t.graphql<{ apiTokens: { id: string }[] }>('{ apiTokens { id } }', {}, first.token);
    expect(tokens.data!.apiTokens).toHaveLength(1);
  });

  it('rejects a malformed id and an empty name with BAD_USER_INPUT', async () => {
    const admin = await t.createAdmin();
    const badId = await t.graphql('mutation { revokeApiToken(id: "42") { id } }', {}, admin.token);
    expect(codes(badId)).toEqual(['BAD_USER_INPUT']);
    const emptyName = await t.graphql('mutation { createApiToken(name: "  ") { token } }', {}, admin.token);
    expect(codes(emptyName)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('error contract', () => {
  it('reports an invalid document as GRAPHQL_VALIDATION_FAILED with a request id', async () => {
    const admin = await t.createAdmin();
    const result = await t.graphql('{ viewer { nope } }', {}, admin.token);
    expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
  });
});
