import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../shared/errors.js';
import { Role } from '../features/auth/roles.js';
import { authorizeField, requireSignedInOnRootFields } from './auth-checker.js';
import type { Context } from './context.js';

// A resolver that forgot @Authorized: the guard still denies it to anonymous callers.
const schema = requireSignedInOnRootFields(buildSchema('type Query { secret: Secret } type Secret { value: String }'));
const rootValue = { secret: () => ({ value: 'only for admins' }) };
const run = (viewer: unknown) =>
  graphql({ schema, source: '{ secret { value } }', rootValue, contextValue: { viewer } as unknown as Context });

describe('requireSignedInOnRootFields', () => {
  it('refuses a root field without its own check to an anonymous caller with UNAUTHENTICATED', async () => {
    const result = await run(undefined);
    expect(result.data).toEqual({ secret: null });
    expect(result.errors?.map((error) => (error.originalError as AppError).code)).toEqual([ErrorCode.Unauthenticated]);
  });

  it('resolves it, and the fields below it, for a signed-in caller', async () => {
    const result = await run({ admin: { id: 'a' }, tokenId: 't', scope: { providerId: 'p' } });
    expect(result).toEqual({ data: { secret: { value: 'only for admins' } } });
  });
});

describe('authorizeField', () => {
  const viewerWith = (roles: Role[]) => ({ viewer: { admin: { id: 'a', hasRole: (role: Role) => roles.includes(role) } } }) as unknown as Context;

  it('lets an admin with the role through and refuses one without it (FORBIDDEN) or no one signed in (UNAUTHENTICATED)', () => {
    expect(authorizeField(viewerWith([Role.BILLING]), Role.BILLING)).toBe(true);
    expect(() => authorizeField(viewerWith([Role.ADMIN]), Role.BILLING)).toThrow(expect.objectContaining({ code: ErrorCode.Forbidden }));
    expect(() => authorizeField({ viewer: undefined } as Context, Role.BILLING)).toThrow(expect.objectContaining({ code: ErrorCode.Unauthenticated }));
  });
});
