import { randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError, ErrorCode } from '../../shared/errors.js';

/**
 * How many times a password was seen in known data breaches (Have I Been Pwned's range API, see
 * pwned-passwords/); 0 when never — or when the check is off or could not be made (it fails open).
 */
export type BreachCheck = (password: string) => Promise<number>;
export const notBreached: BreachCheck = async () => 0;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). Algorithm is a const enum in the typings, which
// isolated modules cannot inline: 2 is Argon2id (also the library's default).
const ARGON2ID: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19456, timeCost: 2, parallelism: 1 };

// The package names the list `passwords-common` (30,000 most common passwords, lower case).
const COMMON_PASSWORDS = new Set((dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));

/** NIST 800-63B: compare and hash the NFKC form, so the same password typed on another keyboard still matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

const refuse = (reason: string) => new AppError(ErrorCode.BadUserInput, reason, { field: 'password' });

/**
 * NIST 800-63B rules: 12 to 128 characters of any kind, no composition rules; refused when it is a common
 * password, contains the admin's email name, or is known from a breach.
 */
export async function checkNewPassword(password: string, email: string, breachCheck: BreachCheck = notBreached): Promise<string> {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < MIN_PASSWORD_LENGTH) throw refuse(`the password must be at least ${MIN_PASSWORD_LENGTH} characters (it has ${length})`);
  if (length > MAX_PASSWORD_LENGTH) throw refuse(`the password must be at most ${MAX_PASSWORD_LENGTH} characters (it has ${length})`);
  const lower = normalized.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) throw refuse('this password is one of the most common passwords; choose another');
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) throw refuse('the password must not contain your email address');
  // Last: the only rule that may cost a request, and the one that sends anything (5 hex characters of a hash).
  const timesSeen = await breachCheck(normalized);
  if (timesSeen > 0) throw refuse(`this password has appeared ${timesSeenText(timesSeen)} in known data breaches; choose another`);
  return normalized;
}

const timesSeenText = (times: number) => (times === 1 ? 'once' : `${times.toLocaleString('en-US')} times`);

export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalizePassword(password));
  } catch {
    return false; // a malformed stored hash: no password matches it
  }
}

let dummyHash: Promise<string> | undefined;
/** A hash no password matches, verified for unknown emails so they take as long as a wrong password. */
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hash(randomBytes(32).toString('base64url'), ARGON2ID));
}
