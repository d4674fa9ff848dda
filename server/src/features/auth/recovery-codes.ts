import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; // base32: no 0/O or 1/I to misread
const COUNT = 10;
const LENGTH = 10; // 50 random bits each

/** Ten one-time codes for when the authenticator is lost; shown once, only their hashes are kept. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: COUNT }, () => [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte % 32]).join(''));
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/** Case, spaces and dashes do not matter, as people copy codes by hand. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
}
