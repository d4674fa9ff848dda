import type { CombinedError } from '@urql/core';
import { describeActionableError, type ActionableError } from '../../app/errors';

/** "Too many attempts — try again in 2 minutes": the server's wait, in the unit a person counts in. */
export function tooManyAttemptsMessage(retryAfterSeconds: unknown): string {
  if (typeof retryAfterSeconds !== 'number' || !(retryAfterSeconds > 0)) {
    return 'Too many attempts — wait a few minutes, then try again.';
  }
  const seconds = Math.ceil(retryAfterSeconds);
  if (seconds < 60) return `Too many attempts — try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts — try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

/**
 * Sign-in, setup-link and account errors. The server's messages here are already what to do ("Email or
 * password is wrong", why a password is too weak), so the code is not repeated beneath them; throttling
 * says when to come back instead of the server's wording.
 */
export function describeAuthError(error: CombinedError | undefined): ActionableError {
  const first = error?.graphQLErrors[0];
  const extensions = first?.extensions ?? {};
  const field = typeof extensions.field === 'string' ? extensions.field : undefined;
  if (extensions.code === 'TOO_MANY_ATTEMPTS') {
    return { message: tooManyAttemptsMessage(extensions.retryAfterSeconds), code: 'TOO_MANY_ATTEMPTS', field };
  }
  const described = describeActionableError(error);
  if (described.code === 'UNAUTHENTICATED' || described.code === 'BAD_USER_INPUT') {
    return { message: described.message, code: described.code, field };
  }
  return described;
}

/** The rule the client checks before sending; the server checks it again, with the rest (common, contains the email). */
export const MIN_PASSWORD_LENGTH = 12;

/** Client-side check of a new password and its repetition, so typos never reach the server. */
export function checkNewPassword(
  password: string,
  repeated: string,
): { password?: ActionableError; repeated?: ActionableError } {
  if (!password) return { password: { message: 'Choose a password.' } };
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return { password: { message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` } };
  }
  if (password !== repeated) return { repeated: { message: 'The passwords do not match. Type the same password twice.' } };
  return {};
}
