import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../shared/errors.js';
import { requireSignedInOnRootFields } from './auth-checker.js';
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
