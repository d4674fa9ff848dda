import { hash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'hw_';

/** 32 random bytes: long enough that a plain SHA-256 (no salt, no stretching) is a safe stored form. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  // One-shot: no Hash object per request (every authenticated request hashes its token).
  return hash('sha256', token, 'hex');
}

/** Reads `Bearer <token>` (case-insensitive scheme); anything else is no token at all. */
export function tokenFromAuthorization(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
