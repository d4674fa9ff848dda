import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { describeActionableError, isNotConfigured, sentence } from './errors';

function graphqlError(message: string, extensions: Record<string, unknown>) {
  return new CombinedError({ graphQLErrors: [{ message, extensions }] });
}

describe('actionable errors', () => {
  it('turns a ConnectWise code into what to do, keeping the field and the server’s words', () => {
    const error = describeActionableError(
      graphqlError('Keys rejected: check the public and private API keys and the company ID', {
        code: 'CONNECTWISE_KEYS_REJECTED',
        field: 'privateKey',
        requestId: 'req-1',
      }),
    );
    expect(error).toEqual({
      message:
        'ConnectWise Manage rejected the API keys. Check the public and private keys of the API member, or generate new keys for it.',
      detail:
        'Keys rejected: check the public and private API keys and the company ID (CONNECTWISE_KEYS_REJECTED) · Request ID req-1',
      code: 'CONNECTWISE_KEYS_REJECTED',
      field: 'privateKey',
    });
  });

  it('names the missing permission', () => {
    const error = describeActionableError(
      graphqlError('API member lacks permission Inquire Companies > Company Maintenance', {
        code: 'CONNECTWISE_PERMISSION_DENIED',
      }),
    );
    expect(error.message).toBe(
      "The API member's security role is missing a permission (Inquire Companies > Company Maintenance). Add it in ConnectWise Manage and try again.",
    );
    expect(error.field).toBeUndefined();
  });

  it('shows a specific server message as a sentence when there is nothing friendlier to say', () => {
    const error = describeActionableError(
      graphqlError('addition 700000 already serves Initech: an addition serves one organization only', {
        code: 'CONFLICT',
        field: 'additionId',
      }),
    );
    expect(error).toEqual({
      message: 'Addition 700000 already serves Initech: an addition serves one organization only.',
      detail: 'CONFLICT',
      code: 'CONFLICT',
      field: 'additionId',
    });
  });

  it('says when the server could not be reached, and that nothing was lost', () => {
    const error = describeActionableError(new CombinedError({ networkError: new Error('Failed to fetch') }));
    expect(error.message).toContain('Could not reach the highwater server');
    expect(error.detail).toBe('Failed to fetch');
  });

  it('recognises a screen that needs the integration first', () => {
    expect(isNotConfigured(graphqlError('not yet', { code: 'INTEGRATION_NOT_CONFIGURED' }))).toBe(true);
    expect(isNotConfigured(graphqlError('no', { code: 'FORBIDDEN' }))).toBe(false);
  });

  it('makes sentences of lower-case fragments', () => {
    expect(sentence('select at least one company type')).toBe('Select at least one company type.');
    expect(sentence('Already one.')).toBe('Already one.');
  });
});
