import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { locatedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatError, isUnexpected } from './errors.js';

/** What PostgreSQL (via pg) reports for a duplicate key: the SQL and the values are in it. */
function duplicateKeyError(): Error & { code: string } {
  const error = new Error(
    `insert into "organizations" ("external_id", "name") values ('jc-secret-42', 'Acme') - duplicate key value violates unique constraint "organizations_provider_id_external_id_unique"`,
  ) as Error & { code: string; detail: string };
  error.code = '23505';
  error.detail = 'Key (provider_id, external_id)=(…, jc-secret-42) already exists.';
  return error;
}

/** As Apollo hands a resolver's error to formatError. */
function fromResolver(original: Error) {
  const error = locatedError(original, undefined, ['upsertOrganizations']);
  return { formatted: error.toJSON(), error };
}

describe('formatError', () => {
  it('answers a unique violation from the ORM as CONFLICT, without the SQL or the values', () => {
    const { formatted, error } = fromResolver(new UniqueConstraintViolationException(duplicateKeyError()));
    const answer = formatError(formatted, error);
    expect(answer.extensions).toEqual({ code: 'CONFLICT' });
    expect(answer.message).toBe('another request saved the same thing at the same time; nothing was saved by this one: reload and try again');
    expect(answer.path).toEqual(['upsertOrganizations']);
    expect(JSON.stringify(answer)).not.toMatch(/insert|jc-secret-42|organizations_provider/);
    expect(isUnexpected(answer)).toBe(false);
  });

  it('answers a unique violation from raw SQL (SQLSTATE 23505) the same way', () => {
    const { formatted, error } = fromResolver(duplicateKeyError());
    expect(formatError(formatted, error)).toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('still masks other database errors as internal', () => {
    const other = Object.assign(new Error('relation "nope" does not exist'), { code: '42P01' });
    const { formatted, error } = fromResolver(other);
    expect(formatError(formatted, error)).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
