import { describe, expect, it } from 'vitest';
import { checkNewPassword, tooManyAttemptsMessage } from './auth-errors';

describe('throttled sign-in message', () => {
  it('counts seconds under a minute and whole minutes above, rounding up', () => {
    expect(tooManyAttemptsMessage(1)).toBe('Too many attempts — try again in 1 second.');
    expect(tooManyAttemptsMessage(42.2)).toBe('Too many attempts — try again in 43 seconds.');
    expect(tooManyAttemptsMessage(60)).toBe('Too many attempts — try again in 1 minute.');
    expect(tooManyAttemptsMessage(61)).toBe('Too many attempts — try again in 2 minutes.');
  });

  it('still says to wait when the server gave no time', () => {
    expect(tooManyAttemptsMessage(undefined)).toBe('Too many attempts — wait a few minutes, then try again.');
  });
});

describe('new password check', () => {
  it('wants at least 12 characters, counting letters rather than UTF-16 units', () => {
    expect(checkNewPassword('short', 'short').password?.message).toBe('Use at least 12 characters.');
    expect(checkNewPassword('🐴🐴🐴🐴🐴🐴', '🐴🐴🐴🐴🐴🐴').password?.message).toBe('Use at least 12 characters.');
    expect(checkNewPassword('correct horse', 'correct horse')).toEqual({});
  });

  it('blames the repetition when the two differ', () => {
    expect(checkNewPassword('correct horse', 'correct h0rse')).toEqual({
      repeated: { message: 'The passwords do not match. Type the same password twice.' },
    });
  });
});
