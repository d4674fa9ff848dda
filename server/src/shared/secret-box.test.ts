import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, keyIdOf } from './secret-box.js';

describe('SecretBox (AES-256-GCM secrets at rest)', () => {
  const key = randomBytes(32);

  it('round-trips a secret without the plaintext in the sealed form, with a fresh nonce each time', () => {
    const box = new SecretBox([key]);
    const first = box.seal('private-key-123');
    const second = box.seal('private-key-123');
    expect(first).not.toContain('private-key-123');
    expect(first).not.toBe(second);
    expect(box.open(first)).toBe('private-key-123');
    expect(first.split(':')[1]).toBe(keyIdOf(key));
  });

  it('fails loudly with the wrong key and on tampering', () => {
    const sealed = new SecretBox([key]).seal('secret');
    expect(() => new SecretBox([randomBytes(32)]).open(sealed)).toThrow(/sealed with key .* does not provide/);
    const parts = sealed.split(':');
    parts[4] = Buffer.from('tampered!').toString('base64url');
    expect(() => new SecretBox([key]).open(parts.join(':'))).toThrow(/failed authentication/);
  });

  it('opens values sealed with a previous key after rotation and marks them for resealing', () => {
    const sealedWithOld = new SecretBox([key]).seal('secret');
    const rotated = new SecretBox([randomBytes(32), key]);
    expect(rotated.open(sealedWithOld)).toBe('secret');
    expect(rotated.needsResealing(sealedWithOld)).toBe(true);
    expect(rotated.needsResealing(rotated.seal('secret'))).toBe(false);
  });
});
