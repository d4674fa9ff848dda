import { randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError, ErrorCode } from '../../shared/errors.js';

/** Whether a password is known from a breach (e.g. HIBP's k-anonymity range API); none is reachable here yet. */
export type BreachCheck = (password: string) => Promise<boolean>;
export const notBreached: BreachCheck = async () => false;

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
export async function checkNewPassword(password: string, email: string, isBreached: BreachCheck = notBreached): Promise<string> {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < MIN_PASSWORD_LENGTH) throw refuse(`the password must be at least ${MIN_PASSWORD_LENGTH} characters (it has ${length})`);
  if (length > MAX_PASSWORD_LENGTH) throw refuse(`the password must be at most ${MAX_PASSWORD_LENGTH} characters (it has ${length})`);
  const lower = normalized.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) throw refuse('this password is one of the most common passwords; choose another');
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) throw refuse('the password must not contain your email address');
  if (await isBreached(normalized)) throw refuse('this password appears in known data breaches; choose another');
  return normalized;
}

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
